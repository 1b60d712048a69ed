import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from '../auth/schema.ts';
import { documenti } from '../documents/schema.ts';
import { organismi } from '../organismi/schema.ts';
import { procedimenti } from '../procedimenti/schema.ts';
import { createdAt } from '../shared/columns.ts';

export const PROCESSO_STATI = ['in_corso', 'completato', 'annullato', 'scaduto'] as const;
export type ProcessoStato = (typeof PROCESSO_STATI)[number];

/** Recipient states; they only move forward (inviato -> visto -> firmato | rifiutato | scaduto). */
export const DESTINATARIO_STATI = ['inviato', 'visto', 'firmato', 'rifiutato', 'scaduto'] as const;
export type DestinatarioStato = (typeof DESTINATARIO_STATI)[number];

export const METODI_FIRMA = ['dispositivo', 'remota', 'one_shot'] as const;
export type MetodoFirma = (typeof METODI_FIRMA)[number];

/** A "processo di firma": one PDF of the fascicolo signed by its recipients, the mediator last. */
export const firmaProcessi = sqliteTable(
	'firma_processi',
	{
		id: text('id').primaryKey(),
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		procedimentoId: text('procedimento_id')
			.notNull()
			.references(() => procedimenti.id),
		titolo: text('titolo').notNull(),
		/** The document the process started from (a locked verbale version's PDF or any PDF). */
		documentoOrigineId: text('documento_origine_id')
			.notNull()
			.references(() => documenti.id),
		/** The latest signed revision (a new version of the same serie after each signature). */
		documentoCorrenteId: text('documento_corrente_id')
			.notNull()
			.references(() => documenti.id),
		stato: text('stato', { enum: PROCESSO_STATI }).notNull().default('in_corso'),
		scadenza: text('scadenza').notNull(), // ISO timestamp
		/** Days between reminders (0 = none). */
		sollecitoGiorni: integer('sollecito_giorni').notNull().default(2),
		/** The mediator's verification of the other signatures passed (art. 8-bis). */
		verificatoIl: text('verificato_il'),
		completatoIl: text('completato_il'),
		autoreId: text('autore_id').references(() => users.id),
		createdAt: createdAt()
	},
	(t) => [index('firma_processi_proc_idx').on(t.procedimentoId)]
);

export const firmaDestinatari = sqliteTable(
	'firma_destinatari',
	{
		id: text('id').primaryKey(),
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		processoId: text('processo_id')
			.notNull()
			.references(() => firmaProcessi.id, { onDelete: 'cascade' }),
		ordine: integer('ordine').notNull(),
		/** 1: parties, lawyers and the others in parallel; 2: the mediator, last. */
		fase: integer('fase').notNull(),
		nome: text('nome').notNull(),
		qualifica: text('qualifica').notNull(),
		codiceFiscale: text('codice_fiscale'),
		email: text('email'),
		userId: text('user_id').references(() => users.id),
		/** Signature field of the PDF (the verbale's empty fields), or null for a new one. */
		campo: text('campo'),
		stato: text('stato', { enum: DESTINATARIO_STATI }).notNull().default('inviato'),
		metodo: text('metodo', { enum: METODI_FIRMA }),
		firmatoIl: text('firmato_il'),
		/** JSON: name, CF, issuer, serial of the certificate that signed. */
		certificato: text('certificato'),
		/** The revision (document) produced by this signature, or the CAdES envelope uploaded. */
		documentoId: text('documento_id').references(() => documenti.id),
		motivoRifiuto: text('motivo_rifiuto'),
		ultimoSollecito: text('ultimo_sollecito')
	},
	(t) => [index('firma_destinatari_proc_idx').on(t.processoId)]
);

/** What happened in a process (sent, seen, signed, refused, reminders, provider errors): the monitor's history. */
export const firmaEventi = sqliteTable(
	'firma_eventi',
	{
		id: text('id').primaryKey(),
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		processoId: text('processo_id')
			.notNull()
			.references(() => firmaProcessi.id, { onDelete: 'cascade' }),
		destinatarioId: text('destinatario_id'),
		tipo: text('tipo').notNull(),
		messaggio: text('messaggio').notNull(),
		createdAt: createdAt()
	},
	(t) => [index('firma_eventi_proc_idx').on(t.processoId)]
);

/** The rapporto di verifica stored with a document of the fascicolo (JSON; the PDF is a document too). */
export const firmaVerifiche = sqliteTable(
	'firma_verifiche',
	{
		id: text('id').primaryKey(),
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		documentoId: text('documento_id')
			.notNull()
			.references(() => documenti.id),
		esito: text('esito').notNull(),
		sintesi: text('sintesi').notNull(),
		rapporto: text('rapporto').notNull(),
		rapportoPdfId: text('rapporto_pdf_id').references(() => documenti.id),
		createdAt: createdAt()
	},
	(t) => [index('firma_verifiche_doc_idx').on(t.documentoId)]
);

/** The Organismo's trust store: CA and TSA certificates (added by hand or from a trusted list). */
export const firmaFiduciari = sqliteTable(
	'firma_fiduciari',
	{
		id: text('id').primaryKey(),
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		nome: text('nome').notNull(),
		impronta: text('impronta').notNull(),
		/** DER, base64. */
		certificato: text('certificato').notNull(),
		fonte: text('fonte', { enum: ['manuale', 'lista_fiduciaria'] }).notNull(),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('firma_fiduciari_uq').on(t.organismoId, t.impronta)]
);
