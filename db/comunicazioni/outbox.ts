import { readFile } from 'node:fs/promises';
import { and, eq } from 'drizzle-orm';
import MailComposer from 'nodemailer/lib/mail-composer';
import { writeTransaction, type Db } from '../client.ts';
import { newId } from '../shared/ids.ts';
import { formatOra } from '../shared/time.ts';
import type { FileStore } from '../documents/storage.ts';
import { enqueueJob } from '../jobs/repo.ts';
import { casellePosta, messaggi, messaggiDestinatari, messaggiAllegati, ricevute } from './schema.ts';
import {
	addEvento,
	destinatariOf,
	findMessaggioByRichiesta,
	getCasella,
	getMessaggio,
	setStatoDestinatario,
	type Casella
} from './repo.ts';
import { describeTransportError } from './errors.ts';
import { decryptSecret } from './secret.ts';
import { backoffMs, MAX_TENTATIVI } from './status.ts';
import { textToHtml, type Atto } from './templates.ts';
import { smtpTransport } from './transports/smtp.ts';
import { imapReader } from './transports/imap.ts';
import type { MailboxReader, MailTransport, ServerConfig } from './transports/types.ts';

/**
 * The outbox: a message is composed once (fixed Message-ID, bytes stored content-addressed), queued,
 * and sent by `sendOutboxMessage`, which claims it in an IMMEDIATE transaction with a lease so two
 * senders never send it twice; a transient failure puts it back with a backoff, a permanent one
 * (password refused, recipient refused) or too many attempts marks it failed, visibly.
 */

export interface MailDeps {
	store: FileStore;
	/** AES key of the credentials (secret.ts credentialsKey()). */
	key: Buffer;
	now?: () => Date;
	transport?: (cfg: ServerConfig) => MailTransport;
	reader?: (cfg: ServerConfig) => MailboxReader;
	/** Called after a message is sent (evidence in the fascicolo and protocollo; outbox/evidence.ts). */
	onSent?: (db: Db, messaggioId: string, raw: Buffer, deps: MailDeps) => Promise<void>;
}

export const LEASE_MS = 2 * 60_000;

export function smtpConfig(c: Casella, key: Buffer): ServerConfig {
	return {
		host: c.smtpHost,
		port: c.smtpPort,
		sicurezza: c.smtpSicurezza,
		utente: c.utente,
		password: decryptSecret(c.passwordCifrata, key, c.id)
	};
}

export function imapConfig(c: Casella, key: Buffer): ServerConfig | null {
	if (!c.imapHost || !c.imapPort || !c.imapSicurezza) return null;
	return {
		host: c.imapHost,
		port: c.imapPort,
		sicurezza: c.imapSicurezza,
		utente: c.utente,
		password: decryptSecret(c.passwordCifrata, key, c.id)
	};
}

export const transportOf = (deps: MailDeps) => deps.transport ?? ((cfg: ServerConfig) => smtpTransport(cfg));
export const readerOf = (deps: MailDeps) => deps.reader ?? ((cfg: ServerConfig) => imapReader(cfg));

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1) || 'accordo.invalid';

export interface ComposeInput {
	from: { name: string; address: string };
	to: Array<{ name: string; address: string }>;
	subject: string;
	text: string;
	messageId: string;
	date: Date;
	attachments?: Array<{ filename: string; content: Buffer; contentType: string }>;
	headers?: Record<string, string>;
}

/** RFC 5322 bytes (text + HTML alternative, attachments) built with nodemailer's MailComposer. */
export function composeEml(m: ComposeInput): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		new MailComposer({
			from: m.from,
			to: m.to,
			subject: m.subject,
			text: m.text,
			html: textToHtml(m.text),
			messageId: m.messageId,
			date: m.date,
			attachments: m.attachments,
			headers: m.headers
		})
			.compile()
			.build((err, buf) => (err ? reject(err) : resolve(buf)));
	});
}

/** The job that sends what is due (db/comunicazioni/jobs.ts). */
export const INVIO_KIND = 'comunicazioni.invio';

/** Asks the job runner to send now: one `comunicazioni.invio` job (inside the caller's transaction when there is one). */
export function requestInvio(db: Db, messaggioId: string, now = new Date()): void {
	enqueueJob(db, { kind: INVIO_KIND, payload: {}, idempotencyKey: `${INVIO_KIND}:${messaggioId}:${now.getTime()}`, runAt: now }, now);
}

export interface NuovoMessaggio {
	casella: Casella;
	atto: Atto;
	oggetto: string;
	testo: string;
	destinatari: Array<{ indirizzo: string; nome: string; personaId?: string | null }>;
	procedimentoId?: string | null;
	centroId?: string | null;
	richiestaId?: string | null;
	richiestoDa?: string | null;
	/** Fascicolo documents to attach (by reference; their bytes go into the .eml). */
	allegati?: Array<{ documentoId: string; nomeFile: string; mime: string; sha256: string }>;
}

