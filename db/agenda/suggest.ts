import { and, eq } from 'drizzle-orm';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../client.ts';
import { addDays, romeIsoDate, formatGiorno } from '../shared/time.ts';
import { ensureDefaultRegole, regolaFor } from '../deadlines/repo.ts';
import { assegnazioni, disponibilitaMediatori } from '../schema.ts';
import { loadIndisponibilita } from './occupazioni.ts';
import { listSale, sedeCalendario } from './sale.ts';
import { proponiSlot, type Intervallo, type Slot } from './slots.ts';
import { orarioFromRows, type OrarioSettimanale } from './worktime.ts';
import { soggettiCaso } from './occupazioni.ts';
import { mediatoriCaso, procInfo, type Modalita } from './repo.ts';

export interface Finestra {
	dal: string;
	al: string;
	/** Italian explanation of the window (legal rule and its source, or "next 90 days"). */
	descrizione: string;
	fonte?: string;
	scaduta?: boolean;
}

const MAX_DURATA_MS = 24 * 3_600_000;
const CHUNK_DAYS = 28;

// Hot path of the slot search (scripts/bench/agenda.ts): prepared once per connection, instants
// computed by SQLite (unixepoch) instead of parsing ISO strings in JavaScript.
const statements = new WeakMap<object, Map<string, Statement>>();
function stmt(db: Db, sqlText: string): Statement {
	let m = statements.get(db.$client);
	if (!m) statements.set(db.$client, (m = new Map()));
	let st = m.get(sqlText);
	if (!st) m.set(sqlText, (st = db.$client.prepare(sqlText)));
	return st;
}

const BUSY_SALE = `SELECT sala_id, unixepoch(inizio) * 1000 AS s, durata_minuti FROM incontri
	WHERE sala_id IN (SELECT value FROM json_each(?)) AND stato IN ('fissato', 'tenuto') AND inizio >= ? AND inizio < ?`;
const BUSY_MED = `SELECT unixepoch(inizio) * 1000 AS s, durata_minuti FROM incontri
	WHERE (mediatore_id = ? OR (mediatore_id IS NULL AND procedimento_id IN (SELECT value FROM json_each(?))))
	AND stato IN ('fissato', 'tenuto') AND inizio >= ? AND inizio < ?`;

/** Busy intervals of each sala between two instants. */
export function busyBySala(db: Db, saleIds: readonly string[], from: number, to: number): Map<string, Intervallo[]> {
	const out = new Map<string, Intervallo[]>();
	const rows = stmt(db, BUSY_SALE)
		.raw()
		.all(JSON.stringify(saleIds), new Date(from - MAX_DURATA_MS).toISOString(), new Date(to).toISOString()) as [string, number, number][];
	for (const [salaId, s, durata] of rows) {
		const list = out.get(salaId);
		const iv = [s, s + durata * 60_000] as const;
		if (list) list.push(iv);
		else out.set(salaId, [iv]);
	}
	return out;
}

/**
 * The window in which to search: for a first meeting the legal window (rule 'primo_incontro' in
 * force on the filing date: 20–40 days after filing since D.Lgs. 149/2022), never before today;
 * when it has already passed, the next 60 days (flagged). Other meetings: the next 90 days.
 */
export function finestraRicerca(
	db: Db,
	proc: { dataDeposito: string; tipologia: Parameters<typeof regolaFor>[2] },
	tipo: 'primo' | 'successivo',
	today: string
): Finestra {
	const domani = addDays(today, 1);
	if (tipo === 'successivo') return { dal: domani, al: addDays(today, 90), descrizione: 'Nei prossimi 90 giorni.' };
	let regola = regolaFor(db, 'primo_incontro', proc.tipologia, proc.dataDeposito);
	if (!regola) {
		ensureDefaultRegole(db);
		regola = regolaFor(db, 'primo_incontro', proc.tipologia, proc.dataDeposito);
	}
	if (!regola) return { dal: domani, al: addDays(today, 60), descrizione: 'Nessuna regola sul primo incontro: prossimi 60 giorni.' };
	const min = addDays(proc.dataDeposito, regola.parametri.minGiorni);
	const max = addDays(proc.dataDeposito, regola.parametri.maxGiorni);
	const legale = `tra il ${formatGiorno(min)} e il ${formatGiorno(max)} (da ${regola.parametri.minGiorni} a ${regola.parametri.maxGiorni} giorni dal deposito del ${formatGiorno(proc.dataDeposito)})`;
	if (max < domani)
		return {
			dal: domani,
			al: addDays(today, 60),
			descrizione: `Il termine per il primo incontro (${legale}) è già scaduto: proposte dalla prima data utile.`,
			fonte: regola.fonte,
			scaduta: true
		};
	return { dal: min > domani ? min : domani, al: max, descrizione: `Primo incontro ${legale}.`, fonte: regola.fonte };
}

function toUtcRange(dal: string, al: string): [number, number] {
	// Rome dates are at most 2 h ahead of UTC: widen by a day on each side.
	return [Date.parse(`${dal}T00:00:00Z`) - MAX_DURATA_MS, Date.parse(`${addDays(al, 1)}T00:00:00Z`) + MAX_DURATA_MS];
}

