import { sql } from 'drizzle-orm';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { procedimenti } from './cases.ts';

/**
 * The online room (stanza virtuale) of a procedimento: one per case, created when an incontro is
 * set as telematica/mista or on demand; joinable until expiresAt (90 days by default).
 */
export const stanze = sqliteTable('stanze', {
	id: text('id').primaryKey(),
	procedimentoId: text('procedimento_id')
		.notNull()
		.unique()
		.references(() => procedimenti.id, { onDelete: 'cascade' }),
	createdAt: integer('created_at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(unixepoch('subsec') * 1000)`),
	expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
	/** Participants besides the mediator with audio and video (enforced by the SFU). */
	capienza: integer('capienza').notNull().default(4),
	ammissioneAutomatica: integer('ammissione_automatica', { mode: 'boolean' }).notNull().default(false)
});
