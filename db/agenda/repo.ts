import { and, asc, eq, inArray } from 'drizzle-orm';
import type { UserActor } from '../access/index.ts';
import { appendAudit } from '../audit/repo.ts';
import { writeTransaction, type Db } from '../client.ts';
import { newId } from '../shared/ids.ts';
import { canTransition } from '../procedimenti/stato.ts';
import { changeStato } from '../procedimenti/repo.ts';
import { ensureStanza } from '../rooms/repo.ts';
import { assegnazioni, impostazioniAgenda, incontri, persone, procedimenti, soggetti, users } from '../schema.ts';
import { findConflicts } from './conflicts.ts';
import { notify, staffOfSede } from './notifications.ts';
import { fineMs, loadIndisponibilita, loadOccupazioni, parseIds, soggettiCaso, soggettiPersone } from './occupazioni.ts';
import { linkPartecipanti } from './room-links.ts';
import { getSala, sedeCalendario } from './sale.ts';
import type { IncontroInput, SpostaInput } from './schemas.ts';
import { formatRange, romeToUtc } from '../shared/time.ts';
import { checkWorkingTime } from './worktime.ts';
import type { Failure, Ok, OutcomeCode } from '../shared/outcome.ts';

export type Modalita = 'presenza' | 'telematica' | 'mista';

/** An agenda refusal lists every error found at once, and the warnings (alone when `confirm`). */
export type EsitoFailure = Failure & { errors: string[]; warnings: string[] };

/** Agenda use cases: ok with the warnings shown anyway, or a refusal (see EsitoFailure). */
export type Esito = Ok<{ id: string; message: string; warnings: string[] }> | EsitoFailure;

export function refuse(code: OutcomeCode, errors: string[], warnings: string[] = []): EsitoFailure {
	return { ok: false, code, message: errors[0] ?? warnings[0] ?? '', errors, warnings };
}

/** Only warnings: the segreteria may confirm them and book anyway. */
export function toConfirm(warnings: string[]): EsitoFailure {
	return { ...refuse('conflict', [], warnings), confirm: true };
}

export interface ProcInfo {
	id: string;
	organismoId: string;
	sedeId: string;
	anno: number;
	numero: number;
	stato: (typeof procedimenti.$inferSelect)['stato'];
	modalita: Modalita;
	dataDeposito: string;
	tipologia: (typeof procedimenti.$inferSelect)['tipologia'];
}

export function procInfo(db: Db, id: string): ProcInfo | null {
	return (
		db
			.select({
				id: procedimenti.id,
				organismoId: procedimenti.organismoId,
				sedeId: procedimenti.sedeId,
				anno: procedimenti.anno,
				numero: procedimenti.numero,
				stato: procedimenti.stato,
				modalita: procedimenti.modalita,
				dataDeposito: procedimenti.dataDeposito,
				tipologia: procedimenti.tipologia
			})
			.from(procedimenti)
			.where(eq(procedimenti.id, id))
			.get() ?? null
	);
}

export function getImpostazioniAgenda(db: Db, organismoId: string) {
	return (
		db.select().from(impostazioniAgenda).where(eq(impostazioniAgenda.organismoId, organismoId)).get() ?? {
			organismoId,
			modificaMediatore: 'richiesta' as const,
			durataPredefinita: 120
		}
	);
}

export function setImpostazioniAgenda(
	db: Db,
	actor: UserActor,
	v: { modificaMediatore: 'diretta' | 'richiesta'; durataPredefinita: number }
) {
	writeTransaction(db, () => {
		db.insert(impostazioniAgenda)
			.values({ organismoId: actor.organismoId, ...v })
			.onConflictDoUpdate({ target: impostazioniAgenda.organismoId, set: v })
			.run();
		appendAudit(db, { action: 'agenda.impostazioni', organismoId: actor.organismoId, actorId: actor.id, details: v });
	});
}

