import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { organismi, sedi, users } from './auth.ts';

const createdAt = () =>
	integer('created_at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(unixepoch('subsec') * 1000)`);

// ---------------------------------------------------------------- enums (Italian domain values)
export const MODALITA = ['presenza', 'telematica', 'mista'] as const;
export const TIPOLOGIE = ['obbligatoria', 'demandata', 'clausola', 'volontaria'] as const;
export const VALORE_TIPI = ['determinato', 'indeterminabile_basso', 'indeterminabile_medio', 'indeterminabile_alto'] as const;
export const STATI = [
	'depositata',
	'comunicata',
	'in_attesa_adesione',
	'primo_incontro_fissato',
	'in_corso',
	'conclusa',
	'archiviata'
] as const;
export const ESITI = ['accordo', 'mancato_accordo', 'mancata_adesione', 'aderente_non_comparso', 'rinuncia', 'altro'] as const;
export const RUOLI_CENTRO = ['istante', 'invitata'] as const;
export const RUOLI_SOGGETTO = ['parte', 'rappresentante', 'avvocato', 'ctu', 'tirocinante', 'uditore'] as const;
export const ADESIONE_STATI = ['in_attesa', 'aderito', 'rifiutato', 'nessuna_risposta'] as const;
export const TIPI_PERSONA = ['fisica', 'giuridica'] as const;

/** Contatori: gap-free progressive numbers per Organismo, register and year (procedimenti, protocollo). */
export const contatori = sqliteTable(
	'contatori',
	{
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		registro: text('registro').notNull(),
		anno: integer('anno').notNull(),
		ultimo: integer('ultimo').notNull()
	},
	(t) => [primaryKey({ columns: [t.organismoId, t.registro, t.anno] })]
);

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

export const ASSEGNAZIONE_METODI = ['indicazione_congiunta', 'rotazione', 'scelta_responsabile'] as const;
export const ASSEGNAZIONE_STATI = ['proposta', 'accettata', 'rifiutata', 'revocata'] as const;
export const ASSEGNAZIONE_RUOLI = ['designato', 'co_mediatore'] as const;

/** Mediator registry: one row per mediator user. */
export const mediatori = sqliteTable('mediatori', {
	userId: text('user_id')
		.primaryKey()
		.references(() => users.id),
	organismoId: text('organismo_id')
		.notNull()
		.references(() => organismi.id),
	stato: text('stato', { enum: ['attivo', 'sospeso'] })
		.notNull()
		.default('attivo'),
	qualifiche: text('qualifiche').notNull().default(''),
	/** Open cases beyond which rotation skips the mediator. */
	caricoMassimo: integer('carico_massimo').notNull().default(20),
	/** Last rotation assignment (round-robin order). */
	ultimaAssegnazione: integer('ultima_assegnazione', { mode: 'timestamp_ms' })
});

export const mediatoreMaterie = sqliteTable(
	'mediatore_materie',
	{
		userId: text('user_id')
			.notNull()
			.references(() => mediatori.userId, { onDelete: 'cascade' }),
		materiaId: text('materia_id')
			.notNull()
			.references(() => materie.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.userId, t.materiaId] })]
);

/** Conflicts declared by a mediator (with a person, or free text). */
export const mediatoreConflitti = sqliteTable('mediatore_conflitti', {
	id: text('id').primaryKey(),
	userId: text('user_id')
		.notNull()
		.references(() => mediatori.userId, { onDelete: 'cascade' }),
	personaId: text('persona_id').references(() => persone.id),
	descrizione: text('descrizione').notNull(),
	createdAt: createdAt()
});

export const assegnazioni = sqliteTable(
	'assegnazioni',
	{
		id: text('id').primaryKey(),
		procedimentoId: text('procedimento_id')
			.notNull()
			.references(() => procedimenti.id, { onDelete: 'cascade' }),
		mediatoreId: text('mediatore_id')
			.notNull()
			.references(() => users.id),
		ruolo: text('ruolo', { enum: ASSEGNAZIONE_RUOLI }).notNull().default('designato'),
		metodo: text('metodo', { enum: ASSEGNAZIONE_METODI }).notNull(),
		motivazione: text('motivazione').notNull().default(''),
		/** JSON: the rotation's candidates and why each was skipped ("why this mediator"). */
		traccia: text('traccia').notNull().default('[]'),
		stato: text('stato', { enum: ASSEGNAZIONE_STATI }).notNull().default('proposta'),
		dichiarazioneTesto: text('dichiarazione_testo'),
		dichiarazioneSha256: text('dichiarazione_sha256'),
		rispostaAt: integer('risposta_at', { mode: 'timestamp_ms' }),
		motivoRifiuto: text('motivo_rifiuto'),
		createdBy: text('created_by').references(() => users.id),
		createdAt: createdAt()
	},
	(t) => [index('assegnazioni_proc_idx').on(t.procedimentoId), index('assegnazioni_med_idx').on(t.mediatoreId, t.stato)]
);

/** Per-Organismo settings that are text of its regolamento. */
export const impostazioniOrganismo = sqliteTable('impostazioni_organismo', {
	organismoId: text('organismo_id')
		.primaryKey()
		.references(() => organismi.id),
	dichiarazioneImparzialita: text('dichiarazione_imparzialita').notNull(),
	maxUploadBytes: integer('max_upload_bytes')
		.notNull()
		.default(16 * 1024 * 1024)
});

export const INCONTRO_STATI = ['fissato', 'rinviato', 'tenuto', 'annullato'] as const;

/**
 * Meetings of a procedimento. `inizio` is a UTC instant (ISO, "Z"); the time shown is computed in
 * Europe/Rome (db/agenda/time.ts). `convocati` and `remoti` are JSON arrays of soggetti ids (who is
 * convoked; in a "mista" meeting, who attends remotely). `sequenza` is the iCalendar SEQUENCE:
 * +1 on every change of date, place or status.
 */
export const incontri = sqliteTable(
	'incontri',
	{
		id: text('id').primaryKey(),
		procedimentoId: text('procedimento_id')
			.notNull()
			.references(() => procedimenti.id, { onDelete: 'cascade' }),
		inizio: text('inizio').notNull(), // UTC instant, ISO 8601 ("2026-12-01T09:00:00.000Z")
		durataMinuti: integer('durata_minuti').notNull().default(120),
		tipo: text('tipo', { enum: ['primo', 'successivo'] }).notNull(),
		modalita: text('modalita', { enum: MODALITA }).notNull(),
		stato: text('stato', { enum: INCONTRO_STATI }).notNull().default('fissato'),
		note: text('note').notNull().default(''),
		salaId: text('sala_id'),
		mediatoreId: text('mediatore_id').references(() => users.id),
		convocati: text('convocati').notNull().default('[]'),
		remoti: text('remoti').notNull().default('[]'),
		motivoRinvio: text('motivo_rinvio'),
		sequenza: integer('sequenza').notNull().default(0),
		createdBy: text('created_by').references(() => users.id),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }),
		createdAt: createdAt()
	},
	(t) => [
		index('incontri_proc_idx').on(t.procedimentoId),
		index('incontri_inizio_idx').on(t.inizio),
		// Covering indexes of the slot search (db/agenda/suggest.ts): no table lookups per booking.
		index('incontri_mediatore_idx').on(t.mediatoreId, t.inizio, t.stato, t.durataMinuti),
		index('incontri_sala_idx').on(t.salaId, t.inizio, t.stato, t.durataMinuti)
	]
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
