import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { writeSyncStep1, writeUpdate } from 'y-protocols/sync';
import type { CollabDocRef } from '#protocol/collab.ts';
import { encodeCollabStatus } from '#protocol/collab-status.ts';
import { MAX_CLIENTS_PER_CONNECTION } from './awareness.ts';

/**
 * Where document state lives between connections. collab/sqlite-persistence.ts is the SQLite
 * implementation (incremental updates plus compaction); it seeds verbale templates inside `load`
 * when nothing is stored yet (seeding on the client duplicates content on every new client).
 */
export interface CollabPersistence {
	/** The stored state as one Yjs update, or null for a document never stored. */
	load(name: string, ref: CollabDocRef): Promise<Uint8Array | null> | Uint8Array | null;
	/**
	 * Stores a document: `update` holds the changes since the last successful store, so an
	 * implementation may append it and now and then compact to the full state, which `state()`
	 * encodes on demand (it costs as much as the whole document). Called debounced while the
	 * document is edited, on unload and on close().
	 */
	store(name: string, ref: CollabDocRef, state: () => Uint8Array, update: Uint8Array): Promise<void> | void;
}

/** Transaction origin of state that came from persistence (not a client edit). */
export const LOAD_ORIGIN = Symbol('collab-load');

/** y-websocket message types (first varUint of every frame). */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;

/** What a document needs from a connection to fan out changes. */
export interface Peer {
	send(message: Uint8Array): void;
	/** Awareness client ids announced through this connection, removed when it leaves. */
	readonly awarenessClients: Set<number>;
}

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

export interface DocumentOptions {
	gc: boolean;
	maxDocumentBytes: number;
	/** What the server announces about a document on the status channel, e.g. `{ locked: true }`; null for nothing. */
	status?: (name: string, ref: CollabDocRef) => Record<string, unknown> | null;
}

/** One live document: the Y.Doc, its awareness (presence, cursors), its peers and a dirty flag. */
export class CollabDocument {
	readonly name: string;
	readonly ref: CollabDocRef;
	readonly ydoc: Y.Doc;
	readonly awareness: Awareness;
	readonly peers = new Set<Peer>();
	/** True when the state changed since the last successful store. */
	dirty = false;
	/**
	 * State vector of what the persistence holds: the next store sends the difference from it
	 * (one encode; merging the keystrokes of 10 s one by one cost ~10x more).
	 */
	storedVector: Uint8Array;
	/** Called after every change that must be stored (not for state loaded from persistence). */
	onChange: (() => void) | null = null;
	readonly #maxBytes: number;
	/** Upper bound of the encoded size; recomputed exactly only when it crosses the cap. */
	#sizeEstimate = 0;
	/** The stored state this document was loaded from, until its first change (see missingFor). */
	#loaded: Uint8Array | null = null;
	#status: Record<string, unknown> | null = null;

