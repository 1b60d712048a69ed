import type { OrarioSettimanale } from './worktime.ts';
import { minutesToHhMm, wallToUtc } from '../shared/time.ts';

/**
 * "Proponi date": the first free slots for a meeting. Pure and allocation-light (see
 * scripts/bench/agenda.ts): busy intervals are merged once, then every resource is scanned with a
 * forward-only pointer because candidates are generated in chronological order.
 */

export type Intervallo = readonly [number, number];

export interface SalaLibera {
	id: string;
	nome: string;
	capienza: number;
	/** Busy intervals (ms), any order. */
	occupato: readonly Intervallo[];
}

export interface SlotQuery {
	/** First and last local date (Europe/Rome) to search, inclusive (YYYY-MM-DD). */
	dal: string;
	al: string;
	durataMinuti: number;
	/** Start times every `passoMinuti` from the opening of each interval (default 30). */
	passoMinuti?: number;
	orario: OrarioSettimanale;
	festivo: (date: string) => string | undefined;
	/** The mediator's declared weekly availability; null/undefined = the sede's opening hours. */
	disponibilita?: OrarioSettimanale | null;
	/** The mediator's meetings and unavailability (ms). */
	occupatoMediatore: readonly Intervallo[];
	/** Candidate sale; null when no sala is needed (telematica). */
	sale: readonly SalaLibera[] | null;
	/** People expected in the room: sale with less capacity are skipped. */
	minCapienza?: number;
	/** No slot starts before this instant (now). */
	dopo: number;
	limite?: number;
	/** At most this many slots per day, to spread proposals over several days (default 1). */
	perGiorno?: number;
}

export interface Slot {
	inizio: number;
	fine: number;
	data: string;
	dalle: string;
	alle: string;
	salaId: string | null;
	salaNome: string | null;
}

export function mergeIntervals(list: readonly Intervallo[]): [number, number][] {
	const sorted = [...list].sort((a, b) => a[0] - b[0]);
	const out: [number, number][] = [];
	for (const [s, e] of sorted) {
		if (e <= s) continue;
		const last = out[out.length - 1];
		if (last && s <= last[1]) last[1] = Math.max(last[1], e);
		else out.push([s, e]);
	}
	return out;
}

function intersect(a: readonly (readonly [number, number])[], b: readonly (readonly [number, number])[]): [number, number][] {
	const out: [number, number][] = [];
	for (const [s1, e1] of a)
		for (const [s2, e2] of b) {
			const s = Math.max(s1, s2);
			const e = Math.min(e1, e2);
			if (s < e) out.push([s, e]);
		}
	return out.sort((x, y) => x[0] - y[0]);
}

/** Forward-only cursor over merged busy intervals. */
class Cursor {
	private i = 0;
	private readonly busy: [number, number][];
	constructor(busy: readonly Intervallo[]) {
		this.busy = mergeIntervals(busy);
	}
	free(start: number, end: number): boolean {
		const b = this.busy;
		while (this.i < b.length && b[this.i][1] <= start) this.i++;
		return this.i >= b.length || b[this.i][0] >= end;
	}
}

const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

function dayMs(date: string): number {
	return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

/**
 * Chronological free slots: on working days that are not holidays, inside the opening hours (and
 * the mediator's availability when declared), with the mediator free and, when a sala is needed,
 * the smallest free sala that fits. Ranked earliest first, at most `perGiorno` per day.
 */
export function proponiSlot(q: SlotQuery): Slot[] {
	const passo = q.passoMinuti ?? 30;
	const limite = q.limite ?? 5;
	const perGiorno = q.perGiorno ?? 1;
	const durata = q.durataMinuti;
	const mediatore = new Cursor(q.occupatoMediatore);
	const sale = q.sale
		? [...q.sale]
				.filter((s) => s.capienza >= (q.minCapienza ?? 0))
				.sort((a, b) => a.capienza - b.capienza || a.nome.localeCompare(b.nome, 'it'))
				.map((s) => ({ s, c: new Cursor(s.occupato) }))
		: null;
	if (sale && sale.length === 0) return [];
	const out: Slot[] = [];
	const last = dayMs(q.al);
	for (let day = dayMs(q.dal); day <= last && out.length < limite; day += DAY_MS) {
		const d = new Date(day);
		const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
		const weekday = ((d.getUTCDay() + 6) % 7) + 1;
		const open = q.orario[weekday];
		if (!open || open.length === 0 || q.festivo(date)) continue;
		const intervals = q.disponibilita ? intersect(open, q.disponibilita[weekday] ?? []) : open;
		let today = 0;
		for (const [from, to] of intervals) {
			for (let m = from; m + durata <= to && today < perGiorno && out.length < limite; m += passo) {
				const inizio = wallToUtc(day + m * 60_000);
				if (inizio === null || inizio < q.dopo) continue;
				const fine = inizio + durata * 60_000;
				if (!mediatore.free(inizio, fine)) continue;
				let sala: SalaLibera | null = null;
				if (sale) {
					for (const x of sale)
						if (x.c.free(inizio, fine)) {
							sala = x.s;
							break;
						}
					if (!sala) continue;
				}
				out.push({
					inizio,
					fine,
					data: date,
					dalle: minutesToHhMm(m),
					alle: minutesToHhMm(m + durata),
					salaId: sala?.id ?? null,
					salaNome: sala?.nome ?? null
				});
				today++;
			}
		}
	}
	return out;
}
