/**
 * Time in Italy (Europe/Rome), the one module for it. Instants are stored as UTC (ms or ISO
 * strings); what people type and read is the wall-clock time in Italy, whatever the server's or the
 * browser's time zone. Calendar dates (YYYY-MM-DD: deadlines, the register's day, holidays) are
 * counted on the UTC calendar, which has no daylight-saving changes, so adding days across the last
 * Sunday of March or October never gains or loses one.
 *
 * Offsets come from the runtime's time-zone database through Intl.DateTimeFormat (no library),
 * memoised per UTC hour because Italy's offset only changes on the hour (01:00 UTC on the last
 * Sunday of March and of October). Pure: used by db/, the pages and the browser alike.
 *
 * Conventions for legal terms (art. 2963 c.c., art. 155 c.p.c.), in addDays/addMonths:
 * - days: the starting day is not counted ("dies a quo non computatur"): 20 days from 01/03 ends on 21/03;
 * - months: the term ends in the target month on the day with the same number as the starting day;
 *   when that month is shorter, on its last day (31/01 + 1 month = 28/02, or 29/02 in leap years);
 * - a term falling on a Sunday or public holiday is NOT moved to the next working day here: the
 *   date shown is the earliest possible end (the safer reading for a maximum duration).
 */

export const TZ = 'Europe/Rome';
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** An instant: epoch milliseconds, a Date or an ISO string. */
export type Instant = number | Date | string;
/** A calendar date written YYYY-MM-DD. */
export type IsoDate = string;

const toMs = (at: Instant): number => (typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime());
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

// ---------------------------------------------------------------- instants in Italy

const partsFormat = new Intl.DateTimeFormat('en-US', {
	timeZone: TZ,
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit'
});

const offsetCache = new Map<number, number>();