/** Accepted mediators of a case (designato first) with their names. */
export function mediatoriCaso(db: Db, procedimentoId: string) {
	return db
		.select({ id: users.id, nome: users.nome, cognome: users.cognome, ruolo: assegnazioni.ruolo })
		.from(assegnazioni)
		.innerJoin(users, eq(assegnazioni.mediatoreId, users.id))
		.where(and(eq(assegnazioni.procedimentoId, procedimentoId), eq(assegnazioni.stato, 'accettata')))
		.all()
		.sort((a, b) => (a.ruolo === b.ruolo ? 0 : a.ruolo === 'designato' ? -1 : 1));
}

export function getIncontro(db: Db, id: string) {
	return db.select().from(incontri).where(eq(incontri.id, id)).get() ?? null;
}

interface Piano {
	inizio: number;
	fine: number;
	salaId: string | null;
	mediatoreId: string | null;
	convocati: string[];
	remoti: string[];
	modalita: Modalita;
}

/** Every rule of a booking, without writing: times, sala, conflicts. */
function valuta(
	db: Db,
	proc: ProcInfo,
	p: {
		data: string;
		dalle: string;
		alle: string;
		salaId: string | null;
		mediatoreId: string | null;
		convocati: string[];
		modalita: Modalita;
	},
	opts: { now: number; excludeId?: string }
): { errors: string[]; warnings: string[]; piano?: Piano } {
	const a = romeToUtc(p.data, p.dalle);
	const b = romeToUtc(p.data, p.alle);
	const errors: string[] = [];
	if (!a.ok) errors.push(a.message);
	if (!b.ok) errors.push(b.message);
	if (!a.ok || !b.ok) return { errors, warnings: [] };
	const cal = sedeCalendario(db, proc.sedeId);
	errors.push(
		...checkWorkingTime({ inizio: a.ms, fine: b.ms, now: opts.now, orario: cal.orario, festivo: cal.festivo, sedeNome: cal.sedeNome })
	);
	let salaId = p.modalita === 'telematica' ? null : p.salaId;
	let salaNome: string | null = null;
	if (p.modalita !== 'telematica') {
		const sala = salaId ? getSala(db, salaId) : null;
		if (!salaId) errors.push(`Per un incontro ${p.modalita === 'mista' ? 'misto' : 'in presenza'} scegli la sala.`);
		else if (!sala || sala.organismoId !== proc.organismoId || sala.sedeId !== proc.sedeId)
			errors.push('La sala scelta non appartiene alla sede del procedimento.');
		else if (!sala.attiva) errors.push(`La sala «${sala.nome}» non è più in uso.`);
		else salaNome = sala.nome;
		if (!sala) salaId = null;
	}
	const meds = mediatoriCaso(db, proc.id);
	let mediatoreNome: string | null = null;
	if (p.mediatoreId) {
		const m = meds.find((x) => x.id === p.mediatoreId);
		if (!m) errors.push('Il mediatore scelto non ha accettato l’incarico in questo procedimento.');
		else mediatoreNome = `${m.nome} ${m.cognome}`;
	}
	const validi = new Set(soggettiCaso(db, proc.id).map((s) => s.id));
	const convocati = [...new Set(p.convocati)].filter((id) => validi.has(id));
	if (errors.length) return { errors, warnings: [] };
	const people = soggettiPersone(db, convocati);
	const conf = findConflicts(
		{
			id: opts.excludeId,
			inizio: a.ms,
			fine: b.ms,
			salaId,
			salaNome,
			mediatoreId: p.mediatoreId,
			mediatoreNome,
			persone: convocati
				.map((id) => people.get(id))
				.filter((x) => x !== undefined)
				.map((x) => ({ id: x.personaId, nome: x.nome }))
		},
		loadOccupazioni(db, proc.organismoId, a.ms, b.ms).filter((o) => o.procedimentoId !== proc.id || o.id !== opts.excludeId),
		p.mediatoreId ? loadIndisponibilita(db, proc.organismoId, p.mediatoreId, a.ms, b.ms) : []
	);
	// Two people of the same case are convoked together on purpose: only other cases warn.
	return {
		errors: conf.errors,
		warnings: conf.warnings,
		piano: { inizio: a.ms, fine: b.ms, salaId, mediatoreId: p.mediatoreId, convocati, remoti: [], modalita: p.modalita }
	};
}

