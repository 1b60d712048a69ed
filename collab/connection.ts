import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { applyAwarenessUpdate } from 'y-protocols/awareness';
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';
import { WebSocket, type RawData } from 'ws';
import type { SessionUser } from '#db/auth/session.ts';
import { CLOSE_TOO_LARGE } from '#protocol/collab.ts';
import { encodeCollabStatus } from '#protocol/collab-status.ts';
import { sanitizeAwarenessUpdate } from './awareness.ts';
import { MESSAGE_AWARENESS, MESSAGE_SYNC, type CollabDocument, type Peer } from './documents.ts';

export type ConnectionAccess = 'write' | 'read';

/** The name others see in this connection's presence: the account's, or the guest link's. */
function displayName(user: SessionUser): string {
	return `${user.nome} ${user.cognome}`.trim() || 'Partecipante';
}

/** RFC 6455 codes used here besides the protocol's 44xx ones. */
const CLOSE_UNSUPPORTED_DATA = 1003;
const CLOSE_INVALID_PAYLOAD = 1007;
const CLOSE_TRY_AGAIN_LATER = 1013;

export interface ConnectionOptions {
	/** Close a peer that does not drain its socket: its backlog would otherwise grow without bound. */
	maxBufferedBytes: number;
	/** Called once, when the connection leaves its document (close, error or server decision). */
	onDetach: (conn: CollabConnection) => void;
}

/**
 * One WebSocket speaking the y-websocket protocol for one document.
 *
 * The protocol is handled here rather than by @y/websocket-server's setupWSConnection, which
 * applies every sync message it receives, so it cannot express a read-only connection.
 * A read-only connection still gets the full state, live updates and presence, and may answer
 * the sync handshake, but its sync step 2 and update messages are dropped unread: they are the
 * only messages that change the document; the writer is told on the status channel. Its
 * awareness (presence, cursor) is relayed, as in hocuspocus's readOnly mode, once sanitised.
 */
export class CollabConnection implements Peer {
	readonly socket: WebSocket;
	readonly user: SessionUser;
	readonly doc: CollabDocument;
	/** Kept to re-check the session in reauthorize(); never logged. */
	readonly cookieHeader: string | undefined;
	/** Set for a guest (no account) admitted by a room link token; re-checked likewise. */
	readonly guestToken: string | undefined;
	access: ConnectionAccess;
	readonly awarenessClients = new Set<number>();
	/** Cleared before each keep-alive ping, set again by the pong or any message. */
	alive = true;
	readonly #opts: ConnectionOptions;
	#detached = false;
	#lastRefusalAt = 0;

	constructor(
		socket: WebSocket,
		init: {
			user: SessionUser;
			doc: CollabDocument;
			access: ConnectionAccess;
			cookieHeader: string | undefined;
			guestToken?: string;
		},
		opts: ConnectionOptions
	) {
		this.socket = socket;
		this.user = init.user;
		this.doc = init.doc;
		this.access = init.access;
		this.cookieHeader = init.cookieHeader;
		this.guestToken = init.guestToken;
		this.#opts = opts;
		socket.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
		socket.on('pong', () => {
			this.alive = true;
		});
		socket.on('close', () => this.#detach());
		socket.on('error', (err) => {
			// ws closes the socket itself after an error (1009 for a message above maxPayload).
			if ((err as { code?: string }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
				console.warn(`[collab] message above the size limit from user ${this.user.id} on ${this.doc.name}`);
			}
			this.#detach();
		});
		this.doc.addPeer(this);
	}

	send(message: Uint8Array): void {
		if (this.#detached || this.socket.readyState !== WebSocket.OPEN) return;
		if (this.socket.bufferedAmount > this.#opts.maxBufferedBytes) {
			this.close(CLOSE_TRY_AGAIN_LATER, 'too slow');
			return;
		}
		this.socket.send(message);
	}

	/** Leaves the document at once, then closes the socket (ws destroys it if the peer never answers). */
	close(code: number, reason: string): void {
		this.#detach();
		if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) {
			this.socket.close(code, reason);
		}
	}

	/** Keep-alive step: closes with `timeoutCode` when nothing came back since the last ping. */
	heartbeat(timeoutCode: number): void {
		if (!this.alive) return this.close(timeoutCode, 'no pong');
		this.alive = false;
		if (this.socket.readyState === WebSocket.OPEN) this.socket.ping();
	}

	#detach(): void {
		if (this.#detached) return;
		this.#detached = true;
		this.doc.removePeer(this);
		this.#opts.onDetach(this);
	}

	#onMessage(data: RawData, isBinary: boolean): void {
		if (this.#detached) return;
		this.alive = true;
		if (!isBinary) return this.close(CLOSE_UNSUPPORTED_DATA, 'binary frames only');
		// binaryType is the default 'nodebuffer': fragments arrive already concatenated.
		const message = data as Buffer;
		try {
			this.#handle(decoding.createDecoder(message));
		} catch {
			this.close(CLOSE_INVALID_PAYLOAD, 'malformed message');
		}
	}

	#handle(decoder: decoding.Decoder): void {
		switch (decoding.readVarUint(decoder)) {
			case MESSAGE_SYNC:
				return this.#handleSync(decoder);
			case MESSAGE_AWARENESS: {
				// Presence is checked like any input: own entries only, no `server` field, a hex
				// colour, the name the server knows (collab/awareness.ts).
				const update = sanitizeAwarenessUpdate(decoding.readVarUint8Array(decoder), {
					name: displayName(this.user),
					id: this.user.id,
					mayWrite: (clientId) => this.doc.mayWriteAwareness(this, clientId)
				});
				if (update) applyAwarenessUpdate(this.doc.awareness, update, this);
				return;
			}
			default:
				// y-websocket clients send only sync and awareness; auth (2) and queryAwareness (3)
				// travel from server to client. Ignore anything else, as y-websocket-server does.
				return;
		}
	}

	#handleSync(decoder: decoding.Decoder): void {
		const type = decoding.readVarUint(decoder);
		if (type === messageYjsSyncStep1) {
			// y-protocols' readSyncStep1, answered through the document (it may reuse stored bytes).
			const vector = decoding.readVarUint8Array(decoder);
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			encoding.writeVarUint(encoder, messageYjsSyncStep2);
			encoding.writeVarUint8Array(encoder, this.doc.missingFor(vector));
			this.send(encoding.toUint8Array(encoder));
			return;
		}
		if (type !== messageYjsSyncStep2 && type !== messageYjsUpdate) throw new Error(`unknown sync message ${type}`);
		if (this.access !== 'write') {
			// Read-only (or locked meanwhile): dropped unread, and the writer is told, at most once
			// a second, so its editor can say the edit was not saved instead of losing it silently.
			const now = Date.now();
			if (now - this.#lastRefusalAt >= 1000) {
				this.#lastRefusalAt = now;
				this.send(encodeCollabStatus({ refused: 'read-only', document: this.doc.status }));
			}
			return;
		}
		const update = decoding.readVarUint8Array(decoder);
		if (this.doc.applyClientUpdate(update, this) === 'too-large') {
			console.warn(`[collab] document ${this.doc.name} reached its size limit; closing the writer`);
			this.close(CLOSE_TOO_LARGE, 'document too large');
		}
	}
}
