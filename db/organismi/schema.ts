import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const organismi = sqliteTable('organismi', {
	id: text('id').primaryKey(),
	denominazione: text('denominazione').notNull(),
	/** Number in the Ministry of Justice register of mediation bodies (registro degli organismi). */
	numeroRegistro: text('numero_registro').notNull(),
	/** Its own address on the deployment: /o/<slug>/login (lowercase letters, digits, dashes). */
	slug: text('slug').unique(),
	/**
	 * Its own host name, when it is reached on a domain of its own (mediazione.studiobianchi.it):
	 * that origin is allowed for the sockets (src/lib/protocol/origin.ts), and a connection from it
	 * acts only for this Organismo. Lower case, no scheme or port.
	 */
	dominio: text('dominio').unique(),
	/** Accent colour of its login page and portals (#rrggbb); null = Accordo's. */
	colore: text('colore'),
	codiceFiscale: text('codice_fiscale'),
	pec: text('pec'),
	createdAt: integer('created_at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(unixepoch('subsec') * 1000)`)
});

export const sedi = sqliteTable('sedi', {
	id: text('id').primaryKey(),
	organismoId: text('organismo_id')
		.notNull()
		.references(() => organismi.id),
	nome: text('nome').notNull(),
	indirizzo: text('indirizzo').notNull(),
	comune: text('comune').notNull(),
	provincia: text('provincia').notNull()
});

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

/** What an Organismo's HMAC key signs (one key family per purpose). */
export const CHIAVE_SCOPI = ['stanza_link', 'firma_link'] as const;

/**
 * Per-Organismo HMAC keys, rotation-friendly: a token carries the id of the key that signed it, so
 * after a rotation the newest key signs while older ones still verify until they are retired.
 * `valore` is 32 random bytes (base64url); with ACCORDO_SECRET set the key actually used is derived
 * from both (db/organismi/keys.ts), so a copy of the database alone cannot forge a link.
 */
export const chiaviOrganismo = sqliteTable(
	'chiavi_organismo',
	{
		/** The key id written into every token it signs. */
		id: text('id').primaryKey(),
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id, { onDelete: 'cascade' }),
		scopo: text('scopo', { enum: CHIAVE_SCOPI }).notNull(),
		valore: text('valore').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch('subsec') * 1000)`),
		/** Set when retired: tokens signed with it are refused from then on. */
		retiredAt: integer('retired_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('chiavi_organismo_scopo_idx').on(t.organismoId, t.scopo, t.createdAt)]
);
