import type { Handle, HandleServerError } from '@sveltejs/kit';
import { redirect, error } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { SESSION_COOKIE, validateSessionToken } from '#db/auth/session.ts';
import { canManageUsers, canViewAudit, loadActor } from '#db/access/index.ts';
import { getDb } from '$lib/server/db';
import { deleteSessionCookie, setSessionCookie } from '$lib/server/auth';
import { reauthorizeLiveConnections } from '$lib/server/live';
import { securityHeaders } from '$lib/security/headers';
import { limitBody } from '$lib/server/body-limit';

const handleSession: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.account = null;
	event.locals.session = null;
	event.locals.actor = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const db = getDb();
		const result = validateSessionToken(db, token);
		if (result.session) {
			event.locals.user = result.user;
			event.locals.account = result.account;
			event.locals.session = result.session;
			event.locals.account = result.account;
			event.locals.actor = result.user ? loadActor(db, result.user) : null;
			if (result.renewed) setSessionCookie(event, token, result.session.expiresAt);
		} else {
			deleteSessionCookie(event); // expired, revoked or tampered
		}
	}
	return resolve(event);
};

// '/stanza/' = guest entry by personal link (the signed token is checked by the page and the SFU).
// /stanza/<token> and /ics/<token>.ics authenticate by their own signed or secret token;
// /invito/<token> by its one-time link; /o/<slug>/login is an Organismo's own login page;
// /firma/<token> is a signing recipient's personal link (checked by the page on every request).
const PUBLIC_PREFIXES = ['/login', '/logout', '/_app/', '/favicon', '/stanza/', '/ics/', '/invito/', '/o/', '/firma/'];
/** Where a signed-in person without a current Organismo may go (the picker, the platform console). */
const ACCOUNT_PREFIXES = ['/scegli-organismo', '/piattaforma'];

/** Coarse gate for every request; actions and endpoints re-check their own permission too. */
const handleGuard: Handle = async ({ event, resolve }) => {
	const path = event.url.pathname;
	const isPublic = PUBLIC_PREFIXES.some((p) => path === p || path.startsWith(p));
	const user = event.locals.actor;
	const account = event.locals.account;
	if (!isPublic && !user && account && ACCOUNT_PREFIXES.some((p) => path === p || path.startsWith(p + '/'))) return resolve(event);
	if (!isPublic && !user && account) {
		// Signed in but no Organismo picked (several memberships, or a platform operator).
		if (event.request.method === 'GET') redirect(303, account.operatore ? '/piattaforma' : '/scegli-organismo');
		error(403, { message: 'Scegli prima l’organismo in cui lavorare.', code: 'forbidden' });
	}
	if (!isPublic && !user) {
		if (event.request.method === 'GET') redirect(303, `/login?redirectTo=${encodeURIComponent(path + event.url.search)}`);
		error(401, { message: 'Sessione scaduta: accedi di nuovo.', code: 'unauthorized' });
	}
	// Role gates for state-changing requests (form actions, endpoints). Page loads re-check the same
	// rule themselves and throw there, so a GET gets the Italian error page inside the layout.
	if (user && event.request.method !== 'GET') {
		if (path.startsWith('/admin/utenti') && !canManageUsers(user))
			error(403, { message: 'Operazione riservata agli amministratori.', code: 'forbidden' });
		if (path.startsWith('/admin/registro') && !canViewAudit(user))
			error(403, { message: "Operazione riservata all'amministrazione.", code: 'forbidden' });
	}
	return resolve(event);
};

/**
 * After every state-changing request (form action or endpoint, whatever its outcome), the open
 * room and verbale connections of this process re-check their rights against the case rules
 * (reauthorizeLiveConnections): an assignment revoked or reassigned, a party or lawyer changed, a
 * user deactivated or given another role reaches people already inside at once, before the
 * response is sent, without each action having to remember it. /login only adds a session.
 */
const handleLiveRecheck: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const method = event.request.method;
	if (method !== 'GET' && method !== 'HEAD' && event.url.pathname !== '/login') {
		try {
			await reauthorizeLiveConnections();
		} catch (err) {
			console.error('accordo: live re-authorization failed', err);
		}
	}
	return response;
};

/**
 * A page whose query string had a filter it could not read still renders (with its form and the
 * Italian reasons, parseFilters in $lib/server/validation.ts), but answers 400: the request was
 * bad, and a client or crawler must not take the default view for what it asked. Client-side
 * navigations (__data.json) keep 200, as SvelteKit's router expects.
 */
const handleBadQuery: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (!event.locals.badQuery || response.status !== 200 || event.isDataRequest) return response;
	return new Response(response.body, { status: 400, headers: response.headers });
};

/** Bodies bounded per route before anything parses them (src/lib/server/body-limit.ts). */
const handleBodyLimit: Handle = async ({ event, resolve }) => {
	const method = event.request.method;
	if (method !== 'GET' && method !== 'HEAD') await limitBody(event);
	return resolve(event);
};

/**
 * Frame, sniffing, referrer, permissions and HSTS headers on every response SvelteKit produces
 * (src/lib/security/headers.ts); the CSP is SvelteKit's own (kit.csp). A header a route set
 * itself is kept.
 */
const handleSecurityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	for (const [name, value] of Object.entries(securityHeaders(event.url))) {
		if (!response.headers.has(name)) response.headers.set(name, value);
	}
	return response;
};

export const handle = sequence(handleSecurityHeaders, handleBadQuery, handleBodyLimit, handleSession, handleLiveRecheck, handleGuard);

/** Client errors SvelteKit raises itself (body over BODY_SIZE_LIMIT, unreadable form), in Italian. */
const CLIENT_ERRORS: Record<number, string> = {
	400: 'Richiesta non valida.',
	405: 'Operazione non consentita su questa pagina.',
	413: 'Il contenuto inviato è troppo grande.',
	415: 'Formato del contenuto inviato non supportato.'
};

export const handleError: HandleServerError = ({ error: err, status }) => {
	if (status === 404) return { message: 'Pagina non trovata.', code: 'not_found' };
	if (status >= 400 && status < 500) return { message: CLIENT_ERRORS[status] ?? 'Richiesta non valida.', code: 'bad_request' };
	console.error('accordo: unexpected error', err);
	return { message: 'Si è verificato un errore imprevisto. Riprova tra poco.', code: 'internal' };
};
