import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Db } from '#db/client.ts';
import { userFromCookieHeader, type SessionUser } from '#db/auth/session.ts';
import { CLOSE_FORBIDDEN, CLOSE_TIMEOUT, CLOSE_UNAUTHORIZED, COLLAB_PATH, parseDocName, type CollabDocRef } from '#protocol/collab.ts';
import type * as Y from 'yjs';
import { CollabConnection } from './connection.ts';
import { DocumentRegistry, type CollabPersistence } from './documents.ts';
import { originMayActFor, socketOriginAllowed } from '#protocol/origin.ts';
import { organismoByDominio } from '#db/organismi/repo.ts';

export type { CollabPersistence } from './documents.ts';

export type CollabAccess = 'write' | 'read' | 'none';

/** Decides what a signed-in user may do with a document. May query the database. */
export type CollabAuthorize = (user: SessionUser, doc: CollabDocRef) => CollabAccess | Promise<CollabAccess>;

/**
 * Admits someone without an account through a token in the `guest` query parameter (the room's
 * guest links). Returns who they are and what they may do, or null to refuse with 401.
 * Called again by reauthorize().
 */
export type CollabGuestAuthorize = (
	token: string,
	doc: CollabDocRef
) =>
	| { id: string; organismoId: string; name: string; access: CollabAccess }
	| null
	| Promise<{ id: string; organismoId: string; name: string; access: CollabAccess } | null>;

/**
 * What an application plugs into the generic engine, like hocuspocus's extensions: who may open a
 * document, guests by link, where documents are stored, what the server announces about each.
 * Accordo's verbale rules are one (server/verbale-collab.ts), wired in by the composition root.
 * An authorize answer of `undefined` means "not mine": the next extension is asked.
 */
export interface CollabExtension {
	/** For logs. */
	name?: string;
	authorize?: (user: SessionUser, doc: CollabDocRef) => CollabAccess | undefined | Promise<CollabAccess | undefined>;
	/**
	 * Accepts `?guest=<token>` when no session cookie is present, or when the session's account
	 * has no access to the document; without either, refused (401).
	 */
	authorizeGuest?: CollabGuestAuthorize;
	/** Where documents are loaded from and stored to; the first extension that has one is used. */
	persistence?: CollabPersistence | null;
	/** The status the server announces in each document's awareness (e.g. the verbale lock); extensions' answers are merged. */
	documentStatus?: (name: string, ref: CollabDocRef) => Record<string, unknown> | null;
}

/** The engine's options; like in hocuspocus the options object is itself the first extension. */
export interface CollabOptions extends Omit<CollabExtension, 'authorize'> {
	db: Db;
	/** Defaults to defaultAuthorize when no extension answers. */
	authorize?: CollabAuthorize;
	/** Asked after the options' own hooks, in order. */
	extensions?: readonly CollabExtension[];
	/** Debounce of stores while a document is edited (default 2 s after the last change)... */
	debounceMs?: number;
	/** ...and at most this long after the first unsaved change (default 10 s). */
	maxDebounceMs?: number;
	/**
	 * Accepted values of the Origin header; an upgrade with another Origin gets 403. Without them
	 * the Origin must match the request's Host (originAllowed): always checked.
	 */
	allowedOrigins?: readonly string[];
	/** Largest WebSocket message accepted; a bigger one closes the connection with 1009. */
	maxPayloadBytes?: number;
	/** Largest document (encoded state); an update beyond it closes the writer with CLOSE_TOO_LARGE. */
	maxDocumentBytes?: number;
	/** Yjs garbage collection of deleted content; turn off for documents that keep snapshots. */
	gc?: boolean;
	/** Keep-alive ping period; a connection that misses one pong is closed with CLOSE_TIMEOUT. */
	pingIntervalMs?: number;
}

export interface CollabStats {
	documents: number;
	connections: number;
}

export interface Collab {
	/**
	 * Takes an HTTP upgrade whose path starts with `${COLLAB_PATH}/` and returns true; returns
	 * false without touching the socket otherwise, so other upgrade handlers can take it.
	 */
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
	stats(): CollabStats;
	/**
	 * Re-checks the session and the access of every connection to `docName` (every connection
	 * when omitted): a lost session closes with CLOSE_UNAUTHORIZED, 'none' with CLOSE_FORBIDDEN,
	 * and 'read'/'write' take effect for the next message; the document's announced status is
	 * recomputed (documentStatus). For the verbale lock and logouts.
	 */
	reauthorize(docName?: string): Promise<void>;
	/**
	 * Runs `fn` on the live document (loading it if nobody has it open) inside one Yjs
	 * transaction; the change reaches every connection and is stored like a client edit.
	 * For server-side edits (restoring a version) and consistent reads (export, named versions).
	 */
	withDocument<T>(docName: string, fn: (doc: Y.Doc) => T): Promise<T>;
	/** Stores every pending change now (the debounce skipped); documents stay loaded. */
	flush(): Promise<void>;
	/** Closes every connection with 1001, stores and destroys every document. Idempotent. */
	close(): Promise<void>;
}

