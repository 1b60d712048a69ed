import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from '../auth/schema.ts';
import { documenti } from '../documents/schema.ts';
import { organismi } from '../organismi/schema.ts';
import { procedimenti } from '../procedimenti/schema.ts';
import { PROTOCOLLO_DIREZIONI } from './labels.ts';

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
		autoreId: text('autore_id').references(() => users.id),
		/**
		 * Idempotency key of the form submission, unique per Organismo: a double click registers once,
		 * and another Organismo using the same key registers its own entry. Null for entries not
		 * made from a form (and for those registered before the key had its own column, whose id was the key).
		 */
		richiestaId: text('richiesta_id')
	},
	(t) => [
		uniqueIndex('protocollo_numero_uq').on(t.organismoId, t.anno, t.numero),
		index('protocollo_proc_idx').on(t.procedimentoId),
		uniqueIndex('protocollo_richiesta_uq').on(t.organismoId, t.richiestaId)
	]
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
