import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const DEFAULT_DATABASE_URL = './data/accordo.db';

/** Accepts "file:./x.db", "./x.db" or ":memory:"; returns the filesystem path. */
export function databasePath(url: string = DEFAULT_DATABASE_URL): string {
	const path = url.startsWith('file:') ? url.slice('file:'.length) : url;
	return path === ':memory:' ? path : resolve(path);
}

export class DatabaseSetupError extends Error {}

/**
 * Opens the SQLite database with the pragmas every connection needs (web, sfu and collab may
 * share one file): WAL, busy_timeout, foreign keys. Fails with a plain English message when the
 * data directory cannot be created or written.
 */
export function openDb(url: string = DEFAULT_DATABASE_URL): Db {
	const path = databasePath(url);
	if (path !== ':memory:') {
		const dir = dirname(path);
		try {
			mkdirSync(dir, { recursive: true });
			accessSync(dir, constants.W_OK);
		} catch (err) {
			throw new DatabaseSetupError(
				`Cannot use the data directory ${dir} (${(err as NodeJS.ErrnoException).code ?? err}). ` +
					`Create it with write permission or set DATABASE_URL to a writable path.`
			);
		}
	}
	let sqlite: Database.Database;
	try {
		sqlite = new Database(path);
	} catch (err) {
		throw new DatabaseSetupError(`Cannot open the database ${path}: ${(err as Error).message}`);
	}
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('busy_timeout = 5000');
	sqlite.pragma('foreign_keys = ON');
	// FULL: every commit fsyncs the WAL before it returns, so a commit that answered survives a
	// power loss — protocol numbers already printed or sent, the audit chain, case numbers. NORMAL
	// (consistent, but may drop the last commits) was about 2× faster on this machine; FULL still
	// commits over 1,000 transactions a second (`npm run bench:sqlite`, docs/performance.md).
	sqlite.pragma('synchronous = FULL');
	// Refresh the query planner's statistics where they are stale (SQLite's advice for long-lived connections).
	sqlite.pragma('optimize = 0x10002');
	return drizzle({ client: sqlite, schema }) as Db;
}

export function closeDb(db: Db): void {
	if (db.$client.open) db.$client.close();
}

/**
 * A write transaction that takes the write lock up front (BEGIN IMMEDIATE). A deferred transaction
 * that reads then writes can fail at once with SQLITE_BUSY when another process holds the lock
 * (busy_timeout does not apply to a lock upgrade); IMMEDIATE waits for busy_timeout instead.
 */
export function writeTransaction<T>(db: Db, fn: () => T): T {
	return db.transaction(() => fn(), { behavior: 'immediate' });
}