export function disponibilitaSettimanale(db: Db, organismoId: string, mediatoreId: string): OrarioSettimanale | null {
	const rows = db
		.select()
		.from(disponibilitaMediatori)
		.where(and(eq(disponibilitaMediatori.organismoId, organismoId), eq(disponibilitaMediatori.mediatoreId, mediatoreId)))
		.all();
	return rows.length ? orarioFromRows(rows) : null;
}

/** Busy intervals of a mediator: meetings (theirs, or of their cases without a mediator) and unavailability. */
export function occupatoMediatore(
	db: Db,
	organismoId: string,
	mediatoreId: string,
	from: number,
	to: number,
	casiSenzaMediatore: readonly string[] = []
): Intervallo[] {
	const rows = stmt(db, BUSY_MED)
		.raw()
		.all(mediatoreId, JSON.stringify(casiSenzaMediatore), new Date(from - MAX_DURATA_MS).toISOString(), new Date(to).toISOString()) as [
		number,
		number
	][];
	const out: Intervallo[] = rows.map(([s, durata]) => [s, s + durata * 60_000] as const);
	for (const u of loadIndisponibilita(db, organismoId, mediatoreId, from, to)) out.push([u.inizio, u.fine]);
	return out;
}

export interface ProponiOpzioni {
	tipo: 'primo' | 'successivo';
	modalita: Modalita;
	durataMinuti: number;
	mediatoreId?: string | null;
	limite?: number;
	now?: number;
	/** Search these local dates instead of the legal/default window (benchmarks, manual searches). */
	finestra?: { dal: string; al: string };
}

export interface Proposte {
	finestra: Finestra;
	slots: Slot[];
	mediatore: { id: string; nome: string } | null;
	/** Why there are no proposals, when there are none. */
	avviso?: string;
}

/** "Proponi date" for a case: first free slots for its mediator (and a sala when needed) in the right window. */
export function proponiDate(db: Db, procedimentoId: string, o: ProponiOpzioni): Proposte | null {
	const proc = procInfo(db, procedimentoId);
	if (!proc) return null;
	const now = o.now ?? Date.now();
	const finestra: Finestra = o.finestra
		? { ...o.finestra, descrizione: 'Periodo indicato.' }
		: finestraRicerca(db, proc, o.tipo, romeIsoDate(new Date(now)));
	const meds = mediatoriCaso(db, procedimentoId);
	const med = (o.mediatoreId ? meds.find((m) => m.id === o.mediatoreId) : meds[0]) ?? null;
	const cal = sedeCalendario(db, proc.sedeId);
	const serveSala = o.modalita !== 'telematica';
	const saleSede = serveSala ? listSale(db, proc.organismoId, { sedeId: proc.sedeId, soloAttive: true }) : [];
	if (serveSala && saleSede.length === 0)
		return {
			finestra,
			slots: [],
			mediatore: med && { id: med.id, nome: `${med.nome} ${med.cognome}` },
			avviso: `La sede «${cal.sedeNome}» non ha sale attive: aggiungine una in «Sale e orari».`
		};
	const persone = soggettiCaso(db, procedimentoId).length + Math.max(1, meds.length);
	const disponibilita = med ? disponibilitaSettimanale(db, proc.organismoId, med.id) : null;
	const casiMed = med ? casiDelMediatore(db, med.id) : [];
	const limite = o.limite ?? 5;
	const slots: Slot[] = [];
	// Search chunk by chunk: the usual "first 5 dates" only loads the bookings of the first weeks.
	for (let dal = finestra.dal; dal <= finestra.al && slots.length < limite; dal = addDays(dal, CHUNK_DAYS)) {
		const al = addDays(dal, CHUNK_DAYS - 1) < finestra.al ? addDays(dal, CHUNK_DAYS - 1) : finestra.al;
		const [cFrom, cTo] = toUtcRange(dal, al);
		const occupatoSale = serveSala
			? busyBySala(
					db,
					saleSede.map((x) => x.id),
					cFrom,
					cTo
				)
			: null;
		slots.push(
			...proponiSlot({
				dal,
				al,
				durataMinuti: o.durataMinuti,
				orario: cal.orario,
				festivo: cal.festivo,
				disponibilita,
				occupatoMediatore: med ? occupatoMediatore(db, proc.organismoId, med.id, cFrom, cTo, casiMed) : [],
				sale: occupatoSale
					? saleSede.map((x) => ({ id: x.id, nome: x.nome, capienza: x.capienza, occupato: occupatoSale.get(x.id) ?? [] }))
					: null,
				minCapienza: serveSala && o.modalita === 'presenza' ? persone : 0,
				dopo: now,
				limite: limite - slots.length
			})
		);
	}
	return {
		finestra,
		slots,
		mediatore: med && { id: med.id, nome: `${med.nome} ${med.cognome}` },
		avviso: slots.length ? undefined : 'Nessuna data libera nella finestra: prova un’altra durata o modalità, o fissa l’incontro a mano.'
	};
}

/** Cases where the mediator is the accepted mediator (their meetings without an explicit mediator count). */
export function casiDelMediatore(db: Db, mediatoreId: string): string[] {
	return db
		.select({ id: assegnazioni.procedimentoId })
		.from(assegnazioni)
		.where(and(eq(assegnazioni.mediatoreId, mediatoreId), eq(assegnazioni.stato, 'accettata')))
		.all()
		.map((r) => r.id);
}
