import { and, eq } from 'drizzle-orm';
import { writeTransaction, type Db } from '../client.ts';
import { newId } from '../shared/ids.ts';
import { describeTransportError } from './errors.ts';
import { fileReceipt } from './evidence.ts';
import { classifyIncoming } from './incoming.ts';
import { RICEVUTA_LABELS } from './labels.ts';
import { imapConfig, readerOf, touchCasella, type MailDeps } from './outbox.ts';
import {
	addEvento,
	destinatariOf,
	findMessaggioByMessageId,
	getCasella,
	personaByAddress,
	setStatoDestinatario,
	type Casella
} from './repo.ts';
import { postaArrivo, ricevute } from './schema.ts';
import { canMoveDestinatario, ricevutaPerDestinatario, statoDaRicevuta } from './status.ts';

/**
 * Reading the Organismo's mailbox (the polling job body): receipts are verified, linked to their
 * message by the signed msgid and move its recipients forward; envelopes and e-mail go to Posta in
 * arrivo. The last UID read is saved after each message, and every message is stored once (unique
 * per mailbox and SHA-256), so a poll interrupted at any point is simply resumed by the next.
 */

export type PollResult = { ok: true; letti: number; ricevute: number; arrivi: number } | { ok: false; message: string };

export async function pollMailbox(db: Db, casellaId: string, deps: MailDeps, max = 200): Promise<PollResult> {
	const now = deps.now ?? (() => new Date());
	const casella = getCasella(db, casellaId);
	if (!casella) return { ok: false, message: 'Casella non trovata.' };
	let cfg;
	try {
		cfg = imapConfig(casella, deps.key);
	} catch (err) {
		touchCasella(db, casella.id, now(), (err as Error).message);
		return { ok: false, message: (err as Error).message };
	}
	if (!cfg) return { ok: false, message: 'La casella non ha un server IMAP configurato.' };
	let fetched;
	try {
		fetched = await readerOf(deps)(cfg).fetchNew({ uidValidity: casella.imapUidValidity, lastUid: casella.imapUltimoUid }, max);
	} catch (err) {
		const f = describeTransportError(err, `${cfg.host}:${cfg.port}`);
		touchCasella(db, casella.id, now(), `Lettura della casella non riuscita: ${f.message}`);
		return { ok: false, message: f.message };
	}
	let nRicevute = 0;
	let nArrivi = 0;
	let lastUid = casella.imapUidValidity === fetched.uidValidity ? casella.imapUltimoUid : 0;
	for (const msg of fetched.messages) {
		const kind = await processIncoming(db, casella, msg.source, deps);
		if (kind === 'ricevuta') nRicevute++;
		else if (kind) nArrivi++;
		lastUid = Math.max(lastUid, msg.uid);
		touchCasella(db, casella.id, now(), null, { uidValidity: fetched.uidValidity, lastUid });
	}
	touchCasella(db, casella.id, now(), null, { uidValidity: fetched.uidValidity, lastUid });
	return { ok: true, letti: fetched.messages.length, ricevute: nRicevute, arrivi: nArrivi };
}

/** Stores and applies one message of the mailbox; null when it had been processed already. */
export async function processIncoming(
	db: Db,
	casella: Casella,
	raw: Buffer,
	deps: MailDeps
): Promise<'ricevuta' | 'busta' | 'email' | null> {
	const now = (deps.now ?? (() => new Date()))();
	const blob = deps.store.put(raw);
	const seen = (t: typeof ricevute | typeof postaArrivo) =>
		db
			.select({ id: t.id })
			.from(t)
			.where(and(eq(t.casellaId, casella.id), eq(t.sha256, blob.sha256)))
			.get();
	if (seen(ricevute) || seen(postaArrivo)) return null;
	const inc = await classifyIncoming(raw, casella.gestoriFidati);
	if (inc.kind !== 'ricevuta') {
		db.insert(postaArrivo)
			.values({
				id: newId(),
				organismoId: casella.organismoId,
				casellaId: casella.id,
				sha256: blob.sha256,
				messageId: inc.messageId,
				mittente: inc.mittenteNome && inc.kind === 'email' ? `${inc.mittenteNome} <${inc.mittente}>` : inc.mittente,
				oggetto: inc.oggetto,
				ricevutoIl: inc.data,
				pec: inc.kind === 'busta',
				firmaValida: inc.firma.valid,
				allegati: inc.allegati,
				personaId: personaByAddress(db, casella.organismoId, inc.mittente)
			})
			.onConflictDoNothing()
			.run();
		return inc.kind;
	}
	const d = inc.daticert;
	const valid = inc.firma.valid && d !== null;
	const tipo = d?.tipo ?? (inc.xRicevuta as string);
	// Only the signed daticert links with authority; an invalid receipt is linked for display only.
	const msgid = d?.msgid ?? inc.riferimento;
	const messaggio = msgid ? findMessaggioByMessageId(db, casella.organismoId, msgid) : undefined;
	const dests = messaggio ? destinatariOf(db, messaggio.id) : [];
	const perDest = d && ricevutaPerDestinatario(d.tipo);
	const target = perDest ? dests.find((x) => x.indirizzo.toLowerCase() === (d.consegna ?? '').toLowerCase()) : undefined;
	const ricevutaId = newId();
	const firmaEsito = valid
		? `Firma valida del gestore${d.gestore ? ` ${d.gestore}` : ''}`
		: inc.firma.reason || inc.problema || 'ricevuta non leggibile';
	const label = RICEVUTA_LABELS[tipo] ?? `Ricevuta «${tipo}»`;
	writeTransaction(db, () => {
		db.insert(ricevute)
			.values({
				id: ricevutaId,
				organismoId: casella.organismoId,
				casellaId: casella.id,
				messaggioId: messaggio?.id ?? null,
				destinatarioId: target?.id ?? null,
				tipo,
				msgid,
				identificativo: d?.identificativo ?? null,
				dataRicevuta: d?.data ?? null,
				gestore: d?.gestore ?? null,
				consegna: d?.consegna ?? null,
				errore: d?.erroreEsteso ?? (d && d.errore !== 'nessuno' ? d.errore : null),
				firmaValida: valid,
				firmaEsito,
				sha256: blob.sha256
			})
			.run();
		if (!messaggio) return;
		if (!valid) {
			addEvento(db, {
				messaggioId: messaggio.id,
				destinatarioId: target?.id,
				stato: 'ricevuta_non_valida',
				at: now,
				descrizione: `${label} NON VALIDA (${firmaEsito}): non vale come prova`,
				ricevutaId
			});
			return;
		}
		const stato = statoDaRicevuta(d.tipo);
		const who = perDest ? (target ? [target] : []) : dests;
		const at = new Date(d.data);
		for (const x of who) {
			if (stato && canMoveDestinatario(x.stato, stato))
				setStatoDestinatario(db, x.id, stato, {
					...(stato === 'consegnato' ? { consegnatoIl: d.data } : {}),
					...(stato === 'errore_consegna' || stato === 'non_accettato' ? { errore: d.erroreEsteso ?? d.errore } : {})
				});
		}
		addEvento(db, {
			messaggioId: messaggio.id,
			destinatarioId: target?.id,
			stato: stato ?? tipo,
			at,
			descrizione: `${label}${target ? ` per ${target.indirizzo}` : ''}${d.erroreEsteso ? ` — ${d.erroreEsteso}` : ''} (${firmaEsito})`,
			ricevutaId
		});
	});
	if (valid && messaggio)
		await fileReceipt(db, ricevutaId, raw, deps).catch((err) => console.error('comunicazioni: evidence of receipt', ricevutaId, err));
	return 'ricevuta';
}
