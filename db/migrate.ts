import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { fileURLToPath } from 'node:url';
import type { Db } from './client.ts';

/** Folder of the committed drizzle-kit migrations. Only call from unbundled Node code. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

export function migrateDb(db: Db, migrationsFolder: string = MIGRATIONS_DIR): void {
	migrate(db, { migrationsFolder });
}
