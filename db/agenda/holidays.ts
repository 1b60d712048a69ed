/**
 * Italian public holidays (L. 260/1949 as amended, L. 54/1977, DPR 792/1985) computed per year, plus
 * the local holidays of a sede (patron saint...), configured as "MM-DD" (every year) or "YYYY-MM-DD".
 */

export interface Festivita {
	data: string; // YYYY-MM-DD
	nome: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Easter Sunday (Gregorian calendar, anonymous "Meeus/Jones/Butcher" algorithm). */
export function pasqua(year: number): string {
	const a = year % 19;
	const b = Math.floor(year / 100);
	const c = year % 100;
	const d = Math.floor(b / 4);
	const e = b % 4;
	const f = Math.floor((b + 8) / 25);
	const g = Math.floor((b - f + 1) / 3);
	const h = (19 * a + b - d - g + 15) % 30;
	const i = Math.floor(c / 4);
	const k = c % 4;
	const l = (32 + 2 * e + 2 * i - h - k) % 7;
	const m = Math.floor((a + 11 * h + 22 * l) / 451);
	const month = Math.floor((h + l - 7 * m + 114) / 31);
	const day = ((h + l - 7 * m + 114) % 31) + 1;
	return `${year}-${pad(month)}-${pad(day)}`;
}

function nextDay(date: string): string {
	const [y, m, d] = date.split('-').map(Number);
	const t = new Date(Date.UTC(y, m - 1, d + 1));
	return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

const FISSE: readonly [string, string][] = [
	['01-01', 'Capodanno'],
	['01-06', 'Epifania'],
	['04-25', 'Festa della Liberazione'],
	['05-01', 'Festa del Lavoro'],
	['06-02', 'Festa della Repubblica'],
	['08-15', 'Assunzione (Ferragosto)'],
	['11-01', 'Ognissanti'],
	['12-08', 'Immacolata Concezione'],
	['12-25', 'Natale'],
	['12-26', 'Santo Stefano']
];

/**
 * National holidays of `year`, by date. San Francesco d'Assisi (4 ottobre) is a national holiday
 * again from 2026 (L. 151/2025) — to be checked against the Gazzetta Ufficiale before relying on it.
 */
export function festivitaNazionali(year: number): Festivita[] {
	const out: Festivita[] = FISSE.map(([md, nome]) => ({ data: `${year}-${md}`, nome }));
	const easter = pasqua(year);
	out.push({ data: easter, nome: 'Pasqua' }, { data: nextDay(easter), nome: "Lunedì dell'Angelo (Pasquetta)" });
	if (year >= 2026) out.push({ data: `${year}-10-04`, nome: "San Francesco d'Assisi" });
	return out.sort((a, b) => (a.data < b.data ? -1 : 1));
}

export interface FestivitaLocale {
	/** "MM-DD" every year, or "YYYY-MM-DD" once. */
	data: string;
	descrizione: string;
}

export const LOCAL_HOLIDAY = /^(?:(\d{4})-)?(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Holidays of a sede in `year` (national + local), keyed by date. */
export function festivitaAnno(year: number, locali: readonly FestivitaLocale[] = []): Map<string, string> {
	const map = new Map<string, string>();
	for (const f of festivitaNazionali(year)) map.set(f.data, f.nome);
	for (const l of locali) {
		const m = LOCAL_HOLIDAY.exec(l.data);
		if (!m) continue;
		if (m[1] && Number(m[1]) !== year) continue;
		const date = `${year}-${m[2]}-${m[3]}`;
		if (!map.has(date)) map.set(date, l.descrizione);
	}
	return map;
}

/** Memoised holiday lookup over several years (slot search). */
export function holidayLookup(locali: readonly FestivitaLocale[] = []): (date: string) => string | undefined {
	const years = new Map<number, Map<string, string>>();
	return (date) => {
		const y = Number(date.slice(0, 4));
		let m = years.get(y);
		if (!m) years.set(y, (m = festivitaAnno(y, locali)));
		return m.get(date);
	};
}
