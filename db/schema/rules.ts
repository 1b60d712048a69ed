import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { organismi } from './auth.ts';

/**
 * Fee tables (DM 150/2023 and older), per Organismo, versioned by effective date. `dati` is the
 * JSON table read by db/fees (brackets, amounts in cents, reductions, increases, VAT). A case uses
 * the newest version whose validaDal <= its filing date.
 */
export const tariffe = sqliteTable(
	'tariffe',
	{
		id: text('id').primaryKey(),
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		nome: text('nome').notNull(),
		validaDal: text('valida_dal').notNull(), // YYYY-MM-DD
		/** Values not yet checked against the Gazzetta Ufficiale (shown as "provvisoria"). */
		provvisoria: integer('provvisoria', { mode: 'boolean' }).notNull().default(false),
		fonte: text('fonte').notNull(),
		dati: text('dati').notNull()
	},
	(t) => [index('tariffe_org_idx').on(t.organismoId, t.validaDal)]
);

/**
 * Deadline rules (first meeting window, maximum duration, extensions, adhesion reply...) as data:
 * each version has its legal source and the date from which it applies (to the filing date, or to
 * the ordinanza for demandata cases). `parametri` is JSON read by db/deadlines.
 */
export const regoleScadenze = sqliteTable(
	'regole_scadenze',
	{
		id: text('id').primaryKey(),
		codice: text('codice').notNull(),
		validaDal: text('valida_dal').notNull(),
		tipologia: text('tipologia'), // null = every tipologia
		parametri: text('parametri').notNull(),
		fonte: text('fonte').notNull()
	},
	(t) => [index('regole_codice_idx').on(t.codice, t.validaDal)]
);
