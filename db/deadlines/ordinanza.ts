import { isIsoDate, type IsoDate } from '../shared/time.ts';

// A date written as 12/03/2025, 12-03-2025, 12.03.2025 or 2025-03-12 (word boundaries: "1234/2025" is no date).
const DATE = /(?<!\d)(?:(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})|(\d{4})-(\d{2})-(\d{2}))(?!\d)/g;

function toIso(m: RegExpExecArray): IsoDate | null {
	const iso = m[1] ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : `${m[4]}-${m[5]}-${m[6]}`;
	return isIsoDate(iso) ? iso : null;
}

/**
 * The date of the judge's ordinanza inside the free-text court reference of a demandata case
 * (procedimenti.riferimentoGiudizio, e.g. "Trib. Milano, R.G. 1234/2025, ordinanza del 12/03/2025").
 * The date right after "ordinanza"/"ord." wins; otherwise the only date in the text; otherwise null
 * (no date, or several dates and none marked as the ordinanza's).
 */
export function estraiDataOrdinanza(riferimento: string | null | undefined): IsoDate | null {
	if (!riferimento) return null;
	const found: { index: number; iso: IsoDate }[] = [];
	for (const m of riferimento.matchAll(DATE)) {
		const iso = toIso(m);
		if (iso) found.push({ index: m.index, iso });
	}
	const marker = /\bord(?:inanza|\.)/gi;
	for (const k of riferimento.matchAll(marker)) {
		const next = found.find((f) => f.index > k.index && f.index - k.index <= 40);
		if (next) return next.iso;
	}
	return found.length === 1 ? found[0].iso : null;
}
