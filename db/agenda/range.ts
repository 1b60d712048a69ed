import { addDays, romeParts, romeToUtc, weekdayOf } from '../shared/time.ts';

export const VISTE = ['giorno', 'settimana', 'mese'] as const;
export type Vista = (typeof VISTE)[number];

export interface Periodo {
	vista: Vista;
	data: string;
	/** First and last local date shown (inclusive). */
	dal: string;
	al: string;
	/** UTC instants bounding the period. */
	from: number;
	to: number;
	prev: string;
	next: string;
	/** Every local date shown (month view: whole weeks, Monday first). */
	giorni: string[];
}

function midnight(date: string): number {
	const r = romeToUtc(date, '00:00'); // midnight always exists in Italy (changes happen at 02:00/03:00)
	if (!r.ok) throw new RangeError(r.message);
	return r.ms;
}

/** The dates and instants of a calendar view around `data`. */
export function periodo(vista: Vista, data: string): Periodo {
	let dal: string;
	let al: string;
	let prev: string;
	let next: string;
	if (vista === 'giorno') {
		dal = al = data;
		prev = addDays(data, -1);
		next = addDays(data, 1);
	} else if (vista === 'settimana') {
		dal = addDays(data, 1 - weekdayOf(data));
		al = addDays(dal, 6);
		prev = addDays(data, -7);
		next = addDays(data, 7);
	} else {
		const first = `${data.slice(0, 7)}-01`;
		const nextMonth = addDays(first, 32).slice(0, 7) + '-01';
		const last = addDays(nextMonth, -1);
		dal = addDays(first, 1 - weekdayOf(first));
		al = addDays(last, 7 - weekdayOf(last));
		prev = addDays(first, -1).slice(0, 7) + '-01';
		next = nextMonth;
	}
	const giorni: string[] = [];
	for (let d = dal; d <= al; d = addDays(d, 1)) giorni.push(d);
	return { vista, data, dal, al, from: midnight(dal), to: midnight(addDays(al, 1)), prev, next, giorni };
}

/** Events grouped by the local date of their start. */
export function perGiorno<T extends { inizio: number }>(events: readonly T[]): Map<string, T[]> {
	const out = new Map<string, T[]>();
	for (const e of events) {
		const d = romeParts(e.inizio).date;
		const list = out.get(d);
		if (list) list.push(e);
		else out.set(d, [e]);
	}
	return out;
}