/** Users to notify about a meeting: its mediator and the convoked people who have an account. */
function destinatari(db: Db, mediatoreId: string | null, convocati: readonly string[], except: string): string[] {
	const ids = [...soggettiPersone(db, convocati).values()].map((p) => p.userId).filter((x): x is string => Boolean(x));
	if (mediatoreId) ids.push(mediatoreId);
	return [...new Set(ids)].filter((id) => id !== except);
}

const numeroDi = (p: ProcInfo) => `n. ${p.anno}/${p.numero}`;
const linkDi = (p: ProcInfo) => `/procedimenti/${p.id}/incontri`;

/**
 * Books a meeting. Refused (nothing saved) on any error; when there are only warnings (a party or
 * lawyer already convoked elsewhere) it needs `confermaAvvisi`. Telematica/mista: creates the room.
 */
export function prenotaIncontro(db: Db, actor: UserActor, procedimentoId: string, input: IncontroInput, now: number = Date.now()): Esito {
	const proc = procInfo(db, procedimentoId);
	if (!proc || proc.organismoId !== actor.organismoId) return refuse('not_found', ['Procedimento non trovato.']);
	if (proc.stato === 'conclusa' || proc.stato === 'archiviata')
		return refuse('conflict', ['Il procedimento è concluso: non si possono fissare incontri.']);
	const mediatoreId = input.mediatoreId ?? mediatoriCaso(db, procedimentoId)[0]?.id ?? null;
	const convocati = input.convocati ?? soggettiCaso(db, procedimentoId).map((s) => s.id);
	return writeTransaction(db, () => {
		const v = valuta(db, proc, { ...input, mediatoreId, convocati }, { now });
		if (input.tipo === 'primo') {
			const primo = db
				.select({ inizio: incontri.inizio, durata: incontri.durataMinuti })
				.from(incontri)
				.where(and(eq(incontri.procedimentoId, procedimentoId), eq(incontri.tipo, 'primo'), inArray(incontri.stato, ['fissato', 'tenuto'])))
				.get();
			if (primo)
				v.errors.push(
					`Il primo incontro è già fissato (${formatRange(Date.parse(primo.inizio), fineMs(primo.inizio, primo.durata))}): scegli «incontro successivo» o sposta quello esistente.`
				);
		}
		if (v.errors.length || !v.piano) return refuse('conflict', v.errors, v.warnings);
		if (v.warnings.length && !input.confermaAvvisi) return toConfirm(v.warnings);
		const p = v.piano;
		const remoti = p.modalita === 'mista' ? (input.remoti ?? []).filter((id) => p.convocati.includes(id)) : [];
		const id = newId();
		db.insert(incontri)
			.values({
				id,
				procedimentoId,
				inizio: new Date(p.inizio).toISOString(),
				durataMinuti: Math.round((p.fine - p.inizio) / 60_000),
				tipo: input.tipo,
				modalita: p.modalita,
				stato: 'fissato',
				note: input.note ?? '',
				salaId: p.salaId,
				mediatoreId: p.mediatoreId,
				convocati: JSON.stringify(p.convocati),
				remoti: JSON.stringify(remoti),
				createdBy: actor.id,
				updatedAt: new Date(now)
			})
			.run();
		if (p.modalita !== 'presenza') {
			ensureStanza(db, procedimentoId, { actorId: actor.id });
			linkPartecipanti(db, procedimentoId, p.modalita === 'telematica' ? p.convocati : remoti, { crea: { actor } });
		}
		if (input.tipo === 'primo' && canTransition(proc.stato, 'primo_incontro_fissato'))
			changeStato(db, actor, procedimentoId, 'primo_incontro_fissato');
		const quando = formatRange(p.inizio, p.fine);
		appendAudit(db, {
			action: 'incontro.fissato',
			organismoId: proc.organismoId,
			actorId: actor.id,
			entityType: 'incontro',
			entityId: id,
			details: {
				procedimentoId,
				inizio: new Date(p.inizio).toISOString(),
				fine: new Date(p.fine).toISOString(),
				salaId: p.salaId,
				modalita: p.modalita,
				avvisiConfermati: v.warnings
			}
		});
		notify(db, destinatari(db, p.mediatoreId, p.convocati, actor.id), {
			organismoId: actor.organismoId,
			titolo: `Incontro fissato — procedimento ${numeroDi(proc)}`,
			testo: `${input.tipo === 'primo' ? 'Primo incontro' : 'Incontro'} il ${quando}.`,
			link: linkDi(proc)
		});
		return { ok: true, id, message: `Incontro fissato il ${quando}.`, warnings: v.warnings };
	});
}

