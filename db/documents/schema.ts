import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from '../auth/schema.ts';
import { procedimenti } from '../procedimenti/schema.ts';
import { createdAt } from '../shared/columns.ts';

/**
 * Fascicolo elettronico: document metadata. The bytes live content-addressed on disk
 * (<data dir>/files/<sha256[0..2]>/<sha256>), so identical uploads share one file.
 * Versions: every version is a row; `serieId` groups the versions of one document.
 */
export const documenti = sqliteTable(
	'documenti',
	{
		id: text('id').primaryKey(),
		procedimentoId: text('procedimento_id')
			.notNull()
			.references(() => procedimenti.id, { onDelete: 'cascade' }),
		serieId: text('serie_id').notNull(),
		versione: integer('versione').notNull().default(1),
		titolo: text('titolo').notNull(),
		nomeFile: text('nome_file').notNull(),
		mime: text('mime').notNull(),
		dimensione: integer('dimensione').notNull(),
		sha256: text('sha256').notNull(),
		/** "Riservato al mediatore": visible only to the mediator and the segreteria (and its author). */
		riservato: integer('riservato', { mode: 'boolean' }).notNull().default(false),
		autoreId: text('autore_id').references(() => users.id),
		/** Optional link to the protocol entry that registered it. */
		protocolloId: text('protocollo_id'),
		createdAt: createdAt()
	},
	(t) => [
		index('documenti_proc_idx').on(t.procedimentoId),
		uniqueIndex('documenti_serie_versione_uq').on(t.serieId, t.versione),
		index('documenti_sha_idx').on(t.sha256)
	]
);
