import { error, type RequestEvent } from '@sveltejs/kit';

/** Largest body of an ordinary form or endpoint (logins, filters, moderation): a few KB of fields. */
export const SMALL_BODY_LIMIT = 64 * 1024;

/**
 * Routes (SvelteKit route ids) that take more than SMALL_BODY_LIMIT. `null` = files: they keep
 * adapter-node's BODY_SIZE_LIMIT (20 MB) and are authenticated (handleGuard). A form that
 * URL-encodes a long text needs up to 6 bytes per accented character (UTF-8, then %XX).
 * A new upload or long-text route is added here (its test: tests/e2e/body-limits.spec.ts).
 */
export const ROUTE_BODY_LIMITS: Readonly<Record<string, number | null>> = {
	'/procedimenti/[id]/documenti': null, // fascicolo uploads
	'/procedimenti/[id]/stanza': null, // files shared in the room
	'/procedimenti/[id]/firma/[processoId]/destinatario/[destinatarioId]': null, // a signed PAdES / .p7m
	'/firma/[token]': null, // the same upload through a recipient's personal link
	'/o/[slug]/adesione/avvocato/[token]': null, // the lawyer completes an adhesion with its documents (signed-in only)
	'/procedimenti/[id]/deposito': null, // deposito atti from the portals
	'/admin/firma': null, // trust store: CA certificates and trusted-list XML (the EU list is a few MB)
	'/admin/modelli': 512 * 1024, // letter templates: 50,000 characters
	'/admin/caselle': 1024 * 1024, // PEC mailbox with its trusted certificates: 200,000 PEM characters
	'/mediatori/dichiarazione': 128 * 1024 // declaration of independence: 10,000 characters
};

export function bodyLimitFor(routeId: string | null): number | null {
	if (routeId && routeId in ROUTE_BODY_LIMITS) return ROUTE_BODY_LIMITS[routeId] ?? null;
	return SMALL_BODY_LIMIT;
}

function tooLarge(): never {
	error(413, { message: 'Il contenuto inviato è troppo grande.', code: 'too_large' });
}

/**
 * Bounds the body of `event.request` by the route's limit before anything parses it.
 * A declared Content-Length over the limit is refused without reading a byte; a body without
 * one (chunked) is read up to the limit, and at the first byte over it reading stops (the rest
 * is never buffered) and the request is refused. A body within the limit is handed on, read
 * once, as a new Request. 413 with an Italian message either way.
 */
export async function limitBody(event: RequestEvent): Promise<void> {
	const limit = bodyLimitFor(event.route.id);
	if (limit === null) return;
	const request = event.request;
	const declared = request.headers.get('content-length');
	if (declared !== null) {
		// adapter-node already refuses a body longer than its declared length.
		if (Number(declared) > limit) tooLarge();
		return;
	}
	if (!request.body) return;
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > limit) {
			// Stop reading (adapter-node pauses the socket): the 413 goes out and the connection closes.
			reader.releaseLock();
			tooLarge();
		}
		chunks.push(value);
	}
	const body = new Uint8Array(size);
	let at = 0;
	for (const c of chunks) {
		body.set(c, at);
		at += c.byteLength;
	}
	event.request = new Request(request, { body, headers: request.headers });
}
