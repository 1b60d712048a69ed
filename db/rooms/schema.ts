import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from '../auth/schema.ts';
import { procedimenti, soggetti } from '../procedimenti/schema.ts';
import { INVITO_RUOLI } from './labels.ts';

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

/**
 * Personal link to the online room for someone without an account. The link carries a signed,
 * expiring token naming this row; revoking the row (revokedAt) kills the link even before expiry.
 */
export const stanzaInviti = sqliteTable(
	'stanza_inviti',
	{
		id: text('id').primaryKey(),
		stanzaId: text('stanza_id')
			.notNull()
			.references(() => stanze.id, { onDelete: 'cascade' }),
		/** The person of the case the link belongs to; null for an observer invited by name only. */
		soggettoId: text('soggetto_id').references(() => soggetti.id, { onDelete: 'cascade' }),
		nome: text('nome').notNull(),
		ruolo: text('ruolo', { enum: INVITO_RUOLI }).notNull(),
		createdBy: text('created_by')
			.notNull()
			.references(() => users.id),
		createdAt: integer('created_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch('subsec') * 1000)`),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		revokedAt: integer('revoked_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('stanza_inviti_stanza_idx').on(t.stanzaId)]
);

/** Server-side secrets generated at first start (e.g. the HMAC key of guest links). Never shown. */
export const segretiServer = sqliteTable('segreti_server', {
	nome: text('nome').primaryKey(),
	valore: text('valore').notNull(),
	createdAt: integer('created_at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(unixepoch('subsec') * 1000)`)
});
