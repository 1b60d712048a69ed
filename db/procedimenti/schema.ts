import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from '../auth/schema.ts';
import { organismi, sedi } from '../organismi/schema.ts';
import { createdAt } from '../shared/columns.ts';
import { MODALITA, TIPOLOGIE, VALORE_TIPI, STATI, ESITI, RUOLI_CENTRO, RUOLI_SOGGETTO, ADESIONE_STATI, TIPI_PERSONA } from './labels.ts';

/** Materie (art. 5 c.1 D.Lgs. 28/2010 list after D.Lgs. 149/2022 + "altra natura"): editable data. */
export const materie = sqliteTable(
	'materie',
	{
		id: text('id').primaryKey(),
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		nome: text('nome').notNull(),
		obbligatoria: integer('obbligatoria', { mode: 'boolean' }).notNull(),
		attiva: integer('attiva', { mode: 'boolean' }).notNull().default(true),
		ordine: integer('ordine').notNull().default(0)
	},
	(t) => [uniqueIndex('materie_nome_uq').on(t.organismoId, t.nome)]
);

/** People are reusable records: the same lawyer across many procedimenti. */
export const persone = sqliteTable(
	'persone',
	{
		id: text('id').primaryKey(),
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		tipo: text('tipo', { enum: TIPI_PERSONA }).notNull(),
		// persona fisica
		nome: text('nome'),
		cognome: text('cognome'),
		codiceFiscale: text('codice_fiscale'),
		dataNascita: text('data_nascita'),
		luogoNascita: text('luogo_nascita'),
		residenza: text('residenza'),
		// persona giuridica
		denominazione: text('denominazione'),
		partitaIva: text('partita_iva'),
		sedeLegale: text('sede_legale'),
		legaleRappresentante: text('legale_rappresentante'),
		// contacts and billing
		email: text('email'),
		pec: text('pec'),
		telefono: text('telefono'),
		codiceDestinatario: text('codice_destinatario'),
		pecFatturazione: text('pec_fatturazione'),
		/** Lawyers: foro (bar) of registration. */
		foro: text('foro'),
		/** Linked account (portals): parties, lawyers, CTU who log in. */
		userId: text('user_id').references(() => users.id),
		createdAt: createdAt()
	},
	(t) => [
		index('persone_cf_idx').on(t.organismoId, t.codiceFiscale),
		index('persone_piva_idx').on(t.organismoId, t.partitaIva),
		index('persone_user_idx').on(t.userId)
	]
);

export const procedimenti = sqliteTable(
	'procedimenti',
	{
		id: text('id').primaryKey(),
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		sedeId: text('sede_id')
			.notNull()
			.references(() => sedi.id),
		anno: integer('anno').notNull(),
		numero: integer('numero').notNull(),
		/** Unguessable code for the online portals (not the register number). */
		codiceIstanza: text('codice_istanza').notNull().unique(),
		dataDeposito: text('data_deposito').notNull(), // YYYY-MM-DD
		modalita: text('modalita', { enum: MODALITA }).notNull(),
		tipologia: text('tipologia', { enum: TIPOLOGIE }).notNull(),
		/** Court referral (demandata): court, RG number, date of the ordinanza. */
		riferimentoGiudizio: text('riferimento_giudizio'),
		materiaId: text('materia_id')
			.notNull()
			.references(() => materie.id),
		oggetto: text('oggetto').notNull(),
		descrizione: text('descrizione').notNull().default(''),
		valoreTipo: text('valore_tipo', { enum: VALORE_TIPI }).notNull(),
		/** Value of the dispute in euro cents when determinato. */
		valoreCentesimi: integer('valore_centesimi'),
		stato: text('stato', { enum: STATI }).notNull().default('depositata'),
		esito: text('esito', { enum: ESITI }),
		esitoNote: text('esito_note'),
		dataConclusione: text('data_conclusione'),
		/** Idempotency key of the form submission that created it (a double click creates one case); unique per Organismo. */
		richiestaId: text('richiesta_id'),
		createdBy: text('created_by').references(() => users.id),
		createdAt: createdAt(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch('subsec') * 1000)`)
	},
	(t) => [
		uniqueIndex('procedimenti_numero_uq').on(t.organismoId, t.anno, t.numero),
		uniqueIndex('procedimenti_richiesta_uq').on(t.organismoId, t.richiestaId),
		index('procedimenti_list_idx').on(t.organismoId, t.dataDeposito),
		// (stato, anno, numero): a state filter reads its newest cases in index order and counts without touching rows.
		index('procedimenti_stato_idx').on(t.organismoId, t.stato, t.anno, t.numero),
		index('procedimenti_sede_idx').on(t.sedeId)
	]
);

/** Centri di interesse: parties standing for one interest count as one party (fees, statistics). */
export const centriInteresse = sqliteTable(
	'centri_interesse',
	{
		id: text('id').primaryKey(),
		procedimentoId: text('procedimento_id')
			.notNull()
			.references(() => procedimenti.id, { onDelete: 'cascade' }),
		ruolo: text('ruolo', { enum: RUOLI_CENTRO }).notNull(),
		ordine: integer('ordine').notNull().default(0),
		// Per invited centre: communication sent, adhesion answer.
		dataInvioComunicazione: text('data_invio_comunicazione'),
		adesione: text('adesione', { enum: ADESIONE_STATI }),
		dataAdesione: text('data_adesione'),
		/** Personal code for the online adhesion (invited parties). */
		codiceAdesione: text('codice_adesione').unique()
	},
	(t) => [index('centri_proc_idx').on(t.procedimentoId)]
);

/** Who takes part in a procedimento besides the mediators: parties, representatives, lawyers, CTU, observers. */
export const soggetti = sqliteTable(
	'soggetti',
	{
		id: text('id').primaryKey(),
		procedimentoId: text('procedimento_id')
			.notNull()
			.references(() => procedimenti.id, { onDelete: 'cascade' }),
		centroId: text('centro_id').references(() => centriInteresse.id, { onDelete: 'cascade' }),
		personaId: text('persona_id')
			.notNull()
			.references(() => persone.id),
		ruolo: text('ruolo', { enum: RUOLI_SOGGETTO }).notNull(),
		/** Representatives: the delega (proxy) was filed. */
		delega: integer('delega', { mode: 'boolean' }).notNull().default(false),
		ordine: integer('ordine').notNull().default(0)
	},
	(t) => [index('soggetti_proc_idx').on(t.procedimentoId), index('soggetti_persona_idx').on(t.personaId)]
);
