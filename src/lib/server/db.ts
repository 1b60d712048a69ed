import type { Db } from '#db/client.ts';
import { appRuntime } from './runtime';

/** The process's database connection: the one the composition root (server/) opened and migrated. */
export function getDb(): Db {
	return appRuntime().db;
}
