import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { writeSyncStep1, writeUpdate } from 'y-protocols/sync';
import type { CollabDocRef } from '../src/lib/protocol/collab.ts';

/**
 * Where document state lives between connections. The Verbale issue provides a SQLite-backed
 * implementation (and seeds templates inside `load` when nothing is stored yet: seeding on the
 * client duplicates content on every new client).
 */
export interface CollabPersistence {
	/** The stored state as one Yjs update, or null for a document never stored. */
	load(name: string, ref: CollabDocRef): Promise<Uint8Array | null> | Uint8Array | null;
	/** Stores the full state (Y.encodeStateAsUpdate). Called on unload and on close(). */
	store(name: string, ref: CollabDocRef, state: Uint8Array): Promise<void> | void;
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
	readonly #maxBytes: number;
	/** Upper bound of the encoded size; recomputed exactly only when it crosses the cap. */
	#sizeEstimate = 0;

	constructor(name: string, ref: CollabDocRef, opts: DocumentOptions, initialState: Uint8Array | null) {
		this.name = name;
		this.ref = ref;
		this.#maxBytes = opts.maxDocumentBytes;
		this.ydoc = new Y.Doc({ gc: opts.gc });
		if (initialState) {
			Y.applyUpdate(this.ydoc, initialState, LOAD_ORIGIN);
			this.#sizeEstimate = initialState.byteLength;
		}
		this.ydoc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin !== LOAD_ORIGIN) this.dirty = true;
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			writeUpdate(encoder, update);
			this.#broadcast(encoding.toUint8Array(encoder), origin);
		});
		this.awareness = new Awareness(this.ydoc);
		this.awareness.setLocalState(null); // the server itself has no presence
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

	/** Adds a peer and sends it sync step 1 and the current presence. */
	addPeer(peer: Peer): void {
		this.peers.add(peer);
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
}

export class RegistryClosedError extends Error {}

/**
 * Live documents keyed by name (the unit a later step can shard across hosts by name).
 *
 * Lifecycle rules, from the y-websocket-server and hocuspocus pitfalls:
 * - concurrent opens of one name share one load (one Promise per entry);
 * - a document leaves the map only after its final store succeeded and nobody re-acquired it in
 *   the meantime, so a reconnect during the store gets the live document, never a stale reload;
 * - a failed store keeps the document in memory (logged) and is retried on the next release and
 *   on close(), rather than dropping edits;
 * - a failed load destroys what it built and forgets the entry.
 * Without persistence a document unloads as soon as nobody holds it: clients keep the full state
 * and push it back when they reconnect.
 */
export class DocumentRegistry {
	readonly #entries = new Map<string, Entry>();
	readonly #persistence: CollabPersistence | null;
	readonly #opts: DocumentOptions;
	#closed = false;

	constructor(persistence: CollabPersistence | null, opts: DocumentOptions) {
		this.#persistence = persistence;
		this.#opts = opts;
	}

	get size(): number {
		return this.#entries.size;
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

	/** Stores every dirty document and destroys them all. Later acquires fail. */
	async closeAll(): Promise<void> {
		this.#closed = true;
		const entries = [...this.#entries.values()];
		await Promise.all(
			entries.map(async (entry) => {
				await entry.ready.catch(() => undefined);
				await entry.unloading;
				if (entry.doc) await this.#store(entry.doc);
			})
		);
		for (const entry of entries) entry.doc?.destroy();
		this.#entries.clear();
	}

	#load(name: string, ref: CollabDocRef): Entry {
		const entry = { name, ref, holds: 0, doc: null, unloading: null };
		return Object.assign(entry, { ready: this.#loadInto(entry) });
	}

	async #loadInto(entry: Omit<Entry, 'ready'>): Promise<CollabDocument> {
		let doc: CollabDocument | null = null;
		try {
			const state = this.#persistence ? await this.#persistence.load(entry.name, entry.ref) : null;
			doc = new CollabDocument(entry.name, entry.ref, this.#opts, state);
			entry.doc = doc;
			return doc;
		} catch (err) {
			doc?.destroy();
			entry.doc = null;
			throw err;
		}
	}

	#maybeUnload(entry: Entry): void {
		if (this.#closed || entry.holds > 0 || entry.unloading || !entry.doc) return;
		const doc = entry.doc;
		if (!this.#persistence || !doc.dirty) return this.#unload(entry, doc);
		entry.unloading = this.#store(doc).then((stored) => {
			entry.unloading = null;
			if (this.#closed || entry.holds > 0 || !stored) return; // re-acquired, or kept after a failed store
			if (doc.dirty) return this.#maybeUnload(entry); // changed while storing: store again
			this.#unload(entry, doc);
		});
	}

	#unload(entry: Entry, doc: CollabDocument): void {
		if (this.#entries.get(entry.name) === entry) this.#entries.delete(entry.name);
		doc.destroy();
	}

	/** Stores a dirty document; true when nothing is left unsaved. Never throws. */
	async #store(doc: CollabDocument): Promise<boolean> {
		if (!this.#persistence || !doc.dirty) return true;
		doc.dirty = false;
		try {
			await this.#persistence.store(doc.name, doc.ref, Y.encodeStateAsUpdate(doc.ydoc));
			return true;
		} catch (err) {
			doc.dirty = true;
			console.error(`[collab] could not store document ${doc.name}; it stays in memory`, err);
			return false;
		}
	}
}
