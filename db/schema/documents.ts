import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { organismi, users } from './auth.ts';
import { procedimenti } from './cases.ts';

const createdAt = () =>
	integer('created_at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(unixepoch('subsec') * 1000)`);

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

export const PROTOCOLLO_DIREZIONI = ['entrata', 'uscita', 'interno'] as const;

/** Protocollo: correspondence register. Rows are never updated or deleted (SQL triggers). */
export const protocollo = sqliteTable(
	'protocollo',
	{
		id: text('id').primaryKey(),
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		anno: integer('anno').notNull(),
		numero: integer('numero').notNull(),
		registratoIl: text('registrato_il').notNull(), // ISO timestamp
		direzione: text('direzione', { enum: PROTOCOLLO_DIREZIONI }).notNull(),
		mittente: text('mittente').notNull(),
		destinatario: text('destinatario').notNull(),
		oggetto: text('oggetto').notNull(),
		procedimentoId: text('procedimento_id').references(() => procedimenti.id),
		autoreId: text('autore_id').references(() => users.id)
	},
	(t) => [uniqueIndex('protocollo_numero_uq').on(t.organismoId, t.anno, t.numero), index('protocollo_proc_idx').on(t.procedimentoId)]
);

export const protocolloDocumenti = sqliteTable(
	'protocollo_documenti',
	{
		protocolloId: text('protocollo_id')
			.notNull()
			.references(() => protocollo.id),
		documentoId: text('documento_id')
			.notNull()
			.references(() => documenti.id)
	},
	(t) => [primaryKey({ columns: [t.protocolloId, t.documentoId] })]
);

/** Annullamento of a protocol entry: the correction is a new, visible record with its reason. */
export const protocolloAnnullamenti = sqliteTable('protocollo_annullamenti', {
	protocolloId: text('protocollo_id')
		.primaryKey()
		.references(() => protocollo.id),
	motivo: text('motivo').notNull(),
	annullatoIl: text('annullato_il').notNull(),
	autoreId: text('autore_id').references(() => users.id)
});
