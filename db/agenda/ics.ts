import type { CalEvent } from './calendar.ts';
import { romeParts } from '../shared/time.ts';

/**
 * iCalendar (RFC 5545) output: CRLF line ends, lines folded at 75 octets (never inside a UTF-8
 * sequence), TEXT values escaped, times as local Europe/Rome with a VTIMEZONE carrying the EU rules,
 * DTSTAMP in UTC, UID stable per meeting and SEQUENCE from the meeting's change counter.
 */

export const PRODID = '-//Accordo//Agenda mediazione//IT';
const CRLF = '\r\n';

export function escapeText(value: string): string {
	// Every line break (CRLF, LF, or a bare CR, which clients also treat as one) is an escaped \n;
	// other control characters are not allowed in TEXT (RFC 5545 3.3.11) and are dropped.
	return (
		value
			.replace(/\\/g, '\\\\')
			.replace(/;/g, '\\;')
			.replace(/,/g, '\\,')
			.replace(/\r\n|\r|\n/g, '\\n')
			// eslint-disable-next-line no-control-regex
			.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '')
	);
}

/** Folds a content line: at most 75 octets per physical line, continuation lines start with a space. */
export function foldLine(line: string): string {
	const enc = new TextEncoder();
	if (enc.encode(line).length <= 75) return line;
	const parts: string[] = [];
	let current = '';
	let bytes = 0;
	let limit = 75;
	for (const ch of line) {
		const n = enc.encode(ch).length;
		if (bytes + n > limit) {
			parts.push(current);
			current = '';
			bytes = 0;
			limit = 74; // the leading space counts
		}
		current += ch;
		bytes += n;
	}
	parts.push(current);
	return parts.join(`${CRLF} `);
}

export const VTIMEZONE_ROME = [
	'BEGIN:VTIMEZONE',
	'TZID:Europe/Rome',
	'BEGIN:DAYLIGHT',
	'TZOFFSETFROM:+0100',
	'TZOFFSETTO:+0200',
	'TZNAME:CEST',
	'DTSTART:19700329T020000',
	'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
	'END:DAYLIGHT',
	'BEGIN:STANDARD',
	'TZOFFSETFROM:+0200',
	'TZOFFSETTO:+0100',
	'TZNAME:CET',
	'DTSTART:19701025T030000',
	'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
	'END:STANDARD',
	'END:VTIMEZONE'
];

function localStamp(ms: number): string {
	const p = romeParts(ms);
	return `${p.date.replace(/-/g, '')}T${p.time.replace(':', '')}00`;
}

export function utcStamp(ms: number): string {
	return new Date(ms)
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
}

export interface IcsOptions {
	/** Absolute origin for links (https://accordo.example.it). */
	origin: string;
	/** Busy/free only: no case number, place or links (the anonymous agenda). */
	anonimo?: boolean;
	now?: number;
}

const MODALITA = { presenza: 'in presenza', telematica: 'telematica (online)', mista: 'mista (in presenza e online)' } as const;

function vevent(e: CalEvent, o: IcsOptions): string[] {
	const lines = [
		'BEGIN:VEVENT',
		`UID:incontro-${e.id}@accordo`,
		`DTSTAMP:${utcStamp(o.now ?? Date.now())}`,
		`LAST-MODIFIED:${utcStamp(e.updatedAt)}`,
		`DTSTART;TZID=Europe/Rome:${localStamp(e.inizio)}`,
		`DTEND;TZID=Europe/Rome:${localStamp(e.fine)}`,
		`SEQUENCE:${e.sequenza}`,
		`STATUS:${e.stato === 'annullato' || e.stato === 'rinviato' ? 'CANCELLED' : 'CONFIRMED'}`,
		'TRANSP:OPAQUE'
	];
	if (o.anonimo) {
		lines.push('SUMMARY:Occupato', 'CLASS:PRIVATE');
	} else {
		const url = `${o.origin}/procedimenti/${e.procedimentoId}/incontri`;
		const luogo =
			e.modalita === 'telematica' ? 'Stanza online di Accordo' : `${e.sedeNome}${e.salaNome ? ` — ${e.salaNome}` : ''}, ${e.sedeIndirizzo}`;
		const descr = [
			`${e.tipo === 'primo' ? 'Primo incontro' : 'Incontro'} di mediazione, procedimento ${e.numero}.`,
			`Modalità: ${MODALITA[e.modalita]}.`,
			e.mediatoreNome ? `Mediatore: ${e.mediatoreNome}.` : '',
			e.modalita !== 'presenza' ? `Stanza online: ${o.origin}/procedimenti/${e.procedimentoId}/stanza` : '',
			e.stato === 'rinviato' ? 'Incontro rinviato: attendere la nuova data.' : '',
			`Dettagli: ${url}`
		]
			.filter(Boolean)
			.join('\n');
		lines.push(
			`SUMMARY:${escapeText(`${e.tipo === 'primo' ? 'Primo incontro' : 'Incontro'} di mediazione — ${e.numero}${e.stato === 'rinviato' ? ' (rinviato)' : ''}`)}`,
			`LOCATION:${escapeText(luogo)}`,
			`DESCRIPTION:${escapeText(descr)}`,
			`URL:${url}`
		);
	}
	lines.push('END:VEVENT');
	return lines;
}

/** A calendar with the given meetings. `method` PUBLISH for feeds and per-meeting downloads. */
export function buildCalendar(events: readonly CalEvent[], o: IcsOptions & { nome?: string; method?: 'PUBLISH' }): string {
	const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${PRODID}`, 'CALSCALE:GREGORIAN', `METHOD:${o.method ?? 'PUBLISH'}`];
	if (o.nome) lines.push(`X-WR-CALNAME:${escapeText(o.nome)}`, 'X-WR-TIMEZONE:Europe/Rome');
	lines.push(...VTIMEZONE_ROME);
	for (const e of events) lines.push(...vevent(e, o));
	lines.push('END:VCALENDAR');
	return lines.map(foldLine).join(CRLF) + CRLF;
}
