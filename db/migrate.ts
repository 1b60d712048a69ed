import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { fileURLToPath } from 'node:url';
import type { Db } from './client.ts';

/** Folder of the committed drizzle-kit migrations. Only call from unbundled Node code. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Applies the pending migrations. Foreign keys are off while they run (SQLite's procedure for
 * rebuilding a table: drizzle-kit's own `PRAGMA foreign_keys=OFF` is a no-op inside the migrator's
 * transaction, and a rebuilt table must not cascade deletes into the tables that reference it),
 * then every reference is checked before they are turned back on.
 */
export function migrateDb(db: Db, migrationsFolder: string = MIGRATIONS_DIR): void {
	const sqlite = db.$client;
	const enforced = sqlite.pragma('foreign_keys', { simple: true }) === 1;
	sqlite.pragma('foreign_keys = OFF');
	try {
		migrate(db, { migrationsFolder });
		const broken = sqlite.pragma('foreign_key_check') as unknown[];
		if (broken.length > 0) throw new Error(`migrations left ${broken.length} broken foreign keys: ${JSON.stringify(broken.slice(0, 5))}`);
	} finally {
		if (enforced) sqlite.pragma('foreign_keys = ON');
	}
}
