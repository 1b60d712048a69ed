import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from '../auth/schema.ts';
import { documenti } from '../documents/schema.ts';
import { organismi } from '../organismi/schema.ts';
import { centriInteresse, persone, procedimenti } from '../procedimenti/schema.ts';
import { protocollo } from '../protocollo/schema.ts';

const createdAt = () =>
	integer('created_at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(unixepoch('subsec') * 1000)`);

export const CANALI = ['pec', 'email'] as const;
export const SICUREZZE = ['tls', 'starttls', 'nessuna'] as const;
/** The sending pipeline of one message (the outbox). */
export const STATI_MESSAGGIO = ['in_coda', 'in_invio', 'inviato', 'fallito', 'annullato'] as const;
/** What happened to the message for one recipient (receipts move it on). */
export const STATI_DESTINATARIO = [
	'in_coda',
	'inviato',
	'accettato',
	'consegnato',
	'non_accettato',
	'errore_consegna',
	'rifiutato'
] as const;
export const ATTI = ['comunicazione_istanza', 'convocazione', 'prova', 'altro'] as const;

/**
 * Sender accounts of an Organismo: an e-mail SMTP account or a PEC mailbox (SMTP submission + IMAP
 * for receipts and incoming mail). The password is AES-256-GCM encrypted with the key of the
 * environment (db/comunicazioni/secret.ts); `gestoriFidati` are the PEM certificates of the CAs whose
 * signatures on receipts count as proof.
 */
export const casellePosta = sqliteTable(
	'caselle_posta',
	{
		id: text('id').primaryKey(),
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		canale: text('canale', { enum: CANALI }).notNull(),
		nome: text('nome').notNull(),
		indirizzo: text('indirizzo').notNull(),
		smtpHost: text('smtp_host').notNull(),
		smtpPort: integer('smtp_port').notNull(),
		smtpSicurezza: text('smtp_sicurezza', { enum: SICUREZZE }).notNull(),
		imapHost: text('imap_host'),
		imapPort: integer('imap_port'),
		imapSicurezza: text('imap_sicurezza', { enum: SICUREZZE }),
		utente: text('utente').notNull(),
		passwordCifrata: text('password_cifrata').notNull(),
		gestoriFidati: text('gestori_fidati').notNull().default(''),
		attiva: integer('attiva', { mode: 'boolean' }).notNull().default(true),
		imapUidValidity: integer('imap_uid_validity'),
		imapUltimoUid: integer('imap_ultimo_uid').notNull().default(0),
		ultimoControllo: text('ultimo_controllo'),
		ultimoErrore: text('ultimo_errore'),
		createdAt: createdAt()
	},
	(t) => [index('caselle_org_idx').on(t.organismoId, t.canale)]
);

/** The outbox: one durable row per message, its bytes (.eml) content-addressed in the file store. */
export const messaggi = sqliteTable(
	'messaggi',
	{
		id: text('id').primaryKey(),
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		casellaId: text('casella_id')
			.notNull()
			.references(() => casellePosta.id),
		canale: text('canale', { enum: CANALI }).notNull(),
		/** RFC 5322 Message-ID, fixed at enqueue: every retry sends the same bytes with the same id. */
		messageId: text('message_id').notNull().unique(),
		/** Idempotency key of the form submission (+ recipient): a double click enqueues once. */
		richiestaId: text('richiesta_id').unique(),
		oggetto: text('oggetto').notNull(),
		testo: text('testo').notNull(),
		html: text('html').notNull(),
		emlSha256: text('eml_sha256').notNull(),
		procedimentoId: text('procedimento_id').references(() => procedimenti.id),
		centroId: text('centro_id').references(() => centriInteresse.id),
		atto: text('atto', { enum: ATTI }).notNull(),
		richiestoDa: text('richiesto_da').references(() => users.id),
		stato: text('stato', { enum: STATI_MESSAGGIO }).notNull().default('in_coda'),
		tentativi: integer('tentativi').notNull().default(0),
		prossimoTentativo: integer('prossimo_tentativo').notNull(),
		leaseFino: integer('lease_fino'),
		ultimoErrore: text('ultimo_errore'),
		inviatoIl: text('inviato_il'),
		/** Protocol entry (uscita) and the fascicolo document of the sent .eml. */
		protocolloId: text('protocollo_id').references(() => protocollo.id),
		documentoId: text('documento_id').references(() => documenti.id),
		createdAt: createdAt()
	},
	(t) => [index('messaggi_coda_idx').on(t.stato, t.prossimoTentativo), index('messaggi_proc_idx').on(t.procedimentoId)]
);

export const messaggiDestinatari = sqliteTable(
	'messaggi_destinatari',
	{
		id: text('id').primaryKey(),
		messaggioId: text('messaggio_id')
			.notNull()
			.references(() => messaggi.id, { onDelete: 'cascade' }),
		indirizzo: text('indirizzo').notNull(),
		nome: text('nome').notNull().default(''),
		personaId: text('persona_id').references(() => persone.id),
		stato: text('stato', { enum: STATI_DESTINATARIO }).notNull().default('in_coda'),
		/** Legal delivery time (from the signed delivery receipt), ISO UTC. */
		consegnatoIl: text('consegnato_il'),
		errore: text('errore')
	},
	(t) => [uniqueIndex('destinatari_uq').on(t.messaggioId, t.indirizzo)]
);

/** Status timeline: every step with its time and its evidence (a receipt). */
export const messaggiEventi = sqliteTable(
	'messaggi_eventi',
	{
		id: text('id').primaryKey(),
		messaggioId: text('messaggio_id')
			.notNull()
			.references(() => messaggi.id, { onDelete: 'cascade' }),
		destinatarioId: text('destinatario_id').references(() => messaggiDestinatari.id),
		stato: text('stato').notNull(),
		at: text('at').notNull(),
		descrizione: text('descrizione').notNull().default(''),
		ricevutaId: text('ricevuta_id')
	},
	(t) => [index('eventi_msg_idx').on(t.messaggioId, t.at)]
);

/** PEC receipts read from the mailbox, valid or not (a receipt with a bad signature is kept and shown, never counted). */
export const ricevute = sqliteTable(
	'ricevute',
	{
		id: text('id').primaryKey(),
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		casellaId: text('casella_id')
			.notNull()
			.references(() => casellePosta.id),
		messaggioId: text('messaggio_id').references(() => messaggi.id),
		destinatarioId: text('destinatario_id').references(() => messaggiDestinatari.id),
		tipo: text('tipo').notNull(),
		msgid: text('msgid'),
		identificativo: text('identificativo'),
		dataRicevuta: text('data_ricevuta'),
		gestore: text('gestore'),
		consegna: text('consegna'),
		errore: text('errore'),
		firmaValida: integer('firma_valida', { mode: 'boolean' }).notNull(),
		firmaEsito: text('firma_esito').notNull(),
		sha256: text('sha256').notNull(),
		documentoId: text('documento_id').references(() => documenti.id),
		protocolloId: text('protocollo_id').references(() => protocollo.id),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('ricevute_uq').on(t.casellaId, t.sha256), index('ricevute_msg_idx').on(t.messaggioId)]
);

export const STATI_ARRIVO = ['da_registrare', 'registrato', 'scartato'] as const;

/** Posta in arrivo: PEC envelopes and e-mail read from the Organismo's mailbox. */
export const postaArrivo = sqliteTable(
	'posta_arrivo',
	{
		id: text('id').primaryKey(),
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		casellaId: text('casella_id')
			.notNull()
			.references(() => casellePosta.id),
		sha256: text('sha256').notNull(),
		messageId: text('message_id'),
		mittente: text('mittente').notNull(),
		oggetto: text('oggetto').notNull(),
		ricevutoIl: text('ricevuto_il').notNull(),
		pec: integer('pec', { mode: 'boolean' }).notNull(),
		firmaValida: integer('firma_valida', { mode: 'boolean' }).notNull(),
		allegati: integer('allegati').notNull().default(0),
		personaId: text('persona_id').references(() => persone.id),
		stato: text('stato', { enum: STATI_ARRIVO }).notNull().default('da_registrare'),
		procedimentoId: text('procedimento_id').references(() => procedimenti.id),
		protocolloId: text('protocollo_id').references(() => protocollo.id),
		documentoId: text('documento_id').references(() => documenti.id),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('arrivo_uq').on(t.casellaId, t.sha256), index('arrivo_org_idx').on(t.organismoId, t.stato)]
);

/** Per-Organismo message templates (the defaults live in templates.ts). */
export const modelliComunicazione = sqliteTable(
	'modelli_comunicazione',
	{
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		atto: text('atto', { enum: ATTI }).notNull(),
		oggetto: text('oggetto').notNull(),
		testo: text('testo').notNull(),
		updatedAt: createdAt()
	},
	(t) => [primaryKey({ columns: [t.organismoId, t.atto] })]
);

/** Attachments: documents of the fascicolo, by reference (their bytes are in the sent .eml too). */
export const messaggiAllegati = sqliteTable(
	'messaggi_allegati',
	{
		messaggioId: text('messaggio_id')
			.notNull()
			.references(() => messaggi.id, { onDelete: 'cascade' }),
		documentoId: text('documento_id')
			.notNull()
			.references(() => documenti.id)
	},
	(t) => [primaryKey({ columns: [t.messaggioId, t.documentoId] })]
);
