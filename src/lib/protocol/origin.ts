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

/** The host name (lower case, no port) of an http(s) Origin header, or null. */
export function originHostname(origin: string | undefined): string | null {
	if (origin === undefined) return null;
	const canonical = canonicalOrigin(origin);
	return canonical === null ? null : new URL(canonical).hostname;
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

/** The Organismo whose own domain (organismi.dominio) a host name is, or null: a database look-up given by the caller. */
export type OrganismoOfHost = (hostname: string) => string | null;

/**
 * Per-Organismo addressing for the sockets: besides the installation's own origins (`allowed`),
 * each Organismo's own domain is an allowed origin. Without `allowed` the Host rule already
 * accepts a page served on that domain.
 */
export function socketOriginAllowed(
	origin: string | undefined,
	host: string | undefined,
	allowed: readonly string[] | undefined,
	organismoOfHost: OrganismoOfHost
): boolean {
	if (originAllowed(origin, host, allowed)) return true;
	const hostname = originHostname(origin);
	return allowed !== undefined && allowed.length > 0 && hostname !== null && organismoOfHost(hostname) !== null;
}

/** A connection opened from an Organismo's own domain acts only for that Organismo (its members and its guests). */
export function originMayActFor(origin: string | undefined, organismoId: string, organismoOfHost: OrganismoOfHost): boolean {
	const hostname = originHostname(origin);
	const bound = hostname === null ? null : organismoOfHost(hostname);
	return bound === null || bound === organismoId;
}
