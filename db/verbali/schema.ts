import { blob, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from '../auth/schema.ts';
import { organismi } from '../organismi/schema.ts';
import { procedimenti } from '../procedimenti/schema.ts';
import { documenti } from '../documents/schema.ts';
import { createdAt } from '../shared/columns.ts';

import { VERBALE_TIPI, type VerbaleTipo } from './labels.ts';

export type { VerbaleTipo };

/**
 * A verbale co-written live (TipTap + Yjs). Its content lives in collab_snapshots/collab_updates
 * under the document name `verbale.<procedimentoId>.<id>`; `locked` ("versione per la firma")
 * makes it read-only for everyone until the mediator unlocks it.
 */
export const verbali = sqliteTable(
	'verbali',
	{
		id: text('id').primaryKey(),
		procedimentoId: text('procedimento_id')
			.notNull()
			.references(() => procedimenti.id, { onDelete: 'cascade' }),
		tipo: text('tipo', { enum: VERBALE_TIPI }).notNull(),
		titolo: text('titolo').notNull(),
		locked: integer('locked', { mode: 'boolean' }).notNull().default(false),
		lockedBy: text('locked_by').references(() => users.id),
		lockedAt: integer('locked_at', { mode: 'timestamp_ms' }),
		createdBy: text('created_by').references(() => users.id),
		createdAt: createdAt()
	},
	(t) => [index('verbali_proc_idx').on(t.procedimentoId)]
);

/**
 * Named snapshots of a verbale ("Bozza 1", "Versione per la firma"): the full Yjs state and the
 * ProseMirror JSON it renders to (for viewing and export without a live document).
 */
export const verbaleVersioni = sqliteTable(
	'verbale_versioni',
	{
		id: text('id').primaryKey(),
		verbaleId: text('verbale_id')
			.notNull()
			.references(() => verbali.id, { onDelete: 'cascade' }),
		numero: integer('numero').notNull(),
		nome: text('nome').notNull(),
		stato: blob('stato', { mode: 'buffer' }).notNull(),
		contenuto: text('contenuto').notNull(), // ProseMirror JSON
		autoreId: text('autore_id').references(() => users.id),
		/** Set when the version was made by restoring an older one. */
		ripristinataDa: text('ripristinata_da'),
		/** The fascicolo document of the PDF exported from this version, if any. */
		documentoId: text('documento_id').references(() => documenti.id),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('verbale_versioni_numero_uq').on(t.verbaleId, t.numero)]
);

/** Compacted Yjs state of a collab document (one row per document name). */
export const collabSnapshots = sqliteTable('collab_snapshots', {
	docName: text('doc_name').primaryKey(),
	state: blob('state', { mode: 'buffer' }).notNull(),
	updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
});

/** Incremental Yjs updates stored since the last compaction; applied in id order after the snapshot. */
export const collabUpdates = sqliteTable(
	'collab_updates',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		docName: text('doc_name').notNull(),
		update: blob('update', { mode: 'buffer' }).notNull(),
		createdAt: createdAt()
	},
	(t) => [index('collab_updates_doc_idx').on(t.docName, t.id)]
);

/**
 * Template texts per Organismo, editable by the amministratore. `testo` is a small markup (see
 * db/verbali/template-markup.ts) with {{placeholders}} filled from the procedimento.
 */
export const verbaleModelli = sqliteTable(
	'verbale_modelli',
	{
		id: text('id').primaryKey(),
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		tipo: text('tipo', { enum: VERBALE_TIPI }).notNull(),
		titolo: text('titolo').notNull(),
		testo: text('testo').notNull(),
		updatedBy: text('updated_by').references(() => users.id),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [uniqueIndex('verbale_modelli_tipo_uq').on(t.organismoId, t.tipo)]
);
