/**
 * Calendar arithmetic on date-only strings (YYYY-MM-DD). Dates never pass through a local-time
 * Date: days are counted on the UTC calendar, which has no daylight-saving changes, so adding days
 * across the last Sunday of March or October never gains or loses a day.
 *
 * Convention for legal terms (art. 2963 c.c., art. 155 c.p.c.):
 * - days: the starting day is not counted ("dies a quo non computatur"): 20 days from 01/03 ends on 21/03;
 * - months: the term ends in the target month on the day with the same number as the starting day;
 *   when that month is shorter, on its last day (31/01 + 1 month = 28/02, or 29/02 in leap years);
 * - a term falling on a Sunday or public holiday is NOT moved to the next working day here: the
 *   date shown is the earliest possible end (the safer reading for a maximum duration).
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export type IsoDate = string;

interface Ymd {
	y: number;
	m: number; // 1..12
	d: number;
}

function parse(date: IsoDate): Ymd {
	const match = ISO_DATE.exec(date);
	if (!match) throw new RangeError(`Data non valida: «${date}» (atteso AAAA-MM-GG).`);
	const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
	if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) throw new RangeError(`Data inesistente: «${date}».`);
	return { y, m, d };
}

function format({ y, m, d }: Ymd): IsoDate {
	return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function isIsoDate(value: string): boolean {
	try {
		parse(value);
		return true;
	} catch {
		return false;
	}
}

export function isLeapYear(y: number): boolean {
	return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
	return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** Day number on the UTC calendar (no time zone, no DST). */
function dayNumber(date: IsoDate): number {
	const { y, m, d } = parse(date);
	return Date.UTC(y, m - 1, d) / DAY_MS;
}

export function addDays(date: IsoDate, days: number): IsoDate {
	const t = new Date((dayNumber(date) + days) * DAY_MS);
	return format({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() });
}

/** Art. 2963 c.c.: same day number in the target month, or its last day when missing. */
export function addMonths(date: IsoDate, months: number): IsoDate {
	const { y, m, d } = parse(date);
	const index = y * 12 + (m - 1) + months;
	const ty = Math.floor(index / 12);
	const tm = index - ty * 12 + 1;
	return format({ y: ty, m: tm, d: Math.min(d, daysInMonth(ty, tm)) });
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function diffDays(from: IsoDate, to: IsoDate): number {
	return dayNumber(to) - dayNumber(from);
}

const romeDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date in Italy at the given instant (e.g. 23:30 UTC on 31/03 is already 01/04 in Rome). */
export function romeIsoDate(instant: Date = new Date()): IsoDate {
	const parts = romeDate.formatToParts(instant);
	const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
	return `${part('year')}-${part('month')}-${part('day')}`;
}
