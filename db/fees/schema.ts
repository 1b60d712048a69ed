import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from '../auth/schema.ts';
import { organismi } from '../organismi/schema.ts';
import { centriInteresse, procedimenti } from '../procedimenti/schema.ts';
import { createdAt } from '../shared/columns.ts';

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

/** Incassi e spese of a procedimento, in euro cents. */
export const movimenti = sqliteTable(
	'movimenti',
	{
		id: text('id').primaryKey(),
		procedimentoId: text('procedimento_id')
			.notNull()
			.references(() => procedimenti.id, { onDelete: 'cascade' }),
		tipo: text('tipo', { enum: ['incasso', 'spesa'] }).notNull(),
		voce: text('voce').notNull(),
		importoCentesimi: integer('importo_centesimi').notNull(),
		data: text('data').notNull(),
		centroId: text('centro_id').references(() => centriInteresse.id),
		note: text('note').notNull().default(''),
		createdBy: text('created_by').references(() => users.id),
		createdAt: createdAt()
	},
	(t) => [index('movimenti_proc_idx').on(t.procedimentoId)]
);
