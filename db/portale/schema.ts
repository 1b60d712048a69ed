import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from '../auth/schema.ts';
import { organismi } from '../organismi/schema.ts';
import { procedimenti } from '../procedimenti/schema.ts';
import { createdAt } from '../shared/columns.ts';
import { DECISORI, SOSTITUZIONE_STATI } from './labels.ts';

/** Settings of the portals, per Organismo (one row; missing = defaults). */
export const impostazioniPortale = sqliteTable('impostazioni_portale', {
	organismoId: text('organismo_id')
		.primaryKey()
		.references(() => organismi.id),
	/** The body the regolamento names for a replacement request when the mediator is the responsabile. */
	organoSostituzione: text('organo_sostituzione'),
	/** Its address (e-mail or PEC): the request is sent there too. */
	emailOrganoSostituzione: text('email_organo_sostituzione')
});

/** A party's request to replace the mediator (art. 14 c.3 D.Lgs. 28/2010) and its decision. */
export const richiesteSostituzione = sqliteTable(
	'richieste_sostituzione',
	{
		id: text('id').primaryKey(),
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		procedimentoId: text('procedimento_id')
			.notNull()
			.references(() => procedimenti.id, { onDelete: 'cascade' }),
		/** The mediator whose replacement is asked. */
		mediatoreId: text('mediatore_id')
			.notNull()
			.references(() => users.id),
		richiedenteId: text('richiedente_id')
			.notNull()
			.references(() => users.id),
		motivo: text('motivo').notNull(),
		decisore: text('decisore', { enum: DECISORI }).notNull(),
		/** The body's name as it was when the request was made (decisore = organo). */
		organo: text('organo'),
		stato: text('stato', { enum: SOSTITUZIONE_STATI }).notNull().default('in_attesa'),
		decisioneMotivazione: text('decisione_motivazione'),
		decisoDa: text('deciso_da').references(() => users.id),
		decisoIl: text('deciso_il'),
		createdAt: createdAt()
	},
	(t) => [index('richieste_sostituzione_proc_idx').on(t.procedimentoId)]
);

/** The mediator's report of circumstances arising during the case that may affect impartiality (art. 14 c.2 b). */
export const segnalazioniImparzialita = sqliteTable(
	'segnalazioni_imparzialita',
	{
		id: text('id').primaryKey(),
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		procedimentoId: text('procedimento_id')
			.notNull()
			.references(() => procedimenti.id, { onDelete: 'cascade' }),
		mediatoreId: text('mediatore_id')
			.notNull()
			.references(() => users.id),
		testo: text('testo').notNull(),
		createdAt: createdAt()
	},
	(t) => [index('segnalazioni_imparzialita_proc_idx').on(t.procedimentoId)]
);
