/**
 * The security headers of every response SvelteKit renders (pages, endpoints, form actions).
 * The Content-Security-Policy itself is SvelteKit's (kit.csp in svelte.config.js: a nonce on its
 * own inline bootstrap script, nothing else inline may run); these are the headers around it.
 * Shared by server and client: the client uses isRoomPath to load the room as a new document.
 */

/** The pages that use camera, microphone and screen: the case room and the guest room link. */
export function isRoomPath(pathname: string): boolean {
	return /^\/procedimenti\/[^/]+\/stanza\/?$/.test(pathname) || /^\/stanza\/[^/]+\/?$/.test(pathname);
}

/** Powerful features nobody in Accordo uses: off on every page. */
const ALWAYS_OFF = ['geolocation', 'payment', 'usb', 'serial', 'bluetooth', 'hid', 'midi', 'accelerometer', 'gyroscope', 'magnetometer'];
/** What the room needs (mediasoup-client: getUserMedia, getDisplayMedia); only there, and only for this origin. */
const ROOM_ONLY = ['camera', 'microphone', 'display-capture'];

export function permissionsPolicy(pathname: string): string {
	const room = isRoomPath(pathname);
	return [...ROOM_ONLY.map((f) => `${f}=${room ? '(self)' : '()'}`), ...ALWAYS_OFF.map((f) => `${f}=()`)].join(', ');
}

/** One year; no includeSubDomains: an Organismo's own website may live on a sibling subdomain. */
export const HSTS = 'max-age=31536000';

/**
 * Headers for a response to `url` (the request's URL as SvelteKit sees it: with ORIGIN set, its
 * protocol is ORIGIN's; behind plain http it is http and no HSTS is sent, browsers ignore it there).
 */
export function securityHeaders(url: URL): Record<string, string> {
	const headers: Record<string, string> = {
		// The CSP's frame-ancestors 'none' is the modern rule; X-Frame-Options for older browsers.
		'x-frame-options': 'DENY',
		'x-content-type-options': 'nosniff',
		// Guest room links and ICS feeds carry their token in the path: never send it to another site.
		'referrer-policy': 'same-origin',
		'permissions-policy': permissionsPolicy(url.pathname),
		'cross-origin-opener-policy': 'same-origin'
	};
	if (url.protocol === 'https:') headers['strict-transport-security'] = HSTS;
	return headers;
}
