import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';

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