	constructor(name: string, ref: CollabDocRef, opts: DocumentOptions, initialState: Uint8Array | null) {
		this.name = name;
		this.ref = ref;
		this.#maxBytes = opts.maxDocumentBytes;
		this.ydoc = new Y.Doc({ gc: opts.gc });
		if (initialState) {
			Y.applyUpdate(this.ydoc, initialState, LOAD_ORIGIN);
			this.#sizeEstimate = initialState.byteLength;
			this.#loaded = initialState;
		}
		this.storedVector = Y.encodeStateVector(this.ydoc);
		this.ydoc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin !== LOAD_ORIGIN) {
				this.#loaded = null;
				this.dirty = true;
				this.onChange?.();
			}
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			writeUpdate(encoder, update);
			this.#broadcast(encoding.toUint8Array(encoder), origin);
		});
		this.awareness = new Awareness(this.ydoc);
		this.awareness.setLocalState(null); // the server itself has no presence
		this.refreshStatus(opts.status);
		this.awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
			const peer = this.peers.has(origin as Peer) ? (origin as Peer) : null;
			for (const id of added) peer?.awarenessClients.add(id);
			for (const id of removed) peer?.awarenessClients.delete(id);
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
			encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(this.awareness, [...added, ...updated, ...removed]));
			// To every peer, the sender included: y-websocket clients treat any incoming message as
			// a sign of life, and their periodic awareness renewal comes back to them this way.
			this.#broadcast(encoding.toUint8Array(encoder), null);
		});
	}

	/** The document's status as last announced on the status channel (e.g. `{ locked }`). */
	get status(): Record<string, unknown> | null {
		return this.#status;
	}

	/**
	 * Recomputes the document's status (the lock) and, when it changed, announces it to every peer
	 * on the status channel (MESSAGE_STATUS), which only the server writes: awareness is written
	 * by every client, so it cannot carry it.
	 */
	refreshStatus(status: DocumentOptions['status']): void {
		const value = status?.(this.name, this.ref) ?? null;
		if (JSON.stringify(value) === JSON.stringify(this.#status)) return;
		this.#status = value;
		this.#broadcast(encodeCollabStatus({ document: value }), null);
	}

	/**
	 * Whether `peer` may write the awareness entry `clientId`: never the server's own, never one
	 * another peer announced, and at most MAX_CLIENTS_PER_CONNECTION new ones per connection.
	 */
	mayWriteAwareness(peer: Peer, clientId: number): boolean {
		if (clientId === this.awareness.clientID) return false;
		for (const other of this.peers) if (other !== peer && other.awarenessClients.has(clientId)) return false;
		if (peer.awarenessClients.has(clientId)) return true;
		return !this.awareness.getStates().has(clientId) && peer.awarenessClients.size < MAX_CLIENTS_PER_CONNECTION;
	}

	/**
	 * What a client whose state vector is `vector` lacks (the body of sync step 2). A client that
	 * has nothing gets the stored bytes the document was loaded from, while it is unchanged:
	 * re-encoding a 100-page verbale costs about as much as loading it, for every first joiner.
	 */
	missingFor(vector: Uint8Array): Uint8Array {
		const empty = vector.length === 1 && vector[0] === 0;
		if (empty && this.#loaded) return this.#loaded;
		return Y.encodeStateAsUpdate(this.ydoc, vector);
	}

	/** Adds a peer and sends it the document's status, sync step 1 and the current presence. */
	addPeer(peer: Peer): void {
		this.peers.add(peer);
		// Only documents with a status (a verbale) use the channel: plain y-websocket clients,
		// which have no handler for it, then never see it.
		if (this.#status !== null) peer.send(encodeCollabStatus({ document: this.#status }));
		const sync = encoding.createEncoder();
		encoding.writeVarUint(sync, MESSAGE_SYNC);
		writeSyncStep1(sync, this.ydoc);
		peer.send(encoding.toUint8Array(sync));
		const clients = [...this.awareness.getStates().keys()];
		if (clients.length > 0) {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
			encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(this.awareness, clients));
			peer.send(encoding.toUint8Array(encoder));
		}
	}

	/** Removes a peer and the presence it announced (the others see its cursor go). */
	removePeer(peer: Peer): void {
		if (!this.peers.delete(peer)) return;
		removeAwarenessStates(this.awareness, [...peer.awarenessClients], null);
	}

	#broadcast(message: Uint8Array, except: unknown): void {
		for (const peer of this.peers) if (peer !== except) peer.send(message);
	}

	/**
	 * Applies a client's update unless the document would outgrow maxDocumentBytes.
	 * Throws on a malformed update.
	 */
	applyClientUpdate(update: Uint8Array, origin: unknown): 'applied' | 'too-large' {
		if (this.#sizeEstimate + update.byteLength > this.#maxBytes) {
			this.#sizeEstimate = Y.encodeStateAsUpdate(this.ydoc).byteLength;
			if (this.#sizeEstimate + update.byteLength > this.#maxBytes) return 'too-large';
		}
		Y.applyUpdate(this.ydoc, update, origin);
		this.#sizeEstimate += update.byteLength;
		return 'applied';
	}

	destroy(): void {
		this.awareness.destroy(); // clears its outdated-state interval
		this.ydoc.destroy();
	}
}

interface Entry {
	readonly name: string;
	readonly ref: CollabDocRef;
	/** Connections plus upgrades in flight; the document unloads when this drops to 0. */
	holds: number;
	doc: CollabDocument | null;
	/** The store that runs before an unload; a new acquire during it keeps the same document. */
	unloading: Promise<void> | null;
	readonly ready: Promise<CollabDocument>;
	/** Debounced store: the timer, and when the first change it covers happened. */
	timer: ReturnType<typeof setTimeout> | null;
	firstChangeAt: number;
	/** Stores of one document run one after the other (hocuspocus's saveMutex). */
	storing: Promise<boolean>;
}

export class RegistryClosedError extends Error {}

export interface RegistryOptions extends DocumentOptions {
	/** Store this long after the last change (hocuspocus: debounce 2 s)... */
	debounceMs: number;
	/** ...but no later than this after the first unsaved change (maxDebounce 10 s). */
	maxDebounceMs: number;
}

/**
 * Live documents keyed by name (the unit a later step can shard across hosts by name).
 *
 * Lifecycle rules, from the y-websocket-server and hocuspocus pitfalls:
 * - concurrent opens of one name share one load (one Promise per entry);
 * - changes are stored debounced per document (debounceMs after the last change, at most
 *   maxDebounceMs after the first), one store at a time per document; the timer is cleared
 *   before the store runs, so a slow store cannot pile up more (hocuspocus#1110);
 * - a document leaves the map only after its final store succeeded and nobody re-acquired it in
 *   the meantime, so a reconnect during the store gets the live document, never a stale reload;
 * - a failed store keeps the document in memory (logged) and is retried after debounceMs, on
 *   the next release and on close(), rather than dropping edits;
 * - a failed load destroys what it built and forgets the entry.
 * Without persistence a document unloads as soon as nobody holds it: clients keep the full state
 * and push it back when they reconnect.
 */
export class DocumentRegistry {
	readonly #entries = new Map<string, Entry>();
	readonly #persistence: CollabPersistence | null;
	readonly #opts: RegistryOptions;
	#closed = false;

	constructor(persistence: CollabPersistence | null, opts: RegistryOptions) {
		this.#persistence = persistence;
		this.#opts = opts;
	}

	get size(): number {
		return this.#entries.size;
	}

	/** Documents with changes not yet stored (for tests and stats). */
	get unsaved(): number {
		let n = 0;
		for (const e of this.#entries.values()) if (e.doc?.dirty) n++;
		return n;
	}

	/** Loads (or reuses) the document and holds it until release(). */
	async acquire(name: string, ref: CollabDocRef): Promise<CollabDocument> {
		if (this.#closed) throw new RegistryClosedError('The collab server is shutting down');
		let entry = this.#entries.get(name);
		if (!entry) {
			entry = this.#load(name, ref);
			this.#entries.set(name, entry);
		}
		entry.holds++;
		try {
			return await entry.ready;
		} catch (err) {
			entry.holds--;
			if (this.#entries.get(name) === entry) this.#entries.delete(name); // failed load: forget it
			throw err;
		}
	}

	release(name: string): void {
		const entry = this.#entries.get(name);
		if (this.#closed || !entry || entry.holds === 0) return;
		entry.holds--;
		this.#maybeUnload(entry);
	}

	/** Recomputes the announced status of a loaded document (after a lock or unlock). */
	refreshStatus(name: string): void {
		this.#entries.get(name)?.doc?.refreshStatus(this.#opts.status);
	}

	/** Stores every pending change now (debounce timers skipped); documents stay loaded. */
	async flushAll(): Promise<void> {
		await Promise.all([...this.#entries.values()].map((entry) => this.#flush(entry)));
	}

	/** Stores every dirty document and destroys them all. Later acquires fail. */
	async closeAll(): Promise<void> {
		this.#closed = true;
		const entries = [...this.#entries.values()];
		await Promise.all(
			entries.map(async (entry) => {
				await entry.ready.catch(() => undefined);
				await entry.unloading;
				await this.#flush(entry);
			})
		);
		for (const entry of entries) {
			this.#clearTimer(entry);
			entry.doc?.destroy();
		}
		this.#entries.clear();
	}

	#load(name: string, ref: CollabDocRef): Entry {
		const entry = {
			name,
			ref,
			holds: 0,
			doc: null,
			unloading: null,
			timer: null,
			firstChangeAt: 0,
			storing: Promise.resolve(true)
		};
		return Object.assign(entry, { ready: this.#loadInto(entry) });
	}

	async #loadInto(entry: Omit<Entry, 'ready'>): Promise<CollabDocument> {
		let doc: CollabDocument | null = null;
		try {
			const state = this.#persistence ? await this.#persistence.load(entry.name, entry.ref) : null;
			doc = new CollabDocument(entry.name, entry.ref, this.#opts, state);
			if (this.#persistence) doc.onChange = () => this.#schedule(entry as Entry);
			entry.doc = doc;
			return doc;
		} catch (err) {
			doc?.destroy();
			entry.doc = null;
			throw err;
		}
	}

	/** (Re)arms the debounced store of an entry after a change. */
	#schedule(entry: Entry): void {
		if (this.#closed) return;
		const now = Date.now();
		if (!entry.timer) entry.firstChangeAt = now;
		else clearTimeout(entry.timer);
		const wait = Math.max(0, Math.min(this.#opts.debounceMs, entry.firstChangeAt + this.#opts.maxDebounceMs - now));
		entry.timer = setTimeout(() => {
			entry.timer = null; // cleared before the store runs (hocuspocus#1110)
			void this.#flush(entry).then((ok) => {
				if (!ok && entry.doc?.dirty)
					this.#schedule(entry); // retry after a failure
				else this.#maybeUnload(entry);
			});
		}, wait);
	}

	#clearTimer(entry: Entry): void {
		if (entry.timer) clearTimeout(entry.timer);
		entry.timer = null;
	}

	/** Stores the entry's pending changes now; true when nothing is left unsaved. */
	#flush(entry: Entry): Promise<boolean> {
		this.#clearTimer(entry);
		const doc = entry.doc;
		if (!doc) return Promise.resolve(true);
		entry.storing = entry.storing.then(() => this.#store(doc));
		return entry.storing;
	}

	#maybeUnload(entry: Entry): void {
		if (this.#closed || entry.holds > 0 || entry.unloading || !entry.doc) return;
		const doc = entry.doc;
		if (!this.#persistence) return this.#unload(entry, doc);
		entry.unloading = this.#flush(entry).then((stored) => {
			entry.unloading = null;
			if (this.#closed || entry.holds > 0) return; // re-acquired: it stays
			if (!stored) return this.#schedule(entry); // kept after a failed store; retried later
			if (doc.dirty) return this.#maybeUnload(entry); // changed while storing: store again
			this.#unload(entry, doc);
		});
	}

	#unload(entry: Entry, doc: CollabDocument): void {
		this.#clearTimer(entry);
		if (this.#entries.get(entry.name) === entry) this.#entries.delete(entry.name);
		doc.destroy();
	}

	/** Stores a dirty document; true when nothing is left unsaved. Never throws. */
	async #store(doc: CollabDocument): Promise<boolean> {
		if (!this.#persistence || !doc.dirty) return true;
		// Stores whose timers fall due together (documents opened at the same moment) would
		// otherwise run back to back in one turn of the event loop and hold every keystroke
		// of every room behind them: let pending socket I/O in before each one.
		await new Promise((resolve) => setImmediate(resolve));
		if (!doc.dirty) return true;
		const vector = Y.encodeStateVector(doc.ydoc);
		const update = Y.encodeStateAsUpdate(doc.ydoc, doc.storedVector);
		doc.dirty = false;
		try {
			await this.#persistence.store(doc.name, doc.ref, () => Y.encodeStateAsUpdate(doc.ydoc), update);
			doc.storedVector = vector;
			return true;
		} catch (err) {
			doc.dirty = true; // the next store sends the difference from the last stored vector again
			console.error(`[collab] could not store document ${doc.name}; it stays in memory`, err);
			return false;
		}
	}
}
