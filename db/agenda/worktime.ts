import { hhmmToMinutes, formatGiorno, minutesToHhMm, romeParts } from '../shared/time.ts';

/** Opening intervals per weekday (1 = Monday ... 7 = Sunday), in minutes since local midnight. */
export type OrarioSettimanale = Record<number, readonly (readonly [number, number])[]>;

export const GIORNI = ['', 'lunedì', 'martedì', 'mercoledì', 'giovedì', 'venerdì', 'sabato', 'domenica'] as const;

/** Used when a sede has not configured its hours: Monday to Friday, 09:00–19:00. */
export const ORARIO_PREDEFINITO: OrarioSettimanale = {
	1: [[540, 1140]],
	2: [[540, 1140]],
	3: [[540, 1140]],
	4: [[540, 1140]],
	5: [[540, 1140]]
};

export function orarioFromRows(rows: readonly { giorno: number; dalle: string; alle: string }[]): OrarioSettimanale {
	if (rows.length === 0) return ORARIO_PREDEFINITO;
	const out: Record<number, [number, number][]> = {};
	for (const r of rows) (out[r.giorno] ??= []).push([hhmmToMinutes(r.dalle), hhmmToMinutes(r.alle)]);
	for (const k of Object.keys(out)) out[Number(k)].sort((a, b) => a[0] - b[0]);
	return out;
}

export function describeGiorno(orario: OrarioSettimanale, weekday: number): string {
	const iv = orario[weekday] ?? [];
	return iv.length ? iv.map(([a, b]) => `${minutesToHhMm(a)}–${minutesToHhMm(b)}`).join(', ') : 'chiusa';
}

export interface TimeCheckInput {
	inizio: number;
	fine: number;
	now: number;
	orario: OrarioSettimanale;
	/** Holiday name of a date (national or local), undefined on working days. */
	festivo: (date: string) => string | undefined;
	sedeNome: string;
}

/** Date and time rules of a booking: order, not in the past, on a working day, inside the opening hours. */
export function checkWorkingTime(x: TimeCheckInput): string[] {
	const a = romeParts(x.inizio);
	const b = romeParts(x.fine);
	if (x.fine <= x.inizio) return [`L'orario di fine (${b.time}) deve essere successivo a quello di inizio (${a.time}).`];
	const errors: string[] = [];
	if (x.inizio < x.now) errors.push(`Non si può fissare un incontro nel passato (${formatGiorno(a.date)} alle ${a.time}).`);
	if (a.date !== b.date) {
		errors.push("L'incontro deve iniziare e finire nello stesso giorno.");
		return errors;
	}
	const festa = x.festivo(a.date);
	if (festa) {
		errors.push(`Il ${formatGiorno(a.date)} è festivo (${festa}): la sede «${x.sedeNome}» è chiusa.`);
		return errors;
	}
	const iv = x.orario[a.weekday] ?? [];
	const end = b.minutes === 0 ? 1440 : b.minutes;
	if (iv.length === 0) errors.push(`La sede «${x.sedeNome}» è chiusa di ${GIORNI[a.weekday]}.`);
	else if (!iv.some(([s, e]) => s <= a.minutes && end <= e))
		errors.push(
			`L'incontro ${a.time}–${b.time} del ${formatGiorno(a.date)} è fuori dall'orario della sede «${x.sedeNome}» (${GIORNI[a.weekday]}: ${describeGiorno(x.orario, a.weekday)}).`
		);
	return errors;
}
