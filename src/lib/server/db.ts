import { env } from '$env/dynamic/private';
import { openDb, type Db } from '#db/client.ts';
import { getRuntime } from '#db/runtime.ts';

let own: Db | null = null;

/**
 * The process's database connection: the one server/main.ts (or the dev plugin) opened and
 * migrated. Falls back to opening DATABASE_URL itself (e.g. `vite preview`).
 */
export function getDb(): Db {
	const rt = getRuntime();
	if (rt) return rt.db;
	own ??= openDb(env.DATABASE_URL || undefined);
	return own;
}