/** Minutes to add to UTC to get the time in Italy at `ms` (60 in winter, 120 in summer). */
export function romeOffsetMinutes(ms: number): number {
	const hour = Math.floor(ms / HOUR_MS);
	const cached = offsetCache.get(hour);
	if (cached !== undefined) return cached;
	const at = hour * HOUR_MS;
	const p: Record<string, number> = {};
	for (const part of partsFormat.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
	const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
	const offset = Math.round((wall - at) / MINUTE_MS);
	if (offsetCache.size > 200_000) offsetCache.clear();
	offsetCache.set(hour, offset);
	return offset;
}

/** The wall clock in Italy of an instant, read as the same digits in UTC. */
const wallClock = (at: Instant): Date => {
	const ms = toMs(at);
	return new Date(ms + romeOffsetMinutes(ms) * MINUTE_MS);
};

export interface RomeParts {
	/** YYYY-MM-DD in Italy. */
	date: IsoDate;
	/** HH:MM in Italy. */
	time: string;
	/** 1 = Monday ... 7 = Sunday. */
	weekday: number;
	/** Minutes since local midnight. */
	minutes: number;
}

/** The wall-clock date and time in Italy of an instant. */
export function romeParts(at: Instant): RomeParts {
	const local = wallClock(at);
	const h = local.getUTCHours();
	const mi = local.getUTCMinutes();
	return {
		date: `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`,
		time: `${pad(h)}:${pad(mi)}`,
		weekday: ((local.getUTCDay() + 6) % 7) + 1,
		minutes: h * 60 + mi
	};
}

export interface RomeFields {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

/** The wall-clock fields in Italy of an instant, as numbers. */
export function romeFields(at: Instant): RomeFields {
	const local = wallClock(at);
	return {
		year: local.getUTCFullYear(),
		month: local.getUTCMonth() + 1,
		day: local.getUTCDate(),
		hour: local.getUTCHours(),
		minute: local.getUTCMinutes(),
		second: local.getUTCSeconds()
	};
}

/** The calendar date in Italy of an instant (23:30 UTC on 31/03 is already 01/04 in Rome). */
export function romeIsoDate(at: Instant = Date.now()): IsoDate {
	return romeParts(at).date;
}

/**
 * UTC instant of a wall-clock time in Italy given as "the same digits read as UTC" (Date.UTC(...)),
 * or null when that time does not exist (spring-forward gap). Repeated times: first occurrence.
 */
export function wallToUtc(wall: number): number | null {
	// Italy is UTC+2 in summer, UTC+1 in winter: try the summer reading first (first occurrence).
	for (const offset of [120, 60]) {
		const ms = wall - offset * MINUTE_MS;
		if (romeOffsetMinutes(ms) === offset) return ms;
	}
	return null;
}

export type RomeToUtc = { ok: true; ms: number } | { ok: false; message: string };

/**
 * The UTC instant of a wall-clock time in Italy. A time skipped by the spring-forward change (02:00–
 * 02:59 on the last Sunday of March) does not exist and is refused; a time repeated in October
 * (02:00–02:59 twice) is taken as the first occurrence (still summer time).
 */
export function romeToUtc(date: string, time: string): RomeToUtc {
	const dm = ISO_DATE.exec(date);
	const tm = HHMM.exec(time);
	if (!dm) return { ok: false, message: `Data non valida: «${date}».` };
	if (!tm) return { ok: false, message: `Orario non valido: «${time}» (usa il formato HH:MM).` };
	const [y, mo, d] = [Number(dm[1]), Number(dm[2]), Number(dm[3])];
	const probe = new Date(Date.UTC(y, mo - 1, d));
	if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d)
		return { ok: false, message: `La data ${pad(d)}/${pad(mo)}/${y} non esiste.` };
	const ms = wallToUtc(Date.UTC(y, mo - 1, d, Number(tm[1]), Number(tm[2])));
	if (ms !== null) return { ok: true, ms };
	return {
		ok: false,
		message: `L'orario ${time} del ${pad(d)}/${pad(mo)}/${y} non esiste in Italia: quella notte, per il passaggio all'ora legale, gli orologi passano dalle 02:00 alle 03:00.`
	};
}

/** The UTC instant of local midnight starting an Italian day. */
function romeMidnight(date: IsoDate): number {
	const { y, m, d } = parse(date);
	const naive = Date.UTC(y, m - 1, d);
	// Second pass: the offset at the candidate instant itself (the day a change happens).
	const t = naive - romeOffsetMinutes(naive) * MINUTE_MS;
	return naive - romeOffsetMinutes(t) * MINUTE_MS;
}

/** [start, end) of an Italian day as UTC ISO strings, comparable with stored timestamps. */
export function romeDayBounds(date: IsoDate): { start: string; end: string } {
	return { start: new Date(romeMidnight(date)).toISOString(), end: new Date(romeMidnight(addDays(date, 1))).toISOString() };
}

// ---------------------------------------------------------------- calendar dates (YYYY-MM-DD)

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

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
	return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is refused). */
export function isIsoDate(value: string): boolean {
	try {
		parse(value);
		return true;
	} catch {
		return false;
	}
}

