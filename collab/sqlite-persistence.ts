import { and, asc, eq, lte, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import { writeTransaction, type Db } from '#db/client.ts';
import { collabSnapshots, collabUpdates } from '#db/schema.ts';
import type { CollabDocRef } from '#protocol/collab.ts';
import type { CollabPersistence } from './documents.ts';

export interface SqlitePersistenceOptions {
	/**
	 * Initial content of a document with nothing stored (a verbale's template), or null. It is
	 * stored before load returns, so a crash right after cannot seed it a second time.
	 */
	seed?: (name: string, ref: CollabDocRef) => Uint8Array | null;
	/** Fold the incremental updates into the snapshot once there are this many (default 100)... */
	compactAfterUpdates?: number;
	/** ...or once they weigh more than this many bytes (default 256 KiB). */
	compactAfterBytes?: number;
}

export interface SqlitePersistence extends CollabPersistence {
	/** The stored state without seeding (null when nothing is stored). */
	read(name: string): Uint8Array | null;
}

/**
 * Collab persistence in the shared SQLite file: every store appends the update since the previous
 * one to `collab_updates`; compaction writes the full state to `collab_snapshots` and deletes the
 * updates it covers, in one transaction. Loading merges the snapshot with the later updates.
 *
 * Durability: the collab registry stores debounced (2 s after the last change, at most 10 s after
 * the first) and flushes on unload and on close() (SIGTERM), so a graceful restart loses
 * nothing and a crash loses at most the last debounce window (10 s of typing at worst).
 */
export function createSqlitePersistence(db: Db, opts: SqlitePersistenceOptions = {}): SqlitePersistence {
	const maxUpdates = opts.compactAfterUpdates ?? 100;
	const maxBytes = opts.compactAfterBytes ?? 256 * 1024;
	const client = db.$client;
	const selectSnapshot = client.prepare<[string], { state: Buffer }>('SELECT state FROM collab_snapshots WHERE doc_name = ?');
	const selectUpdates = client.prepare<[string], { id: number; update: Buffer }>(
		'SELECT id, "update" FROM collab_updates WHERE doc_name = ? ORDER BY id'
	);

	function read(name: string): Uint8Array | null {
		const snapshot = selectSnapshot.get(name);
		const updates = selectUpdates.all(name);
		const parts: Uint8Array[] = [];
		if (snapshot) parts.push(new Uint8Array(snapshot.state));
		for (const u of updates) parts.push(new Uint8Array(u.update));
		if (parts.length === 0) return null;
		return parts.length === 1 ? parts[0] : Y.mergeUpdates(parts);
	}

	function compact(name: string, state: Uint8Array, throughId: number): void {
		const now = new Date();
		db.insert(collabSnapshots)
			.values({ docName: name, state: Buffer.from(state), updatedAt: now })
			.onConflictDoUpdate({ target: collabSnapshots.docName, set: { state: Buffer.from(state), updatedAt: now } })
			.run();
		db.delete(collabUpdates)
			.where(and(eq(collabUpdates.docName, name), lte(collabUpdates.id, throughId)))
			.run();
	}

	return {
		read,

		load(name, ref) {
			const stored = read(name);
			if (stored) return stored;
			const seeded = opts.seed?.(name, ref) ?? null;
			if (!seeded) return null;
			// Another process may have seeded it meanwhile: keep whichever was stored first.
			return writeTransaction(db, () => {
				const again = read(name);
				if (again) return again;
				compact(name, seeded, 0);
				return seeded;
			});
		},

		store(name, _ref, state, update) {
			writeTransaction(db, () => {
				const inserted = db
					.insert(collabUpdates)
					.values({ docName: name, update: Buffer.from(update) })
					.returning({ id: collabUpdates.id })
					.get();
				const totals = db
					.select({ n: sql<number>`count(*)`, bytes: sql<number>`coalesce(sum(length("update")), 0)` })
					.from(collabUpdates)
					.where(eq(collabUpdates.docName, name))
					.get();
				if (totals && (totals.n >= maxUpdates || totals.bytes >= maxBytes)) compact(name, state(), inserted.id);
			});
		}
	};
}

/** Number of incremental updates stored for a document (tests, diagnostics). */
export function storedUpdateCount(db: Db, name: string): number {
	return db
		.select({ n: sql<number>`count(*)` })
		.from(collabUpdates)
		.where(eq(collabUpdates.docName, name))
		.orderBy(asc(collabUpdates.id))
		.get()!.n;
}
