/**
 * The Origin check of every WebSocket / socket.io handshake (SFU signalling and collab), against
 * cross-site WebSocket hijacking: a browser sends the victim's session cookie with a WebSocket
 * opened by any same-site page (another port on the host, a sibling subdomain), so the cookie
 * alone proves nothing about who opened the socket. Isomorphic: no Node imports.
 *
 * - With `allowed` (ORIGIN, or the process's own list): the Origin must be one of them.
 * - Without: the Origin must name the host (and port) the request was sent to (`Host` header),
 *   which is what a same-origin page does. The scheme is not compared: a TLS-terminating proxy
 *   forwards https pages' requests over http, and one port cannot serve two schemes.
 * - No Origin header at all: allowed. Browsers always send it on WebSocket upgrades and on
 *   cross-origin requests, so its absence means a non-browser client (which holds its own
 *   cookie anyway) or a same-origin GET (socket.io's polling transport).
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed?: readonly string[] | undefined): boolean {
	if (origin === undefined) return true;
	const given = canonicalOrigin(origin);
	if (given === null) return false; // "null" (sandboxed frame, file:) or garbage
	if (allowed && allowed.length > 0) return allowed.some((a) => canonicalOrigin(a) === given);
	if (!host || !/^[a-z0-9.\-:[\]]+$/i.test(host)) return false;
	const url = new URL(given);
	try {
		// Host may carry the default port (example.it:443) that an Origin never shows.
		return url.host === new URL(`${url.protocol}//${host}`).host;
	} catch {
		return false;
	}
}

/** scheme://host[:port] with default ports dropped and lower case, or null when not an http(s) origin. */
function canonicalOrigin(value: string): string | null {
	try {
		const url = new URL(value);
		if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
		return url.origin;
	} catch {
		return null;
	}
}
