import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from '../auth/schema.ts';
import { organismi } from '../organismi/schema.ts';
import { procedimenti } from '../procedimenti/schema.ts';
import { createdAt } from '../shared/columns.ts';
import { DECISORI, MODIFICA_STATI, SOSTITUZIONE_STATI } from './labels.ts';

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

/**
 * Area riservata: the data a person keeps up to date in one Organismo (contacts and billing take
 * effect at once; a mediator's professional data only once the segreteria approves them).
 */
export const profili = sqliteTable(
	'profili',
	{
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		userId: text('user_id')
			.notNull()
			.references(() => users.id),
		telefono: text('telefono'),
		pec: text('pec'),
		indirizzo: text('indirizzo'),
		codiceFiscale: text('codice_fiscale'),
		partitaIva: text('partita_iva'),
		codiceDestinatario: text('codice_destinatario'),
		pecFatturazione: text('pec_fatturazione'),
		/** Mediators, approved: JSON { lingue, altriOrganismi[], oreFormazione, materie[] }. */
		professionale: text('professionale'),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
	},
	(t) => [primaryKey({ columns: [t.organismoId, t.userId] })]
);

/** A proposed change of the professional data, waiting for (or after) the segreteria's decision. */
export const modificheProfilo = sqliteTable(
	'modifiche_profilo',
	{
		id: text('id').primaryKey(),
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		userId: text('user_id')
			.notNull()
			.references(() => users.id),
		dati: text('dati').notNull(),
		stato: text('stato', { enum: MODIFICA_STATI }).notNull().default('in_attesa'),
		motivo: text('motivo'),
		decisoDa: text('deciso_da').references(() => users.id),
		decisoIl: integer('deciso_il', { mode: 'timestamp_ms' }),
		createdAt: createdAt()
	},
	(t) => [index('modifiche_profilo_org_idx').on(t.organismoId, t.stato)]
);
