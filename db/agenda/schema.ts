import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { memberships, users } from '../auth/schema.ts';
import { organismi, sedi } from '../organismi/schema.ts';
import { MODALITA } from '../procedimenti/labels.ts';
import { procedimenti } from '../procedimenti/schema.ts';
import { createdAt } from '../shared/columns.ts';

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

/** Meeting rooms of a sede (in-person meetings). */
export const sale = sqliteTable(
	'sale',
	{
		id: text('id').primaryKey(),
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		sedeId: text('sede_id')
			.notNull()
			.references(() => sedi.id),
		nome: text('nome').notNull(),
		capienza: integer('capienza').notNull(),
		/** Free text: "schermo, webcam, lavagna". */
		dotazioni: text('dotazioni').notNull().default(''),
		attiva: integer('attiva', { mode: 'boolean' }).notNull().default(true),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('sale_nome_uq').on(t.sedeId, t.nome)]
);

/** Opening hours of a sede: one row per interval (giorno 1 = lunedì ... 7 = domenica, "HH:MM"). */
export const orariSede = sqliteTable(
	'orari_sede',
	{
		id: text('id').primaryKey(),
		sedeId: text('sede_id')
			.notNull()
			.references(() => sedi.id, { onDelete: 'cascade' }),
		giorno: integer('giorno').notNull(),
		dalle: text('dalle').notNull(),
		alle: text('alle').notNull()
	},
	(t) => [index('orari_sede_idx').on(t.sedeId, t.giorno)]
);

/** Local holidays of a sede (patron saint...): `data` is "MM-DD" (every year) or "YYYY-MM-DD" (once). */
export const festivitaLocali = sqliteTable(
	'festivita_locali',
	{
		id: text('id').primaryKey(),
		sedeId: text('sede_id')
			.notNull()
			.references(() => sedi.id, { onDelete: 'cascade' }),
		data: text('data').notNull(),
		descrizione: text('descrizione').notNull()
	},
	(t) => [uniqueIndex('festivita_sede_data_uq').on(t.sedeId, t.data)]
);

/** Weekly availability declared by a mediator; with none, the sede's opening hours apply. */
export const disponibilitaMediatori = sqliteTable(
	'disponibilita_mediatori',
	{
		id: text('id').primaryKey(),
		/** The Organismo the availability is declared for: a mediator of several keeps one calendar per Organismo. */
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		mediatoreId: text('mediatore_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		giorno: integer('giorno').notNull(),
		dalle: text('dalle').notNull(),
		alle: text('alle').notNull()
	},
	(t) => [index('disponibilita_med_idx').on(t.organismoId, t.mediatoreId)]
);

/** Periods in which a mediator is not available (UTC instants). */
export const indisponibilitaMediatori = sqliteTable(
	'indisponibilita_mediatori',
	{
		id: text('id').primaryKey(),
		/** The Organismo the availability is declared for: a mediator of several keeps one calendar per Organismo. */
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		mediatoreId: text('mediatore_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		inizio: text('inizio').notNull(),
		fine: text('fine').notNull(),
		motivo: text('motivo').notNull().default(''),
		createdAt: createdAt()
	},
	(t) => [index('indisponibilita_med_idx').on(t.organismoId, t.mediatoreId, t.inizio)]
);

export const RICHIESTA_STATI = ['in_attesa', 'approvata', 'respinta'] as const;

/** A mediator's request to move a meeting, decided by the segreteria (when the Organismo requires it). */
export const richiesteModifica = sqliteTable(
	'richieste_modifica',
	{
		id: text('id').primaryKey(),
		incontroId: text('incontro_id')
			.notNull()
			.references(() => incontri.id, { onDelete: 'cascade' }),
		richiedenteId: text('richiedente_id')
			.notNull()
			.references(() => users.id),
		nuovoInizio: text('nuovo_inizio').notNull(),
		durataMinuti: integer('durata_minuti').notNull(),
		motivo: text('motivo').notNull().default(''),
		stato: text('stato', { enum: RICHIESTA_STATI }).notNull().default('in_attesa'),
		decisaDa: text('decisa_da').references(() => users.id),
		decisaAt: integer('decisa_at', { mode: 'timestamp_ms' }),
		createdAt: createdAt()
	},
	(t) => [index('richieste_incontro_idx').on(t.incontroId, t.stato)]
);

/** In-app notifications. `chiave` deduplicates generated alerts (one per deadline and day). */
export const notifiche = sqliteTable(
	'notifiche',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** The Organismo it is about: shown only while the person works there. Null on rows older than memberships. */
		organismoId: text('organismo_id').references(() => organismi.id, { onDelete: 'cascade' }),
		titolo: text('titolo').notNull(),
		testo: text('testo').notNull().default(''),
		link: text('link'),
		chiave: text('chiave'),
		letta: integer('letta', { mode: 'boolean' }).notNull().default(false),
		createdAt: createdAt()
	},
	(t) => [index('notifiche_user_idx').on(t.userId, t.organismoId, t.letta), uniqueIndex('notifiche_chiave_uq').on(t.userId, t.chiave)]
);

/** Secret calendar feed of a user: only the SHA-256 of the token is stored; revoked = row deleted. */
export const icsFeed = sqliteTable('ics_feed', {
	/** One feed per membership: a person who works for two Organismi has two, each with only its meetings. */
	membershipId: text('membership_id')
		.primaryKey()
		.references(() => memberships.id, { onDelete: 'cascade' }),
	userId: text('user_id')
		.notNull()
		.references(() => users.id, { onDelete: 'cascade' }),
	tokenHash: text('token_hash').notNull().unique(),
	createdAt: createdAt()
});

/** Per-Organismo agenda settings. */
export const impostazioniAgenda = sqliteTable('impostazioni_agenda', {
	organismoId: text('organismo_id')
		.primaryKey()
		.references(() => organismi.id),
	/** 'diretta': the mediator moves own meetings; 'richiesta': the segreteria approves. */
	modificaMediatore: text('modifica_mediatore', { enum: ['diretta', 'richiesta'] })
		.notNull()
		.default('richiesta'),
	durataPredefinita: integer('durata_predefinita').notNull().default(120)
});