/** Composes and queues one message. The same richiestaId twice returns the first message. */
export async function enqueueMessaggio(
	db: Db,
	store: FileStore,
	input: NuovoMessaggio,
	now = new Date()
): Promise<{ id: string; duplicate: boolean }> {
	if (input.richiestaId) {
		const dup = findMessaggioByRichiesta(db, input.richiestaId);
		if (dup) return { id: dup.id, duplicate: true };
	}
	const id = newId();
	const messageId = `<${id}@${domainOf(input.casella.indirizzo)}>`;
	const attachments = await Promise.all(
		(input.allegati ?? []).map(async (a) => ({ filename: a.nomeFile, contentType: a.mime, content: await readFile(store.path(a.sha256)) }))
	);
	const raw = await composeEml({
		from: { name: input.casella.nome, address: input.casella.indirizzo },
		to: input.destinatari.map((d) => ({ name: d.nome, address: d.indirizzo })),
		subject: input.oggetto,
		text: input.testo,
		messageId,
		date: now,
		attachments,
		headers: { 'X-Accordo-Atto': input.atto }
	});
	const blob = store.put(raw);
	return writeTransaction(db, () => {
		if (input.richiestaId) {
			const dup = findMessaggioByRichiesta(db, input.richiestaId);
			if (dup) return { id: dup.id, duplicate: true };
		}
		db.insert(messaggi)
			.values({
				id,
				organismoId: input.casella.organismoId,
				casellaId: input.casella.id,
				canale: input.casella.canale,
				messageId,
				richiestaId: input.richiestaId ?? null,
				oggetto: input.oggetto,
				testo: input.testo,
				html: textToHtml(input.testo),
				emlSha256: blob.sha256,
				procedimentoId: input.procedimentoId ?? null,
				centroId: input.centroId ?? null,
				atto: input.atto,
				richiestoDa: input.richiestoDa ?? null,
				prossimoTentativo: now.getTime(),
				createdAt: now
			})
			.run();
		for (const d of input.destinatari)
			db.insert(messaggiDestinatari)
				.values({ id: newId(), messaggioId: id, indirizzo: d.indirizzo, nome: d.nome, personaId: d.personaId ?? null })
				.onConflictDoNothing()
				.run();
		for (const a of input.allegati ?? [])
			db.insert(messaggiAllegati).values({ messaggioId: id, documentoId: a.documentoId }).onConflictDoNothing().run();
		addEvento(db, {
			messaggioId: id,
			stato: 'in_coda',
			at: now,
			descrizione: `Messaggio in coda per l'invio (${input.destinatari.length} destinatari)`
		});
		requestInvio(db, id, now);
		return { id, duplicate: false };
	});
}

export type SendResult =
	| { outcome: 'sent'; accepted: string[]; rejected: string[] }
	| { outcome: 'retry' | 'failed'; message: string }
	| { outcome: 'skipped' | 'already' };

type Claim = { kind: 'claimed'; tentativi: number } | { kind: 'skipped' } | { kind: 'already' } | { kind: 'uncertain' };

/** Takes the message for sending if it is due (compare-and-set on its state, inside the write lock). */
function claim(db: Db, id: string, now: number): Claim {
	return writeTransaction(db, (): Claim => {
		const m = getMessaggio(db, id);
		if (!m) return { kind: 'skipped' };
		const due = m.stato === 'in_coda' && m.prossimoTentativo <= now;
		const stale = m.stato === 'in_invio' && (m.leaseFino ?? 0) <= now;
		if (!due && !stale) return { kind: 'skipped' };
		if (stale) {
			// The sender died during the SMTP exchange: was it accepted? For PEC the provider's signed
			// acceptance answers; without it the message goes out again. E-mail has no such proof: the
			// segreteria decides (never an automatic duplicate).
			const accepted = db
				.select({ id: ricevute.id })
				.from(ricevute)
				.where(and(eq(ricevute.messaggioId, id), eq(ricevute.tipo, 'accettazione'), eq(ricevute.firmaValida, true)))
				.get();
			if (accepted) {
				db.update(messaggi).set({ stato: 'inviato', leaseFino: null }).where(eq(messaggi.id, id)).run();
				addEvento(db, {
					messaggioId: id,
					stato: 'inviato',
					at: new Date(now),
					descrizione: "Invio confermato dalla ricevuta di accettazione dopo un'interruzione"
				});
				return { kind: 'already' };
			}
			if (m.canale === 'email') {
				db.update(messaggi)
					.set({
						stato: 'fallito',
						leaseFino: null,
						ultimoErrore: "Esito incerto: l'invio si è interrotto a metà. Verifica con il destinatario prima di reinviare."
					})
					.where(eq(messaggi.id, id))
					.run();
				addEvento(db, {
					messaggioId: id,
					stato: 'fallito',
					at: new Date(now),
					descrizione: "Esito incerto: l'invio si è interrotto a metà"
				});
				return { kind: 'uncertain' };
			}
		}
		const res = db
			.update(messaggi)
			.set({ stato: 'in_invio', leaseFino: now + LEASE_MS, tentativi: m.tentativi + 1 })
			.where(and(eq(messaggi.id, id), eq(messaggi.stato, m.stato)))
			.run();
		return res.changes === 1 ? { kind: 'claimed', tentativi: m.tentativi + 1 } : { kind: 'skipped' };
	});
}

