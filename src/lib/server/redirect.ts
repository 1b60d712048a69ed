/** Where a user goes after login when no (acceptable) destination was asked for. */
export const DEFAULT_AFTER_LOGIN = '/dashboard';

/**
 * A post-login destination, only when it stays on this site: the target is resolved the way a
 * browser resolves it (`new URL(target, origin)`) and must keep the same origin. A browser drops
 * tabs and newlines inside URLs (`/\t/evil.example` becomes `//evil.example`) and reads `\` as
 * `/`, so targets containing control characters or backslashes are refused before parsing; so are
 * targets that are not paths. Returns the path + query + hash to redirect to.
 */
export function safeRedirectTarget(target: string | null | undefined, origin: string | URL): string {
	if (!target?.startsWith('/') || target.length > 500) return DEFAULT_AFTER_LOGIN;
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f\\]/.test(target)) return DEFAULT_AFTER_LOGIN;
	let base: URL;
	let url: URL;
	try {
		base = new URL(origin);
		url = new URL(target, base);
	} catch {
		return DEFAULT_AFTER_LOGIN;
	}
	if (url.origin !== base.origin || url.username || url.password) return DEFAULT_AFTER_LOGIN;
	const path = url.pathname + url.search + url.hash;
	return path.startsWith('//') ? DEFAULT_AFTER_LOGIN : path;
}