/** Checks a move without saving (used by change requests and by the move itself). */
interface Spostamento {
	errors: string[];
	warnings: string[];
	piano?: Piano;
	inc?: typeof incontri.$inferSelect;
	proc?: ProcInfo;
}

function valutaSpostamento(db: Db, incontroId: string, input: SpostaInput, now: number): Spostamento {
	const inc = getIncontro(db, incontroId);
	const proc = inc ? procInfo(db, inc.procedimentoId) : null;
	if (!inc || !proc) return { errors: ['Incontro non trovato.'], warnings: [] };
	if (inc.stato === 'tenuto' || inc.stato === 'annullato')
		return { errors: [`L'incontro è ${inc.stato}: non si può spostare.`], warnings: [], inc, proc };
	const v = valuta(
		db,
		proc,
		{
			data: input.data,
			dalle: input.dalle,
			alle: input.alle,
			salaId: input.salaId ?? inc.salaId,
			mediatoreId: inc.mediatoreId,
			convocati: parseIds(inc.convocati),
			modalita: inc.modalita
		},
		{ now, excludeId: inc.id }
	);
	return { ...v, inc, proc };
}

/** Moves a meeting (staff, or the mediator when the Organismo allows direct changes). */
export function spostaIncontro(db: Db, actor: UserActor, incontroId: string, input: SpostaInput, now: number = Date.now()): Esito {
	return writeTransaction(db, () => {
		const v = valutaSpostamento(db, incontroId, input, now);
		if (v.errors.length || !v.piano || !v.inc || !v.proc) return refuse('conflict', v.errors, v.warnings);
		if (v.warnings.length && !input.confermaAvvisi) return toConfirm(v.warnings);
		const { inc, proc, piano } = v;
		const prima = formatRange(Date.parse(inc.inizio), fineMs(inc.inizio, inc.durataMinuti));
		const dopo = formatRange(piano.inizio, piano.fine);
		db.update(incontri)
			.set({
				inizio: new Date(piano.inizio).toISOString(),
				durataMinuti: Math.round((piano.fine - piano.inizio) / 60_000),
				salaId: piano.salaId,
				stato: 'fissato',
				sequenza: inc.sequenza + 1,
				updatedAt: new Date(now)
			})
			.where(eq(incontri.id, inc.id))
			.run();
		appendAudit(db, {
			action: 'incontro.spostato',
			organismoId: proc.organismoId,
			actorId: actor.id,
			entityType: 'incontro',
			entityId: inc.id,
			details: {
				procedimentoId: proc.id,
				da: inc.inizio,
				a: new Date(piano.inizio).toISOString(),
				salaId: piano.salaId,
				motivo: input.motivo
			}
		});
		notify(
			db,
			[
				...destinatari(db, inc.mediatoreId, parseIds(inc.convocati), actor.id),
				...(actor.role === 'mediatore' ? staffOfSede(db, proc.organismoId, proc.sedeId) : [])
			],
			{
				organismoId: proc.organismoId,
				titolo: `Incontro spostato — procedimento ${numeroDi(proc)}`,
				testo: `Dal ${prima} al ${dopo}.${input.motivo ? ` Motivo: ${input.motivo}` : ''}`,
				link: linkDi(proc)
			}
		);
		return { ok: true, id: inc.id, message: `Incontro spostato al ${dopo}.`, warnings: v.warnings };
	});
}