export const DEFAULT_MAX_PAYLOAD_BYTES = 2 * 1024 * 1024;
export const DEFAULT_MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
export const DEFAULT_PING_INTERVAL_MS = 30_000;
export const DEFAULT_DEBOUNCE_MS = 2_000;
export const DEFAULT_MAX_DEBOUNCE_MS = 10_000;
/** Transaction origin of edits made through withDocument(). */
export const SERVER_ORIGIN = Symbol('collab-server');
const CLOSE_GOING_AWAY = 1001;
/** How long close() waits for peers to answer the close frame before cutting them off. */
const CLOSE_GRACE_MS = 2_000;

/**
 * The access rule when no extension answers: refused. Who may read or edit a verbale follows from
 * the procedimento (db/access verbaleAccess, with the lock), which the verbale extension
 * (server/verbale-collab.ts) brings in.
 */
export const defaultAuthorize: CollabAuthorize = () => 'none';

/** The document name of a collab upgrade URL, or null when the path is not under COLLAB_PATH. */
export function docNameFromUrl(url: string | undefined): string | null {
	const path = (url ?? '').split('?', 1)[0];
	const prefix = `${COLLAB_PATH}/`;
	return path.startsWith(prefix) ? path.slice(prefix.length) : null;
}

/** Answers an upgrade request with a plain HTTP error and closes the socket. */
function refuse(socket: Duplex, status: number): void {
	if (socket.destroyed) return;
	if (!socket.writable) {
		socket.destroy();
		return;
	}
	const text = STATUS_CODES[status] ?? 'Error';
	socket.on('error', () => socket.destroy());
	socket.once('finish', () => socket.destroy());
	setTimeout(() => socket.destroy(), 1_000).unref(); // a peer that never reads must not pin it
	socket.end(
		`HTTP/1.1 ${status} ${text}\r\n` +
			'Connection: close\r\n' +
			'Content-Type: text/plain; charset=utf-8\r\n' +
			`Content-Length: ${Buffer.byteLength(text)}\r\n` +
			'\r\n' +
			text
	);
}

