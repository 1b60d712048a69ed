import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from '../auth/schema.ts';
import { organismi } from '../organismi/schema.ts';
import { centriInteresse, procedimenti, soggetti } from '../procedimenti/schema.ts';
import { createdAt } from '../shared/columns.ts';
import { ACCESSO_TIPI, MODALITA_RISPOSTA, RISPOSTE } from './labels.ts';

/**
 * Adesione online. The codes themselves are the centro di interesse's codice_adesione
 * (db/procedimenti/schema.ts); this module keeps what happens with them: the answers given online,
 * the personal links that follow a correct code entry, and every attempt (for the lockout).
 */

/** One online answer per invited centro di interesse: who gave it, how and when. */
export const adesioniRisposte = sqliteTable(
	'adesioni_risposte',
	{
		id: text('id').primaryKey(),
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		procedimentoId: text('procedimento_id')
			.notNull()
			.references(() => procedimenti.id, { onDelete: 'cascade' }),
		centroId: text('centro_id')
			.notNull()
			.references(() => centriInteresse.id, { onDelete: 'cascade' }),
		risposta: text('risposta', { enum: RISPOSTE }).notNull(),
		modalita: text('modalita', { enum: MODALITA_RISPOSTA }).notNull(),
		/** Refusal: the optional reason the party gave. */
		motivo: text('motivo'),
		/** Adhesion: the lawyer who completed it (account) and their place in the case. */
		avvocatoUserId: text('avvocato_user_id').references(() => users.id),
		avvocatoSoggettoId: text('avvocato_soggetto_id').references(() => soggetti.id, { onDelete: 'set null' }),
		/** Whether the party agrees to meetings held remotely (art. 8-bis D.Lgs. 28/2010). */
		consensoTelematica: integer('consenso_telematica', { mode: 'boolean' }),
		note: text('note'),
		/** Europe/Rome calendar date of the answer (the case's deadlines read it). */
		data: text('data').notNull(),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('adesioni_risposte_centro_uq').on(t.centroId), index('adesioni_risposte_proc_idx').on(t.procedimentoId)]
);

/** Personal links (only the SHA-256 of the token is stored). */
export const adesioniAccessi = sqliteTable(
	'adesioni_accessi',
	{
		id: text('id').primaryKey(),
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		procedimentoId: text('procedimento_id')
			.notNull()
			.references(() => procedimenti.id, { onDelete: 'cascade' }),
		centroId: text('centro_id')
			.notNull()
			.references(() => centriInteresse.id, { onDelete: 'cascade' }),
		tipo: text('tipo', { enum: ACCESSO_TIPI }).notNull(),
		tokenHash: text('token_hash').notNull(),
		scadenza: integer('scadenza', { mode: 'timestamp_ms' }).notNull(),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('adesioni_accessi_token_uq').on(t.tokenHash), index('adesioni_accessi_centro_idx').on(t.centroId)]
);

/** Every code entry, right or wrong: the lockout counts the wrong ones per case number and per address. */
export const adesioniTentativi = sqliteTable(
	'adesioni_tentativi',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		/** The numero di istanza as typed, normalised ("2026/12"). */
		numero: text('numero').notNull(),
		ip: text('ip').notNull(),
		riuscito: integer('riuscito', { mode: 'boolean' }).notNull(),
		at: integer('at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [
		index('adesioni_tentativi_numero_idx').on(t.organismoId, t.numero, t.at),
		index('adesioni_tentativi_ip_idx').on(t.organismoId, t.ip, t.at)
	]
);
