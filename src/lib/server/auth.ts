import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { error, redirect } from '@sveltejs/kit';
import { SESSION_COOKIE } from '#db/auth/session.ts';
import type { UserActor } from '#db/access/index.ts';
import type { SessionUser } from '#db/auth/session.ts';

export function setSessionCookie(event: { cookies: Cookies; url: URL }, token: string, expiresAt: Date): void {
	event.cookies.set(SESSION_COOKIE, token, {
		httpOnly: true,
		sameSite: 'lax',
		secure: event.url.protocol === 'https:',
		expires: expiresAt,
		path: '/'
	});
}

export function deleteSessionCookie(event: { cookies: Cookies; url: URL }): void {
	event.cookies.delete(SESSION_COOKIE, { path: '/', secure: event.url.protocol === 'https:' });
}

/** The signed-in user as an access-rule Actor; redirects to the login page when signed out. */
export function requireActor(event: Pick<RequestEvent, 'locals' | 'url'>): UserActor & SessionUser {
	const actor = event.locals.actor;
	if (!actor) redirect(303, `/login?redirectTo=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	return actor;
}

/** Re-checks a permission inside an action or endpoint (layouts do not protect them). */
export function requirePermission(allowed: boolean, message = 'Non hai i permessi per questa pagina o operazione.'): void {
	if (!allowed) error(403, { message, code: 'forbidden' });
}
