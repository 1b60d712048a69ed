import { sql } from 'drizzle-orm';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const organismi = sqliteTable('organismi', {
	id: text('id').primaryKey(),
	denominazione: text('denominazione').notNull(),
	/** Number in the Ministry of Justice register of mediation bodies (registro degli organismi). */
	numeroRegistro: text('numero_registro').notNull(),
	/** Its own address on the deployment: /o/<slug>/login (lowercase letters, digits, dashes). */
	slug: text('slug').unique(),
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
