import { and, desc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { UserActor } from '../access/index.ts';
import { appendAudit } from '../audit/repo.ts';
import type { Db } from '../client.ts';
import { newId } from '../shared/ids.ts';
import { loadCaseContext } from '../procedimenti/context.ts';
import { assegnazioni, mediatori, users } from '../schema.ts';
import type { ASSEGNAZIONE_RUOLI } from './schema.ts';
import { loadCandidates } from './candidates.ts';
import { caseSummary, type CaseSummary } from './procedimento-summary.ts';
import { canAssignMediator, canChooseMediator, canRevokeAssignment } from '../access/index.ts';
import { ESITO_LABELS, noCandidateMessage, nominativo, rotate, type TraceEntry } from './rotation.ts';
import { emptyTraccia, parseTraccia, type Traccia } from './traccia.ts';
import { METODO_LABELS } from './labels.ts';
import type { Failure, Outcome } from '../shared/outcome.ts';

// Assigning a mediator to a procedimento: rotation, joint indication of the parties, choice of the
// responsabile; revocation. Each change runs in one IMMEDIATE transaction with its audit row.

export type Ruolo = (typeof ASSEGNAZIONE_RUOLI)[number];

export type AssignResult =
	| { ok: true; assegnazioneId: string; mediatoreId: string; nominativo: string; traccia: Traccia; message: string }
	| (Failure & { traccia?: Traccia });

export const CLOSED_STATI: readonly string[] = ['conclusa', 'archiviata'];

/** Can an assignment with this ruolo be added now? (one designato; a co-mediatore only next to a designato). */
function slotProblem(db: Db, procedimentoId: string, ruolo: Ruolo): string | null {
	const active = db
		.select({ ruolo: assegnazioni.ruolo })
		.from(assegnazioni)
		.where(and(eq(assegnazioni.procedimentoId, procedimentoId), inArray(assegnazioni.stato, ['proposta', 'accettata'])))
		.all();
	const has = (r: Ruolo) => active.some((a) => a.ruolo === r);
	if (ruolo === 'designato' && has('designato'))
		return "Il procedimento ha già un mediatore designato (proposto o accettato): revoca l'assegnazione prima di sceglierne un altro.";
	if (ruolo === 'co_mediatore' && !has('designato')) return 'Assegna prima il mediatore designato, poi il co-mediatore.';
	if (ruolo === 'co_mediatore' && has('co_mediatore')) return 'Il procedimento ha già un co-mediatore.';
	return null;
}

function closedProblem(caso: CaseSummary): string | null {
	return CLOSED_STATI.includes(caso.stato) ? 'Il procedimento è concluso o archiviato: non si assegnano mediatori.' : null;
}

function traceForAudit(trace: readonly TraceEntry[]) {
	return trace.map((t) => ({ mediatoreId: t.userId, esito: t.esito }));
}

export interface RotationOptions {
	ruolo: Ruolo;
	actorId: string;
	now: Date;
	causa?: Traccia['causa'];
}

/**
 * The rotation itself, inside the caller's IMMEDIATE transaction, without permission checks
 * (callers check: staff action, or the automatic reassignment after a refusal).
 */
export function rotateInTransaction(db: Db, caso: CaseSummary, opts: RotationOptions): AssignResult {
	const slot = closedProblem(caso) ?? slotProblem(db, caso.id, opts.ruolo);
	if (slot) return { ok: false, code: 'invalid', message: slot };
	const { candidates, freeTextConflicts } = loadCandidates(db, caso);
	const { chosen, trace } = rotate(candidates);
	const traccia: Traccia = { ...emptyTraccia(caso.materia), candidati: trace, ...(opts.causa ? { causa: opts.causa } : {}) };
	if (!chosen) return { ok: false, code: 'invalid', message: noCandidateMessage(trace), traccia };
	const free = freeTextConflicts.get(chosen.userId);
	if (free?.length)
		traccia.avvisi.push(`${nominativo(chosen)} ha dichiarato conflitti non collegati a una persona, da verificare: ${free.join('; ')}.`);
	// Strictly increasing turn stamps: two rotations in the same millisecond still keep their order.
	const latest = Math.max(0, ...candidates.map((c) => c.ultimaAssegnazione ?? 0));
	const stamp = new Date(Math.max(opts.now.getTime(), latest + 1));
	db.update(mediatori)
		.set({ ultimaAssegnazione: stamp })
		.where(and(eq(mediatori.organismoId, caso.organismoId), eq(mediatori.userId, chosen.userId)))
		.run();
	const idonei = trace.filter((t) => t.esito === 'scelto' || t.esito === 'in_coda').length;
	const motivazione =
		(opts.causa ? `Riassegnazione automatica dopo il rifiuto di ${opts.causa.nominativo}. ` : '') +
		`Rotazione per la materia «${caso.materia}»: primo nel turno tra ${idonei} mediatori idonei su ${trace.length} nel registro.`;
	const id = newId();
	db.insert(assegnazioni)
		.values({
			id,
			procedimentoId: caso.id,
			mediatoreId: chosen.userId,
			ruolo: opts.ruolo,
			metodo: 'rotazione',
			motivazione,
			traccia: JSON.stringify(traccia),
			stato: 'proposta',
			createdBy: opts.actorId,
			createdAt: opts.now
		})
		.run();
	appendAudit(
		db,
		{
			action: 'assegnazione.proposta',
			organismoId: caso.organismoId,
			actorId: opts.actorId,
			entityType: 'procedimento',
			entityId: caso.id,
			details: {
				assegnazioneId: id,
				metodo: 'rotazione',
				ruolo: opts.ruolo,
				mediatoreId: chosen.userId,
				automatica: Boolean(opts.causa),
				candidati: traceForAudit(trace)
			}
		},
		opts.now
	);
	return {
		ok: true,
		assegnazioneId: id,
		mediatoreId: chosen.userId,
		nominativo: nominativo(chosen),
		traccia,
		message: `Proposto per rotazione: ${nominativo(chosen)}. L'incarico attende l'accettazione con la dichiarazione di imparzialità.`
	};
}

/** Loads the case and checks it belongs to the actor's Organismo and the actor may assign. */
function caseFor(db: Db, actor: UserActor, procedimentoId: string, rule: typeof canAssignMediator): CaseSummary | string {
	const ctx = loadCaseContext(db, procedimentoId);
	const caso = ctx ? caseSummary(db, procedimentoId) : null;
	if (!ctx || !caso || caso.organismoId !== actor.organismoId) return 'Procedimento non trovato.';
	if (!rule(actor, ctx)) return 'Non hai i permessi per assegnare il mediatore in questo procedimento.';
	return caso;
}

/** "Assegna per rotazione" (segreteria, responsabile, amministratore). */
export function assignByRotation(db: Db, actor: UserActor, procedimentoId: string, ruolo: Ruolo, now = new Date()): AssignResult {
	return db.transaction(
		() => {
			const caso = caseFor(db, actor, procedimentoId, canAssignMediator);
			if (typeof caso === 'string') return { ok: false, code: 'invalid', message: caso };
			return rotateInTransaction(db, caso, { ruolo, actorId: actor.id, now });
		},
		{ behavior: 'immediate' }
	);
}

export interface ManualInput {
	metodo: 'indicazione_congiunta' | 'scelta_responsabile';
	mediatoreId: string;
	ruolo: Ruolo;
	motivazione: string;
}

/**
 * Joint indication of the parties (staff record it) or choice of the responsabile (reason
 * required). A suspended mediator, one with a declared conflict with a person of the case, or one
 * already on the case cannot be chosen; competence, load and an earlier refusal become warnings
 * kept in the trace. The rotation turn is not touched.
 */
export function assignManually(db: Db, actor: UserActor, procedimentoId: string, input: ManualInput, now = new Date()): AssignResult {
	return db.transaction(
		() => {
			const rule = input.metodo === 'scelta_responsabile' ? canChooseMediator : canAssignMediator;
			const caso = caseFor(db, actor, procedimentoId, rule);
			if (typeof caso === 'string')
				return {
					ok: false,
					code: 'invalid',
					message:
						input.metodo === 'scelta_responsabile' && caso.startsWith('Non hai')
							? "La scelta diretta del mediatore spetta al responsabile dell'organismo o all'amministratore."
							: caso
				};
			const problem = closedProblem(caso) ?? slotProblem(db, caso.id, input.ruolo);
			if (problem) return { ok: false, code: 'invalid', message: problem };
			const { candidates, freeTextConflicts } = loadCandidates(db, caso);
			const c = candidates.find((x) => x.userId === input.mediatoreId);
			if (!c)
				return { ok: false, code: 'not_found', field: 'mediatoreId', message: "Il mediatore scelto non è nel registro dell'Organismo." };
			const name = nominativo(c);
			if (c.stato === 'sospeso')
				return {
					ok: false,
					code: 'invalid',
					field: 'mediatoreId',
					message: `${name} è sospeso/a nel registro: non può ricevere incarichi.`
				};
			if (!c.accountAttivo) return { ok: false, code: 'invalid', field: 'mediatoreId', message: `L'account di ${name} è disattivato.` };
			if (c.giaAssegnato)
				return { ok: false, code: 'conflict', field: 'mediatoreId', message: `${name} ha già un incarico attivo in questo procedimento.` };
			if (c.conflitti.length)
				return {
					ok: false,
					code: 'invalid',
					field: 'mediatoreId',
					message: `${name} ha dichiarato un conflitto con una persona del procedimento (${c.conflitti.join('; ')}): scegli un altro mediatore.`
				};
			const avvisi: string[] = [];
			if (!c.competente) avvisi.push(`${ESITO_LABELS.materia} («${caso.materia}»).`);
			if (c.haRifiutato) avvisi.push(`${ESITO_LABELS.ha_rifiutato}.`);
			if (c.carico >= c.caricoMassimo) avvisi.push(`${ESITO_LABELS.carico}: ${c.carico} procedimenti aperti su ${c.caricoMassimo}.`);
			const free = freeTextConflicts.get(c.userId);
			if (free?.length) avvisi.push(`Conflitti dichiarati non collegati a una persona, da verificare: ${free.join('; ')}.`);
			const entry: TraceEntry = {
				userId: c.userId,
				nominativo: name,
				esito: 'scelto',
				dettaglio:
					input.metodo === 'indicazione_congiunta'
						? `Indicato/a congiuntamente dalle parti. ${input.motivazione}`
						: `Scelto/a dal responsabile. ${input.motivazione}`,
				posizione: 1,
				ultimaAssegnazione: c.ultimaAssegnazione === null ? null : new Date(c.ultimaAssegnazione).toISOString(),
				carico: c.carico,
				caricoMassimo: c.caricoMassimo
			};
			const traccia: Traccia = { ...emptyTraccia(caso.materia), candidati: [entry], avvisi };
			const id = newId();
			db.insert(assegnazioni)
				.values({
					id,
					procedimentoId: caso.id,
					mediatoreId: c.userId,
					ruolo: input.ruolo,
					metodo: input.metodo,
					motivazione: input.motivazione,
					traccia: JSON.stringify(traccia),
					stato: 'proposta',
					createdBy: actor.id,
					createdAt: now
				})
				.run();
			appendAudit(
				db,
				{
					action: 'assegnazione.proposta',
					organismoId: caso.organismoId,
					actorId: actor.id,
					entityType: 'procedimento',
					entityId: caso.id,
					details: {
						assegnazioneId: id,
						metodo: input.metodo,
						ruolo: input.ruolo,
						mediatoreId: c.userId,
						motivazione: input.motivazione,
						avvisi
					}
				},
				now
			);
			return {
				ok: true,
				assegnazioneId: id,
				mediatoreId: c.userId,
				nominativo: name,
				traccia,
				message: `Proposto: ${name} (${METODO_LABELS[input.metodo].toLowerCase()}). L'incarico attende l'accettazione con la dichiarazione di imparzialità.`
			};
		},
		{ behavior: 'immediate' }
	);
}

export type SimpleResult = Outcome<{ message: string }>;

/** Withdraws a proposal or replaces an accepted mediator, with the reason (kept in the trace and audit). */
export function revokeAssignment(
	db: Db,
	actor: UserActor,
	procedimentoId: string,
	assegnazioneId: string,
	motivo: string,
	now = new Date()
): SimpleResult {
	return db.transaction(
		() => {
			const a = db
				.select()
				.from(assegnazioni)
				.where(and(eq(assegnazioni.id, assegnazioneId), eq(assegnazioni.procedimentoId, procedimentoId)))
				.get();
			const ctx = a ? loadCaseContext(db, a.procedimentoId) : null;
			if (!a || !ctx || ctx.organismoId !== actor.organismoId)
				return { ok: false, code: 'not_found', message: 'Assegnazione non trovata.' };
			if (a.stato !== 'proposta' && a.stato !== 'accettata')
				return { ok: false, code: 'conflict', message: "L'assegnazione non è più attiva." };
			if (!canRevokeAssignment(actor, ctx, a.stato))
				return {
					ok: false,
					code: 'invalid',
					message:
						a.stato === 'accettata'
							? "La sostituzione di un mediatore che ha accettato spetta al responsabile dell'organismo."
							: 'Non hai i permessi per revocare questa assegnazione.'
				};
			const me = db.select({ nome: users.nome, cognome: users.cognome }).from(users).where(eq(users.id, actor.id)).get();
			const traccia = parseTraccia(a.traccia);
			traccia.revoca = { at: now.toISOString(), daId: actor.id, da: me ? nominativo(me) : actor.id, motivo };
			db.update(assegnazioni)
				.set({ stato: 'revocata', traccia: JSON.stringify(traccia) })
				.where(eq(assegnazioni.id, a.id))
				.run();
			appendAudit(
				db,
				{
					action: 'assegnazione.revocata',
					organismoId: ctx.organismoId,
					actorId: actor.id,
					entityType: 'procedimento',
					entityId: a.procedimentoId,
					details: { assegnazioneId: a.id, mediatoreId: a.mediatoreId, statoPrecedente: a.stato, motivo }
				},
				now
			);
			return { ok: true, message: 'Assegnazione revocata.' };
		},
		{ behavior: 'immediate' }
	);
}

/** Every assignment of a case, newest first, with names and the parsed trace (the case tab). */
export function listAssegnazioni(db: Db, procedimentoId: string) {
	const creatore = alias(users, 'creatore');
	return db
		.select({
			id: assegnazioni.id,
			mediatoreId: assegnazioni.mediatoreId,
			nome: users.nome,
			cognome: users.cognome,
			ruolo: assegnazioni.ruolo,
			metodo: assegnazioni.metodo,
			motivazione: assegnazioni.motivazione,
			traccia: assegnazioni.traccia,
			stato: assegnazioni.stato,
			dichiarazioneSha256: assegnazioni.dichiarazioneSha256,
			dichiarazioneTesto: assegnazioni.dichiarazioneTesto,
			rispostaAt: assegnazioni.rispostaAt,
			motivoRifiuto: assegnazioni.motivoRifiuto,
			createdAt: assegnazioni.createdAt,
			creatoreNome: creatore.nome,
			creatoreCognome: creatore.cognome
		})
		.from(assegnazioni)
		.innerJoin(users, eq(users.id, assegnazioni.mediatoreId))
		.leftJoin(creatore, eq(creatore.id, assegnazioni.createdBy))
		.where(eq(assegnazioni.procedimentoId, procedimentoId))
		.orderBy(desc(assegnazioni.createdAt), desc(assegnazioni.id))
		.all()
		.map(({ traccia, creatoreNome, creatoreCognome, ...r }) => ({
			...r,
			traccia: parseTraccia(traccia),
			creatore: creatoreNome ? `${creatoreNome} ${creatoreCognome}` : null
		}));
}