/** A real calendar date from 1900 on (the register's days and other typed dates). */
export function isValidDay(value: string): boolean {
	return isIsoDate(value) && Number(value.slice(0, 4)) >= 1900;
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

const fromDayNumber = (n: number): IsoDate => {
	const t = new Date(n * DAY_MS);
	return format({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() });
};

export function addDays(date: IsoDate, days: number): IsoDate {
	return fromDayNumber(dayNumber(date) + days);
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

/** 1 = Monday ... 7 = Sunday, of a calendar date. */
export function weekdayOf(date: IsoDate): number {
	return ((new Date(dayNumber(date) * DAY_MS).getUTCDay() + 6) % 7) + 1;
}

export function isHhMm(value: string): boolean {
	return HHMM.test(value);
}

export function hhmmToMinutes(value: string): number {
	const m = HHMM.exec(value);
	if (!m) throw new RangeError(`Orario non valido: «${value}» (atteso HH:MM).`);
	return Number(m[1]) * 60 + Number(m[2]);
}

export function minutesToHhMm(minutes: number): string {
	return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

// ---------------------------------------------------------------- Italian formats

/** "2026-11-26" (or a longer ISO string) -> "26/11/2026"; "" for nothing. */
export function formatGiorno(date: IsoDate | null | undefined): string {
	if (!date) return '';
	const [y, m, d] = date.slice(0, 10).split('-');
	return `${d}/${m}/${y}`;
}

// Calendar dates are formatted as UTC midnight in UTC, so no time zone can shift them by a day.
const utcDay = (date: IsoDate) => new Date(dayNumber(date) * DAY_MS);
const giornoEsteso = new Intl.DateTimeFormat('it-IT', { dateStyle: 'full', timeZone: 'UTC' });
const giornoSettimana = new Intl.DateTimeFormat('it-IT', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
const nomeGiorno = new Intl.DateTimeFormat('it-IT', { weekday: 'long', timeZone: 'UTC' });
const mese = new Intl.DateTimeFormat('it-IT', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "2026-11-26" -> "giovedì 26 novembre 2026". */
export function formatGiornoEsteso(date: IsoDate): string {
	return giornoEsteso.format(utcDay(date));
}

/** "2026-11-26" -> "giovedì 26 novembre". */
export function formatGiornoSettimana(date: IsoDate): string {
	return giornoSettimana.format(utcDay(date));
}

/** "2026-11-26" -> "giovedì". */
export function formatNomeGiorno(date: IsoDate): string {
	return nomeGiorno.format(utcDay(date));
}

/** "2026-11-26" -> "novembre 2026". */
export function formatMese(date: IsoDate): string {
	return mese.format(utcDay(date));
}

/** The day in Italy of an instant: "26/11/2026". */
export function formatData(at: Instant): string {
	return formatGiorno(romeIsoDate(at));
}

const missing = (at: Instant | null | undefined): at is null | undefined =>
	at === null || at === undefined || at === '' || Number.isNaN(toMs(at));

/** "26/11/2026 10:15" (Italian time); "" for nothing. */
export function formatDataOra(at: Instant | null | undefined): string {
	if (missing(at)) return '';
	const p = romeFields(at);
	return `${pad(p.day)}/${pad(p.month)}/${pad(p.year, 4)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** "26/11/2026 10:15:30" (Italian time): logs and evidence, where the second matters; "" for nothing. */
export function formatDataOraSecondi(at: Instant | null | undefined): string {
	if (missing(at)) return '';
	return `${formatDataOra(at)}:${pad(romeFields(at).second)}`;
}

const conMese = new Intl.DateTimeFormat('it-IT', { dateStyle: 'medium', timeStyle: 'medium', timeZone: TZ });

/** "26 nov 2026, 10:15:30" (Italian time): a procedimento's Storico; "" for nothing. */
export function formatDataOraMese(at: Instant | null | undefined): string {
	return missing(at) ? '' : conMese.format(toMs(at));
}

/** "10:15" (Italian time). */
export function formatOra(at: Instant): string {
	return romeParts(at).time;
}

const longFormat = new Intl.DateTimeFormat('it-IT', {
	timeZone: TZ,
	weekday: 'long',
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit'
});

/** "martedì 1 dicembre 2026 alle ore 10:00" style labels, in Italy's time. */
export function formatRome(at: Instant): string {
	return longFormat.format(toMs(at));
}

/** "01/12/2026 10:00–12:00" (or across days "01/12/2026 22:00 – 02/12/2026 01:00"). */
export function formatRange(start: Instant, end: Instant): string {
	const a = romeParts(start);
	const b = romeParts(end);
	return a.date === b.date
		? `${formatGiorno(a.date)} ${a.time}–${b.time}`
		: `${formatGiorno(a.date)} ${a.time} – ${formatGiorno(b.date)} ${b.time}`;
}