/** Sends one queued message (the job body). Safe to call twice at once: one of them sends. */
export async function sendOutboxMessage(db: Db, id: string, deps: MailDeps): Promise<SendResult> {
	const now = deps.now ?? (() => new Date());
	const c = claim(db, id, now().getTime());
	if (c.kind === 'skipped') return { outcome: 'skipped' };
	if (c.kind === 'already') return { outcome: 'already' };
	if (c.kind === 'uncertain') return { outcome: 'failed', message: 'esito incerto' };
	const m = getMessaggio(db, id)!;
	const casella = getCasella(db, m.casellaId)!;
	const dest = destinatariOf(db, id).filter((d) => d.stato === 'in_coda');
	let transport: MailTransport | null = null;
	try {
		const raw = await readFile(deps.store.path(m.emlSha256));
		transport = transportOf(deps)(smtpConfig(casella, deps.key));
		const sent = await transport.send(raw, { from: casella.indirizzo, to: dest.map((d) => d.indirizzo) });
		const at = now();
		writeTransaction(db, () => {
			db.update(messaggi)
				.set({ stato: 'inviato', leaseFino: null, ultimoErrore: null, inviatoIl: at.toISOString() })
				.where(eq(messaggi.id, id))
				.run();
			for (const d of dest) {
				const rej = sent.rejected.find((r) => r.address.toLowerCase() === d.indirizzo.toLowerCase());
				if (rej) {
					setStatoDestinatario(db, d.id, 'rifiutato', { errore: rej.reason });
					addEvento(db, { messaggioId: id, destinatarioId: d.id, stato: 'rifiutato', at, descrizione: `${d.indirizzo}: ${rej.reason}` });
				} else {
					setStatoDestinatario(db, d.id, 'inviato');
				}
			}
			addEvento(db, {
				messaggioId: id,
				stato: 'inviato',
				at,
				descrizione: `Consegnato al server di ${casella.canale === 'pec' ? 'posta certificata' : 'posta'} ${casella.smtpHost} (tentativo ${c.tentativi})`
			});
		});
		if (deps.onSent) await deps.onSent(db, id, raw, deps).catch((err) => console.error('comunicazioni: evidence of sent message', id, err));
		return { outcome: 'sent', accepted: sent.accepted, rejected: sent.rejected.map((r) => r.address) };
	} catch (err) {
		const f = describeTransportError(err, `${casella.smtpHost}:${casella.smtpPort}`);
		const at = now();
		const retry = f.transient && c.tentativi < MAX_TENTATIVI;
		const prossimo = at.getTime() + backoffMs(c.tentativi);
		writeTransaction(db, () => {
			db.update(messaggi)
				.set({
					stato: retry ? 'in_coda' : 'fallito',
					leaseFino: null,
					ultimoErrore: f.message,
					prossimoTentativo: retry ? prossimo : at.getTime()
				})
				.where(eq(messaggi.id, id))
				.run();
			addEvento(db, {
				messaggioId: id,
				stato: retry ? 'nuovo_tentativo' : 'fallito',
				at,
				descrizione: retry ? `${f.message} Nuovo tentativo alle ${formatOra(prossimo)}.` : f.message
			});
		});
		return { outcome: retry ? 'retry' : 'failed', message: f.message };
	} finally {
		transport?.close();
	}
}

/** Puts a failed message back in the queue (the segreteria's "riprova"). */
export function retryMessaggio(db: Db, id: string, organismoId: string, now = new Date()): boolean {
	return writeTransaction(db, () => {
		const res = db
			.update(messaggi)
			.set({ stato: 'in_coda', prossimoTentativo: now.getTime(), tentativi: 0 })
			.where(and(eq(messaggi.id, id), eq(messaggi.organismoId, organismoId), eq(messaggi.stato, 'fallito')))
			.run();
		if (res.changes) {
			db.update(messaggiDestinatari)
				.set({ stato: 'in_coda', errore: null })
				.where(and(eq(messaggiDestinatari.messaggioId, id), eq(messaggiDestinatari.stato, 'in_coda')))
				.run();
			addEvento(db, { messaggioId: id, stato: 'in_coda', at: now, descrizione: 'Rimesso in coda dalla segreteria' });
			requestInvio(db, id, now);
		}
		return res.changes === 1;
	});
}

export function touchCasella(db: Db, id: string, at: Date, errore: string | null, imap?: { uidValidity: number; lastUid: number }): void {
	db.update(casellePosta)
		.set({
			ultimoControllo: at.toISOString(),
			ultimoErrore: errore,
			...(imap ? { imapUidValidity: imap.uidValidity, imapUltimoUid: imap.lastUid } : {})
		})
		.where(eq(casellePosta.id, id))
		.run();
}
