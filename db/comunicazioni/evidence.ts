import { eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { addDocument } from '../documents/repo.ts';
import { registraProtocollo } from '../protocollo/repo.ts';
import { romeIsoDate } from '../shared/time.ts';
import { loadCaseContext } from '../procedimenti/context.ts';
import { updateAdesione } from '../procedimenti/repo.ts';
import { centriInteresse, protocollo } from '../schema.ts';
import { ATTO_LABELS, CANALE_LABELS, RICEVUTA_LABELS } from './labels.ts';
import { actorOfUser, destinatariOf, getCasella, getMessaggio } from './repo.ts';
import { messaggi, ricevute } from './schema.ts';
import type { MailDeps } from './outbox.ts';

/**
 * Evidence of a case message: the sent .eml, and each valid receipt, become documents of the
 * fascicolo (content-addressed, SHA-256) registered in the protocollo — the message in uscita, the
 * receipts in entrata with the number of the message they refer to. Filed in the name of the
 * person who asked for the message; idempotent (the protocol entry id derives from the row id).
 */

function caseOf(db: Db, messaggioId: string) {
	const m = getMessaggio(db, messaggioId);
	if (!m?.procedimentoId) return null;
	const actor = actorOfUser(db, m.richiestoDa, m.organismoId);
	const ctx = loadCaseContext(db, m.procedimentoId);
	if (!actor || !ctx) return null;
	return { m, actor, ctx, procedimentoId: m.procedimentoId };
}

export async function fileSentMessage(db: Db, messaggioId: string, raw: Buffer, deps: MailDeps): Promise<void> {
	const c = caseOf(db, messaggioId);
	if (!c || c.m.protocolloId) return;
	const casella = getCasella(db, c.m.casellaId)!;
	const dest = destinatariOf(db, messaggioId);
	const doc = await addDocument(db, deps.store, c.actor, c.ctx, {
		procedimentoId: c.procedimentoId,
		titolo: `${CANALE_LABELS[c.m.canale]} inviata — ${ATTO_LABELS[c.m.atto]} — ${dest.map((d) => d.nome || d.indirizzo).join(', ')}`,
		nomeFile: `${c.m.canale}-inviata.eml`,
		bytes: raw
	});
	if (!doc.ok) throw new Error(`fascicolo: ${doc.message}`);
	const prot = registraProtocollo(db, c.actor, {
		richiestaId: `${messaggioId}-u`,
		direzione: 'uscita',
		mittente: casella.indirizzo,
		destinatario: dest.map((d) => (d.nome ? `${d.nome} <${d.indirizzo}>` : d.indirizzo)).join(', '),
		oggetto: `${ATTO_LABELS[c.m.atto]} (${CANALE_LABELS[c.m.canale]}): ${c.m.oggetto}`,
		procedimentoId: c.procedimentoId,
		documentoIds: [doc.id]
	});
	if (!prot.ok) throw new Error(`protocollo: ${prot.message}`);
	db.update(messaggi).set({ protocolloId: prot.id, documentoId: doc.id }).where(eq(messaggi.id, messaggioId)).run();
}

export async function fileReceipt(db: Db, ricevutaId: string, raw: Buffer, deps: MailDeps): Promise<void> {
	const r = db.select().from(ricevute).where(eq(ricevute.id, ricevutaId)).get();
	if (!r?.messaggioId || !r.firmaValida || r.protocolloId) return;
	const c = caseOf(db, r.messaggioId);
	if (!c) return;
	const label = RICEVUTA_LABELS[r.tipo] ?? 'Ricevuta PEC';
	const dest = r.destinatarioId ? destinatariOf(db, r.messaggioId).find((d) => d.id === r.destinatarioId) : null;
	const doc = await addDocument(db, deps.store, c.actor, c.ctx, {
		procedimentoId: c.procedimentoId,
		titolo: `${label}${dest ? ` — ${dest.nome || dest.indirizzo}` : ''}`,
		nomeFile: `${r.tipo}.eml`,
		bytes: raw
	});
	if (!doc.ok) throw new Error(`fascicolo: ${doc.message}`);
	const uscita = c.m.protocolloId ? db.select().from(protocollo).where(eq(protocollo.id, c.m.protocolloId)).get() : null;
	const casella = getCasella(db, c.m.casellaId)!;
	const prot = registraProtocollo(db, c.actor, {
		richiestaId: `${ricevutaId}-e`,
		direzione: 'entrata',
		mittente: r.gestore ? `${r.gestore} (gestore PEC)` : 'Gestore PEC',
		destinatario: casella.indirizzo,
		oggetto: `${label}${dest ? ` per ${dest.indirizzo}` : ''}: ${c.m.oggetto}${uscita ? ` (rif. prot. n. ${uscita.anno}/${uscita.numero})` : ''}`,
		procedimentoId: c.procedimentoId,
		documentoIds: [doc.id]
	});
	if (!prot.ok) throw new Error(`protocollo: ${prot.message}`);
	db.update(ricevute).set({ documentoId: doc.id, protocolloId: prot.id }).where(eq(ricevute.id, ricevutaId)).run();
	// The legal date of the communication to an invited party is its delivery.
	if (r.tipo === 'avvenuta-consegna' && c.m.centroId && r.dataRicevuta) {
		const centro = db.select().from(centriInteresse).where(eq(centriInteresse.id, c.m.centroId)).get();
		if (centro && !centro.dataInvioComunicazione)
			updateAdesione(db, c.actor, c.procedimentoId, c.m.centroId, { kind: 'comunicazione', data: romeIsoDate(new Date(r.dataRicevuta)) });
	}
}
