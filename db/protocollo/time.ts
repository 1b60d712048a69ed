/**
 * Dates of the protocol register. Timestamps are stored as UTC ISO strings; the register's day,
 * year and every displayed time are those of Italy (Europe/Rome, with summer time).
 */
export const TIME_ZONE = 'Europe/Rome';

const partsFormat = new Intl.DateTimeFormat('en-GB', {
	timeZone: TIME_ZONE,
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hourCycle: 'h23'
});

export interface RomeParts {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

export function romeParts(d: Date): RomeParts {
	const p: Record<string, number> = {};
	for (const part of partsFormat.formatToParts(d)) if (part.type !== 'literal') p[part.type] = Number(part.value);
	return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The Italian calendar day of an instant, as YYYY-MM-DD. */
export function romeDay(d: Date): string {
	const p = romeParts(d);
	return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** "26/11/2026 10:15" (Italian time). */
export function formatDataOra(iso: string | Date): string {
	const p = romeParts(typeof iso === 'string' ? new Date(iso) : iso);
	return `${pad(p.day)}/${pad(p.month)}/${pad(p.year, 4)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** "10:15" (Italian time). */
export function formatOra(iso: string | Date): string {
	const p = romeParts(typeof iso === 'string' ? new Date(iso) : iso);
	return `${pad(p.hour)}:${pad(p.minute)}`;
}

/** "2026-11-26" -> "26/11/2026". */
export function formatGiorno(ymd: string): string {
	const [y, m, d] = ymd.split('-');
	return `${d}/${m}/${y}`;
}

/** "2026-11-26" -> "giovedì 26 novembre 2026". */
export function formatGiornoEsteso(ymd: string): string {
	const [y, m, d] = ymd.split('-').map(Number);
	return new Intl.DateTimeFormat('it-IT', { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** A real calendar date written as YYYY-MM-DD (2026-02-30 is refused). */
export function isValidDay(ymd: string): boolean {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
	if (!m) return false;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const date = new Date(Date.UTC(y, mo - 1, d));
	return y >= 1900 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Minutes Rome is ahead of UTC at this instant (60 or 120). */
function offsetMinutes(instant: number): number {
	const p = romeParts(new Date(instant));
	const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
	return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60000);
}

/** The UTC instant of local midnight starting an Italian day. */
function romeMidnight(ymd: string): number {
	const [y, m, d] = ymd.split('-').map(Number);
	const naive = Date.UTC(y, m - 1, d);
	let t = naive - offsetMinutes(naive) * 60000;
	t = naive - offsetMinutes(t) * 60000; // second pass: the offset at the candidate instant itself
	return t;
}

/** [start, end) of an Italian day as UTC ISO strings, comparable with stored timestamps. */
export function romeDayBounds(ymd: string): { start: string; end: string } {
	const [y, m, d] = ymd.split('-').map(Number);
	const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
	return { start: new Date(romeMidnight(ymd)).toISOString(), end: new Date(romeMidnight(next)).toISOString() };
}