export function createCollab(options: CollabOptions): Collab {
	const { db, allowedOrigins } = options;
	const hooks: readonly CollabExtension[] = [options, ...(options.extensions ?? [])];
	const authorize = async (user: SessionUser, ref: CollabDocRef): Promise<CollabAccess> => {
		for (const h of hooks) {
			const access = await h.authorize?.(user, ref);
			if (access !== undefined) return access;
		}
		return defaultAuthorize(user, ref);
	};
	const authorizeGuest = async (token: string, ref: CollabDocRef) => {
		for (const h of hooks) {
			const guest = await h.authorizeGuest?.(token, ref);
			if (guest) return guest;
		}
		return null;
	};
	const statusHooks = hooks.flatMap((h) => (h.documentStatus ? [h.documentStatus] : []));
	const documentStatus =
		statusHooks.length === 0
			? undefined
			: (name: string, ref: CollabDocRef) => {
					const parts = statusHooks.map((f) => f(name, ref)).filter((p) => p !== null);
					return parts.length === 0 ? null : Object.assign({}, ...parts);
				};
	const maxPayload = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
	const registry = new DocumentRegistry(hooks.find((h) => h.persistence)?.persistence ?? null, {
		gc: options.gc ?? true,
		maxDocumentBytes: options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES,
		status: documentStatus,
		debounceMs: options.debounceMs ?? DEFAULT_DEBOUNCE_MS,
		maxDebounceMs: options.maxDebounceMs ?? DEFAULT_MAX_DEBOUNCE_MS
	});
	// perMessageDeflate stays off (the ws default): compression costs memory per connection and
	// would let a small frame inflate past maxPayload's intent.
	const wss = new WebSocketServer({ noServer: true, maxPayload });
	const connections = new Set<CollabConnection>();
	const pendingUpgrades = new Set<Promise<void>>();
	let closing: Promise<void> | null = null;

	const heartbeat = setInterval(() => {
		for (const conn of [...connections]) conn.heartbeat(CLOSE_TIMEOUT);
	}, options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS);
	heartbeat.unref();

	async function accept(req: IncomingMessage, socket: Duplex, head: Buffer, docName: string): Promise<void> {
		// Until ws owns the socket, a reset from the peer must not become an uncaught 'error'.
		const onSocketError = () => socket.destroy();
		socket.on('error', onSocketError);
		try {
			if (closing) return refuse(socket, 503);
			const origin = req.headers.origin;
			const organismoOfHost = (h: string) => organismoByDominio(db, h);
			if (!socketOriginAllowed(origin, req.headers.host, allowedOrigins, organismoOfHost)) return refuse(socket, 403);
			const cookieHeader = req.headers.cookie;
			const ref = parseDocName(docName);
			const sessionUser = userFromCookieHeader(db, cookieHeader);
			const linkToken = guestTokenFromUrl(req.url);
			if (!sessionUser && !linkToken) return refuse(socket, 401);
			if (!ref) return refuse(socket, 404);
			let who = sessionUser ? { user: sessionUser, access: await authorize(sessionUser, ref) } : null;
			// A guest link decides when there is no session, or when the browser's account has no
			// access here (a lawyer logged in for another case opening a link sent for this one).
			let guestToken: string | undefined;
			if ((!who || who.access === 'none') && linkToken) {
				const guest = await guestIdentity(linkToken, ref);
				if (guest) [who, guestToken] = [guest, linkToken];
			}
			if (!who) return refuse(socket, 401);
			const { user, access } = who;
			if (access === 'none') return refuse(socket, 403);
			if (!originMayActFor(origin, user.organismoId, organismoOfHost)) return refuse(socket, 403);
			if (closing) return refuse(socket, 503);

			// Load before the 101 answer, so no message can arrive for a document still loading.
			const doc = await registry.acquire(docName, ref);
			if (socket.destroyed) return registry.release(docName); // the peer gave up meanwhile
			let attached = false;
			socket.once('close', () => {
				if (!attached) registry.release(docName); // ws refused the handshake or the peer left
			});
			if (closing) return refuse(socket, 503);
			wss.handleUpgrade(req, socket, head, (ws) => {
				attached = true;
				const conn = new CollabConnection(
					ws,
					{ user, doc, access, cookieHeader, guestToken },
					{
						maxBufferedBytes: 8 * maxPayload,
						onDetach: (c) => {
							connections.delete(c);
							registry.release(docName);
						}
					}
				);
				connections.add(conn);
			});
		} finally {
			socket.off('error', onSocketError);
		}
	}

	async function guestIdentity(token: string, ref: CollabDocRef): Promise<{ user: SessionUser; access: CollabAccess } | null> {
		const guest = await authorizeGuest(token, ref);
		if (!guest) return null;
		// A guest has no account: this stand-in identity only names them in logs.
		const user: SessionUser = {
			id: guest.id,
			organismoId: guest.organismoId,
			membershipId: '',
			email: '',
			nome: guest.name,
			cognome: '',
			role: 'parte'
		};
		return { user, access: guest.access };
	}

	async function recheck(conn: CollabConnection): Promise<void> {
		let access: CollabAccess;
		if (conn.guestToken !== undefined) {
			const who = await guestIdentity(conn.guestToken, conn.doc.ref);
			if (!who) return conn.close(CLOSE_UNAUTHORIZED, 'guest link no longer valid');
			access = who.access;
		} else {
			const user = userFromCookieHeader(db, conn.cookieHeader);
			if (!user) return conn.close(CLOSE_UNAUTHORIZED, 'session ended');
			access = await authorize(user, conn.doc.ref);
		}
		if (access === 'none') return conn.close(CLOSE_FORBIDDEN, 'access revoked');
		conn.access = access;
	}

	const collab: Collab = {
		handleUpgrade(req, socket, head) {
			const docName = docNameFromUrl(req.url);
			if (docName === null) return false;
			const done: Promise<void> = accept(req, socket, head, docName)
				.catch((err: unknown) => {
					console.error(`[collab] upgrade to ${docName} failed`, err);
					refuse(socket, 500);
				})
				.finally(() => pendingUpgrades.delete(done));
			pendingUpgrades.add(done);
			return true;
		},

		stats() {
			return { documents: registry.size, connections: connections.size };
		},

		async reauthorize(docName) {
			if (docName !== undefined) registry.refreshStatus(docName);
			const targets = [...connections].filter((c) => docName === undefined || c.doc.name === docName);
			await Promise.all(
				targets.map((conn) =>
					recheck(conn).catch((err: unknown) => {
						console.error(`[collab] reauthorize failed for ${conn.doc.name}; closing`, err);
						conn.close(CLOSE_FORBIDDEN, 'access check failed');
					})
				)
			);
		},

		async withDocument(docName, fn) {
			if (closing) throw new Error('The collab server is shutting down');
			const ref = parseDocName(docName);
			if (!ref) throw new TypeError(`Invalid collab document name: ${docName}`);
			const doc = await registry.acquire(docName, ref);
			try {
				let result: ReturnType<typeof fn> | undefined;
				doc.ydoc.transact(() => {
					result = fn(doc.ydoc);
				}, SERVER_ORIGIN);
				return result as ReturnType<typeof fn>;
			} finally {
				registry.release(docName);
			}
		},

		flush() {
			return registry.flushAll();
		},

		close() {
			closing ??= (async () => {
				clearInterval(heartbeat);
				for (const conn of [...connections]) conn.close(CLOSE_GOING_AWAY, 'server shutting down');
				await Promise.allSettled([...pendingUpgrades]);
				await registry.closeAll();
				await new Promise<void>((resolve) => {
					const cutoff = setTimeout(() => {
						for (const ws of wss.clients) ws.terminate();
					}, CLOSE_GRACE_MS);
					cutoff.unref();
					wss.close(() => {
						clearTimeout(cutoff);
						resolve();
					});
				});
			})();
			return closing;
		}
	};
	return collab;
}

/** The `guest` query parameter of an upgrade URL (a room guest link token), if any. */
function guestTokenFromUrl(url: string | undefined): string | undefined {
	const query = (url ?? '').split('?')[1];
	if (!query) return undefined;
	const token = new URLSearchParams(query).get('guest');
	return token && token.length <= 2048 ? token : undefined;
}
