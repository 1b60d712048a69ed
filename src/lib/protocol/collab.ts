/**
 * Wire vocabulary of the collab service (the y-websocket protocol on `/collab/<docName>`), shared
 * by the browser, the collab process and the tests. Isomorphic: no Node or browser imports.
 *
 * A client connects with `new WebsocketProvider(`${wsOrigin}${COLLAB_PATH}`, docName, ydoc)`;
 * y-websocket appends `/<docName>` to the URL.
 */

/** URL path prefix of the collab WebSocket endpoint. */
export const COLLAB_PATH = '/collab';

// Close codes in the 4000-4999 application range, aligned with hocuspocus's CloseEvents and the
// HTTP status they mirror. Refusals before the upgrade are plain HTTP answers (401/403/404);
// these codes are for a connection that is already open.
/** The session is missing, expired or revoked. */
export const CLOSE_UNAUTHORIZED = 4401;
/** The user may no longer open this document (for example, removed from the procedimento). */
export const CLOSE_FORBIDDEN = 4403;
/** The peer stopped answering keep-alive pings. */
export const CLOSE_TIMEOUT = 4408;
/** The document would grow beyond the server's size limit; retrying will not help. */
export const CLOSE_TOO_LARGE = 4413;

/**
 * y-websocket message type of the server's status channel (after sync 0, awareness 1, auth 2,
 * queryAwareness 3): `varString(JSON.stringify(CollabStatus))`, written only by the server. The
 * lock travels here, not in awareness, which every client can write.
 */
export const MESSAGE_STATUS = 5;

export interface CollabStatus {
	/** The document's status (for a verbale: `{ locked }`), sent at connect and on every change. */
	document?: Record<string, unknown> | null;
	/** An edit of this client was refused (read-only connection or locked document): not stored. */
	refused?: 'read-only';
}

/** Close codes after which a client should stop reconnecting and tell the user why. */
export const TERMINAL_CLOSE_CODES: readonly number[] = [CLOSE_UNAUTHORIZED, CLOSE_FORBIDDEN, CLOSE_TOO_LARGE];

/**
 * For y-websocket's `shouldReconnect` option. Its default treats every 4400-4499 code as final,
 * which would include CLOSE_TIMEOUT; a timed-out connection should reconnect.
 */
export function collabShouldReconnect(event: { code: number }): boolean {
	return !TERMINAL_CLOSE_CODES.includes(event.code);
}

/** Ids in document names: lower-case letters and digits (db/shared/ids.ts emits base32), 1 to 40 chars. */
const ID = /^[a-z0-9]{1,40}$/;

/** The one kind of shared document: the verbale (minutes) of one document of a procedimento. */
export type CollabDocRef = { kind: 'verbale'; procedimentoId: string; documentId: string };

export type CollabDocKind = CollabDocRef['kind'];

function assertId(what: string, id: string): void {
	if (!ID.test(id)) throw new TypeError(`Invalid ${what} for a collab document name: ${JSON.stringify(id)}`);
}

export function verbaleDocName(procedimentoId: string, documentId: string): string {
	assertId('procedimentoId', procedimentoId);
	assertId('documentId', documentId);
	return `verbale.${procedimentoId}.${documentId}`;
}

/** Parses a document name; null for anything that is not exactly one of the known shapes. */
export function parseDocName(name: string): CollabDocRef | null {
	const parts = name.split('.');
	if (!parts.every((p) => ID.test(p))) return null;
	if (parts[0] === 'verbale' && parts.length === 3) {
		return { kind: 'verbale', procedimentoId: parts[1], documentId: parts[2] };
	}
	return null;
}
