/**
 * Europe/Rome time for the agenda. Meetings are stored as UTC instants; what people type and read is
 * the wall-clock time in Italy. Offsets come from the runtime's time-zone database through
 * Intl.DateTimeFormat (no library), memoised per UTC hour because offsets only change on the hour
 * (01:00 UTC on the last Sunday of March and of October).
 */

export const TZ = 'Europe/Rome';
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

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

export interface RomeParts {
	/** YYYY-MM-DD in Italy. */
	date: string;
	/** HH:MM in Italy. */
	time: string;
	/** 1 = Monday ... 7 = Sunday. */
	weekday: number;
	/** Minutes since local midnight. */
	minutes: number;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The wall-clock date and time in Italy of a UTC instant. */
export function romeParts(ms: number): RomeParts {
	const local = new Date(ms + romeOffsetMinutes(ms) * MINUTE_MS);
	const y = local.getUTCFullYear();
	const mo = local.getUTCMonth() + 1;
	const d = local.getUTCDate();
	const h = local.getUTCHours();
	const mi = local.getUTCMinutes();
	return {
		date: `${pad(y, 4)}-${pad(mo)}-${pad(d)}`,
		time: `${pad(h)}:${pad(mi)}`,
		weekday: ((local.getUTCDay() + 6) % 7) + 1,
		minutes: h * 60 + mi
	};
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

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

/** 1 = Monday ... 7 = Sunday, of a calendar date. */
export function weekdayOf(date: string): number {
	const m = ISO_DATE.exec(date);
	if (!m) throw new RangeError(`Data non valida: «${date}».`);
	const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay();
	return ((day + 6) % 7) + 1;
}

/** 01/12/2026 from 2026-12-01. */
export function italianDay(date: string): string {
	const [y, m, d] = date.split('-');
	return `${d}/${m}/${y}`;
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

/** Adds days to a calendar date (UTC calendar: no DST). */
export function addDaysIso(date: string, days: number): string {
	const m = ISO_DATE.exec(date);
	if (!m) throw new RangeError(`Data non valida: «${date}».`);
	const t = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
	return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** "martedì 1 dicembre 2026, 10:00" style labels, in Italy's time. */
const longFormat = new Intl.DateTimeFormat('it-IT', {
	timeZone: TZ,
	weekday: 'long',
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit'
});

export function formatRome(ms: number): string {
	return longFormat.format(ms);
}

/** "01/12/2026 10:00–12:00". */
export function formatRange(startMs: number, endMs: number): string {
	const a = romeParts(startMs);
	const b = romeParts(endMs);
	return a.date === b.date
		? `${italianDay(a.date)} ${a.time}–${b.time}`
		: `${italianDay(a.date)} ${a.time} – ${italianDay(b.date)} ${b.time}`;
}