const STATO_TESTO = { rinviato: 'rinviato', tenuto: 'tenuto', annullato: 'annullato' } as const;

/** Records that a meeting was postponed (with reason), held or cancelled. */
export function cambiaStatoIncontro(
	db: Db,
	actor: UserActor,
	incontroId: string,
	stato: 'rinviato' | 'tenuto' | 'annullato',
	motivo: string,
	now: number = Date.now()
): Esito {
	return writeTransaction(db, () => {
		const inc = getIncontro(db, incontroId);
		const proc = inc ? procInfo(db, inc.procedimentoId) : null;
		if (!inc || !proc) return refuse('not_found', ['Incontro non trovato.']);
		if (inc.stato === 'annullato') return refuse('conflict', ["L'incontro è annullato."]);
		if (inc.stato === stato) return refuse('conflict', [`L'incontro è già ${STATO_TESTO[stato]}.`]);
		if (stato === 'tenuto' && Date.parse(inc.inizio) > now)
			return refuse('invalid', ['Un incontro non ancora iniziato non può essere segnato come tenuto.']);
		if (stato === 'rinviato' && !motivo.trim()) return refuse('invalid', ['Indica il motivo del rinvio.']);
		db.update(incontri)
			.set({
				stato,
				motivoRinvio: stato === 'rinviato' ? motivo.trim() : inc.motivoRinvio,
				sequenza: inc.sequenza + 1,
				updatedAt: new Date(now)
			})
			.where(eq(incontri.id, inc.id))
			.run();
		appendAudit(db, {
			action: `incontro.${stato}`,
			organismoId: proc.organismoId,
			actorId: actor.id,
			entityType: 'incontro',
			entityId: inc.id,
			details: { procedimentoId: proc.id, da: inc.stato, motivo }
		});
		const quando = formatRange(Date.parse(inc.inizio), fineMs(inc.inizio, inc.durataMinuti));
		if (stato !== 'tenuto')
			notify(db, destinatari(db, inc.mediatoreId, parseIds(inc.convocati), actor.id), {
				organismoId: actor.organismoId,
				titolo: `Incontro ${STATO_TESTO[stato]} — procedimento ${numeroDi(proc)}`,
				testo: `L'incontro del ${quando} è ${STATO_TESTO[stato]}.${motivo ? ` Motivo: ${motivo}` : ''}`,
				link: linkDi(proc)
			});
		return { ok: true, id: inc.id, message: `Incontro del ${quando} segnato come ${STATO_TESTO[stato]}.`, warnings: [] };
	});
}

export { valutaSpostamento };

/** Ids of the actor's soggetti in a case (parties/lawyers see only meetings they are convoked to). */
export function mieiSoggetti(db: Db, procedimentoId: string, userId: string): string[] {
	return db
		.select({ id: soggetti.id })
		.from(soggetti)
		.innerJoin(persone, eq(soggetti.personaId, persone.id))
		.where(and(eq(soggetti.procedimentoId, procedimentoId), eq(persone.userId, userId)))
		.all()
		.map((r) => r.id);
}

/** Meetings of a case, oldest first. */
export function listIncontri(db: Db, procedimentoId: string) {
	return db.select().from(incontri).where(eq(incontri.procedimentoId, procedimentoId)).orderBy(asc(incontri.inizio)).all();
}
