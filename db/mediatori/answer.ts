import { eq } from 'drizzle-orm';
import { canAnswerAppointment, type UserActor } from '../access/index.ts';
import { appendAudit } from '../audit/repo.ts';
import type { Db } from '../client.ts';
import { sha256Hex } from '../shared/hash.ts';
import { loadCaseContext } from '../procedimenti/context.ts';
import { assegnazioni, users } from '../schema.ts';
import { CLOSED_STATI, rotateInTransaction } from './assignment.ts';
import { caseSummary, type CaseSummary } from './procedimento-summary.ts';
import { composeDichiarazione, getFormula } from './declaration.ts';
import { nominativo } from './rotation.ts';
import type { Outcome } from '../shared/outcome.ts';

// The proposed mediator answers: accepts by signing the declaration of independence and
// impartiality, or refuses with a reason (the case then goes to the next mediator in turn).

export type AnswerResult = Outcome<{ message: string }>;

type Assegnazione = typeof assegnazioni.$inferSelect;

/** The declaration text of one proposal, as the mediator must read and sign it. */
export function declarationFor(db: Db, caso: CaseSummary, mediatore: { nome: string; cognome: string }, ruolo: Assegnazione['ruolo']) {
	const testo = composeDichiarazione(caso, mediatore, ruolo, getFormula(db, caso.organismoId));
	return { testo, sha256: sha256Hex(testo) };
}

const NOT_FOUND = { notFound: 'Incarico non trovato.' } as const;

/** The actor's pending proposal with its case, or an Italian message (not_found for anyone else's proposal). */
function pendingProposal(
	db: Db,
	actor: UserActor,
	assegnazioneId: string
): { a: Assegnazione; caso: CaseSummary } | string | typeof NOT_FOUND {
	const a = db.select().from(assegnazioni).where(eq(assegnazioni.id, assegnazioneId)).get();
	if (!a || a.mediatoreId !== actor.id) return NOT_FOUND;
	const ctx = loadCaseContext(db, a.procedimentoId);
	const caso = caseSummary(db, a.procedimentoId);
	if (!ctx || !caso || caso.organismoId !== actor.organismoId) return NOT_FOUND;
	if (a.stato !== 'proposta') return "Hai già risposto a questa proposta, oppure l'incarico è stato revocato.";
	if (!canAnswerAppointment(actor, ctx)) return 'Non puoi rispondere a questa proposta.';
	return { a, caso };
}

function me(db: Db, actor: UserActor) {
	return (
		db.select({ nome: users.nome, cognome: users.cognome }).from(users).where(eq(users.id, actor.id)).get() ?? {
			nome: '',
			cognome: actor.id
		}
	);
}

/**
 * Accepts the proposal: stores the exact declaration text, its SHA-256 and the time. The hash of the
 * text the mediator read must match the current one (the formula or the parties may have changed).
 */
export function acceptAssignment(db: Db, actor: UserActor, assegnazioneId: string, testoSha256: string, now = new Date()): AnswerResult {
	return db.transaction(
		() => {
			const p = pendingProposal(db, actor, assegnazioneId);
			if (typeof p === 'string') return { ok: false, code: 'invalid', message: p };
			if ('notFound' in p) return { ok: false, code: 'not_found', message: p.notFound };
			if (CLOSED_STATI.includes(p.caso.stato))
				return { ok: false, code: 'conflict', message: 'Il procedimento è stato concluso: non è più possibile accettare.' };
			const { testo, sha256 } = declarationFor(db, p.caso, me(db, actor), p.a.ruolo);
			if (sha256 !== testoSha256)
				return {
					ok: false,
					code: 'invalid',
					message: 'Il testo della dichiarazione è cambiato da quando hai aperto la pagina: rileggilo qui sotto e sottoscrivilo di nuovo.'
				};
			db.update(assegnazioni)
				.set({ stato: 'accettata', dichiarazioneTesto: testo, dichiarazioneSha256: sha256, rispostaAt: now })
				.where(eq(assegnazioni.id, p.a.id))
				.run();
			appendAudit(
				db,
				{
					action: 'assegnazione.accettata',
					organismoId: p.caso.organismoId,
					actorId: actor.id,
					entityType: 'procedimento',
					entityId: p.caso.id,
					details: { assegnazioneId: p.a.id, ruolo: p.a.ruolo, dichiarazioneSha256: sha256 }
				},
				now
			);
			return {
				ok: true,
				message: `Incarico accettato e dichiarazione sottoscritta per il procedimento n. ${p.caso.anno}/${p.caso.numero}.`
			};
		},
		{ behavior: 'immediate' }
	);
}

/**
 * Refuses the proposal with a reason and, in the same transaction, reassigns the case by rotation
 * excluding the mediators who refused it. When nobody is available the refusal is still recorded
 * and the staff see the case without a mediator (audited).
 */
export function refuseAssignment(db: Db, actor: UserActor, assegnazioneId: string, motivo: string, now = new Date()): AnswerResult {
	return db.transaction(
		() => {
			const p = pendingProposal(db, actor, assegnazioneId);
			if (typeof p === 'string') return { ok: false, code: 'invalid', message: p };
			if ('notFound' in p) return { ok: false, code: 'not_found', message: p.notFound };
			db.update(assegnazioni).set({ stato: 'rifiutata', motivoRifiuto: motivo, rispostaAt: now }).where(eq(assegnazioni.id, p.a.id)).run();
			appendAudit(
				db,
				{
					action: 'assegnazione.rifiutata',
					organismoId: p.caso.organismoId,
					actorId: actor.id,
					entityType: 'procedimento',
					entityId: p.caso.id,
					details: { assegnazioneId: p.a.id, ruolo: p.a.ruolo, motivo }
				},
				now
			);
			const base = `Rifiuto registrato per il procedimento n. ${p.caso.anno}/${p.caso.numero}.`;
			if (CLOSED_STATI.includes(p.caso.stato)) return { ok: true, message: base };
			const r = rotateInTransaction(db, p.caso, {
				ruolo: p.a.ruolo,
				actorId: actor.id,
				now,
				causa: { tipo: 'rifiuto', assegnazioneId: p.a.id, mediatoreId: actor.id, nominativo: nominativo(me(db, actor)), motivo }
			});
			if (r.ok) return { ok: true, message: `${base} Il procedimento è stato riassegnato per rotazione.` };
			appendAudit(
				db,
				{
					action: 'assegnazione.riassegnazione_fallita',
					organismoId: p.caso.organismoId,
					actorId: actor.id,
					entityType: 'procedimento',
					entityId: p.caso.id,
					details: { dopoRifiuto: p.a.id, messaggio: r.message }
				},
				now
			);
			return { ok: true, message: `${base} Nessun altro mediatore era disponibile: la segreteria provvederà.` };
		},
		{ behavior: 'immediate' }
	);
}
