import { foreignKey, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from '../auth/schema.ts';
import { organismi } from '../organismi/schema.ts';
import { materie, persone, procedimenti } from '../procedimenti/schema.ts';
import { createdAt } from '../shared/columns.ts';

export const ASSEGNAZIONE_METODI = ['indicazione_congiunta', 'rotazione', 'scelta_responsabile'] as const;
export const ASSEGNAZIONE_STATI = ['proposta', 'accettata', 'rifiutata', 'revocata'] as const;
export const ASSEGNAZIONE_RUOLI = ['designato', 'co_mediatore'] as const;

/**
 * Mediator registry: one row per mediator per Organismo (primary key organismo + user). One person
 * can be a mediator of several Organismi, each with its own stato, materie, load and conflicts.
 */
export const mediatori = sqliteTable(
	'mediatori',
	{
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		userId: text('user_id')
			.notNull()
			.references(() => users.id),
		stato: text('stato', { enum: ['attivo', 'sospeso'] })
			.notNull()
			.default('attivo'),
		qualifiche: text('qualifiche').notNull().default(''),
		/** Open cases beyond which rotation skips the mediator. */
		caricoMassimo: integer('carico_massimo').notNull().default(20),
		/** Last rotation assignment (round-robin order). */
		ultimaAssegnazione: integer('ultima_assegnazione', { mode: 'timestamp_ms' })
	},
	(t) => [primaryKey({ columns: [t.organismoId, t.userId] }), index('mediatori_user_idx').on(t.userId)]
);

/** The materie a mediator handles in one Organismo (its own materie). */
export const mediatoreMaterie = sqliteTable(
	'mediatore_materie',
	{
		organismoId: text('organismo_id').notNull(),
		userId: text('user_id').notNull(),
		materiaId: text('materia_id')
			.notNull()
			.references(() => materie.id, { onDelete: 'cascade' })
	},
	(t) => [
		primaryKey({ columns: [t.organismoId, t.userId, t.materiaId] }),
		foreignKey({ columns: [t.organismoId, t.userId], foreignColumns: [mediatori.organismoId, mediatori.userId] }).onDelete('cascade')
	]
);

/** Conflicts declared by a mediator in one Organismo (with a person of its archive, or free text). */
export const mediatoreConflitti = sqliteTable(
	'mediatore_conflitti',
	{
		id: text('id').primaryKey(),
		organismoId: text('organismo_id').notNull(),
		userId: text('user_id').notNull(),
		personaId: text('persona_id').references(() => persone.id),
		descrizione: text('descrizione').notNull(),
		createdAt: createdAt()
	},
	(t) => [
		foreignKey({ columns: [t.organismoId, t.userId], foreignColumns: [mediatori.organismoId, mediatori.userId] }).onDelete('cascade'),
		index('mediatore_conflitti_med_idx').on(t.organismoId, t.userId)
	]
);

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
