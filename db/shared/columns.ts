import { sql } from 'drizzle-orm';
import { integer } from 'drizzle-orm/sqlite-core';

/** `created_at`: set by SQLite on insert (milliseconds since the epoch). */
export const createdAt = () =>
	integer('created_at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(unixepoch('subsec') * 1000)`);
