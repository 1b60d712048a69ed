import { and, asc, eq, gte, inArray, isNull, lt, or } from 'drizzle-orm';
import { isStaff, sedeScope, type UserActor } from '../access/index.ts';
import type { Db } from '../client.ts';
import { incontri, persone, procedimenti, sale, sedi, soggetti, users } from '../schema.ts';
import { fineMs, parseIds } from './occupazioni.ts';
import { casiDelMediatore } from './suggest.ts';

/** One meeting as the calendars, the feeds and the .ics files show it. */
export interface CalEvent {
	id: string;
	procedimentoId: string;
	numero: string;
	inizio: number;
	fine: number;
	tipo: 'primo' | 'successivo';
	modalita: 'presenza' | 'telematica' | 'mista';
	stato: 'fissato' | 'rinviato' | 'tenuto' | 'annullato';
	sedeId: string;
	sedeNome: string;
	sedeIndirizzo: string;
	salaId: string | null;
	salaNome: string | null;
	mediatoreId: string | null;
	mediatoreNome: string | null;
	sequenza: number;
	updatedAt: number;
}

const MAX_DURATA_MS = 24 * 3_600_000;

function select(db: Db, where: ReturnType<typeof and>) {
	return db
		.select({
			id: incontri.id,
			procedimentoId: incontri.procedimentoId,
			anno: procedimenti.anno,
			numero: procedimenti.numero,
			inizio: incontri.inizio,
			durata: incontri.durataMinuti,
			tipo: incontri.tipo,
			modalita: incontri.modalita,
			stato: incontri.stato,
			sedeId: procedimenti.sedeId,
			sedeNome: sedi.nome,
			sedeIndirizzo: sedi.indirizzo,
			sedeComune: sedi.comune,
			salaId: incontri.salaId,
			salaNome: sale.nome,
			mediatoreId: incontri.mediatoreId,
			medNome: users.nome,
			medCognome: users.cognome,
			sequenza: incontri.sequenza,
			updatedAt: incontri.updatedAt,
			createdAt: incontri.createdAt,
			convocati: incontri.convocati
		})
		.from(incontri)
		.innerJoin(procedimenti, eq(incontri.procedimentoId, procedimenti.id))
		.innerJoin(sedi, eq(procedimenti.sedeId, sedi.id))
		.leftJoin(sale, eq(incontri.salaId, sale.id))
		.leftJoin(users, eq(incontri.mediatoreId, users.id))
		.where(where)
		.orderBy(asc(incontri.inizio))
		.all();
}

type Row = ReturnType<typeof select>[number];

function toEvent(r: Row): CalEvent {
	return {
		id: r.id,
		procedimentoId: r.procedimentoId,
		numero: `n. ${r.anno}/${r.numero}`,
		inizio: Date.parse(r.inizio),
		fine: fineMs(r.inizio, r.durata),
		tipo: r.tipo,
		modalita: r.modalita,
		stato: r.stato,
		sedeId: r.sedeId,
		sedeNome: r.sedeNome,
		sedeIndirizzo: `${r.sedeIndirizzo}, ${r.sedeComune}`,
		salaId: r.salaId,
		salaNome: r.salaNome,
		mediatoreId: r.mediatoreId,
		mediatoreNome: r.medNome ? `${r.medNome} ${r.medCognome}` : null,
		sequenza: r.sequenza,
		updatedAt: (r.updatedAt ?? r.createdAt).getTime()
	};
}

const range = (from: number, to: number) =>
	and(gte(incontri.inizio, new Date(from - MAX_DURATA_MS).toISOString()), lt(incontri.inizio, new Date(to).toISOString()));

export interface FiltriAgenda {
	sedeId?: string | null;
	salaId?: string | null;
	mediatoreId?: string | null;
	/** Include cancelled and postponed meetings (default: yes, shown struck through). */
	soloAttivi?: boolean;
}

/** The segreteria's view: every meeting of the sedi the actor covers, with filters. */
export function agendaOrganismo(db: Db, actor: UserActor, from: number, to: number, f: FiltriAgenda = {}): CalEvent[] {
	if (!isStaff(actor)) return [];
	const sedeIds = sedeScope(actor);
	return select(
		db,
		and(
			eq(procedimenti.organismoId, actor.organismoId),
			range(from, to),
			sedeIds ? inArray(procedimenti.sedeId, [...sedeIds]) : undefined,
			f.sedeId ? eq(procedimenti.sedeId, f.sedeId) : undefined,
			f.salaId ? eq(incontri.salaId, f.salaId) : undefined,
			f.mediatoreId ? eq(incontri.mediatoreId, f.mediatoreId) : undefined,
			f.soloAttivi ? inArray(incontri.stato, ['fissato', 'tenuto']) : undefined
		)
	)
		.map(toEvent)
		.filter((e) => e.fine > from);
}

/**
 * The meetings of one person: a mediator's own (and the meetings without a mediator of the cases
 * they hold); a party's, lawyer's or CTU's those they are convoked to; staff: the Organismo's.
 */
export function agendaPersonale(db: Db, actor: UserActor, from: number, to: number): CalEvent[] {
	if (isStaff(actor)) return agendaOrganismo(db, actor, from, to);
	if (actor.role === 'mediatore') {
		const casi = casiDelMediatore(db, actor.id);
		return select(
			db,
			and(
				eq(procedimenti.organismoId, actor.organismoId),
				range(from, to),
				or(
					eq(incontri.mediatoreId, actor.id),
					casi.length ? and(isNull(incontri.mediatoreId), inArray(incontri.procedimentoId, casi)) : undefined
				)
			)
		)
			.map(toEvent)
			.filter((e) => e.fine > from);
	}
	const miei = db
		.select({ id: soggetti.id, procedimentoId: soggetti.procedimentoId })
		.from(soggetti)
		.innerJoin(persone, eq(soggetti.personaId, persone.id))
		.where(eq(persone.userId, actor.id))
		.all();
	if (miei.length === 0) return [];
	const ids = new Set(miei.map((s) => s.id));
	return select(
		db,
		and(
			eq(procedimenti.organismoId, actor.organismoId),
			range(from, to),
			inArray(incontri.procedimentoId, [...new Set(miei.map((s) => s.procedimentoId))])
		)
	)
		.filter((r) => parseIds(r.convocati).some((id) => ids.has(id)))
		.map(toEvent)
		.filter((e) => e.fine > from);
}

/** One meeting as a calendar event, with its convoked soggetti (for access checks). */
export function eventoIncontro(db: Db, incontroId: string): (CalEvent & { convocati: string[] }) | null {
	const r = select(db, and(eq(incontri.id, incontroId)))[0];
	return r ? { ...toEvent(r), convocati: parseIds(r.convocati) } : null;
}
