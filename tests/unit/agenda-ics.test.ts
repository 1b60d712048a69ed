import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { CalEvent } from '#db/agenda/calendar.ts';
import { buildCalendar, escapeText, foldLine } from '#db/agenda/ics.ts';
import { romeToUtc } from '#db/shared/time.ts';

function at(date: string, time: string): number {
	const r = romeToUtc(date, time);
	if (!r.ok) throw new Error(r.message);
	return r.ms;
}

function ev(over: Partial<CalEvent> = {}): CalEvent {
	return {
		id: 'inc-1',
		procedimentoId: 'proc-1',
		numero: 'n. 2026/1',
		inizio: at('2027-03-28', '10:00'),
		fine: at('2027-03-28', '12:00'),
		tipo: 'primo',
		modalita: 'mista',
		stato: 'fissato',
		sedeId: 's1',
		sedeNome: 'Milano',
		sedeIndirizzo: 'Corso di Porta Vittoria 1, Milano',
		salaId: 'sala',
		salaNome: 'Sala «Verdi»; piano 2, lato est',
		mediatoreId: 'm1',
		mediatoreNome: 'Niccolò Della Valle',
		sequenza: 3,
		updatedAt: Date.parse('2026-11-20T10:00:00Z'),
		...over
	};
}

/** Parses with ical.js (Mozilla's maintained parser), registering the file's own VTIMEZONE. */
function parse(text: string) {
	const first = new ICAL.Component(ICAL.parse(text));
	const vtz = first.getFirstSubcomponent('vtimezone');
	if (vtz) ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
	const comp = new ICAL.Component(ICAL.parse(text));
	return { comp, events: comp.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)) };
}

describe('iCalendar output (RFC 5545)', () => {
	const now = Date.parse('2026-11-26T12:00:00Z');
	const text = buildCalendar(
		[
			ev(),
			ev({
				id: 'inc-2',
				inizio: at('2027-10-31', '10:00'),
				fine: at('2027-10-31', '11:30'),
				stato: 'annullato',
				sequenza: 5,
				modalita: 'telematica'
			})
		],
		{ origin: 'https://accordo.example.it', now, nome: 'Accordo — incontri' }
	);

	it('uses CRLF and folds every line at 75 octets', () => {
		expect(text.endsWith('\r\n')).toBe(true);
		expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
		for (const line of text.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
		expect(text).toMatch(/\r\n [^\r\n]/); // at least one folded line (the long description)
	});

	it('round-trips through ical.js: Europe/Rome times across both DST changes, text, UID, SEQUENCE, STATUS', () => {
		const { comp, events } = parse(text);
		expect(comp.getFirstPropertyValue('version')).toBe('2.0');
		expect(comp.getFirstPropertyValue('method')).toBe('PUBLISH');
		const [a, b] = events;
		expect(a.startDate.zone?.tzid).toBe('Europe/Rome');
		// 10:00 in Rome on the last Sunday of March is 08:00Z; of October, 09:00Z.
		expect(a.startDate.toJSDate().toISOString()).toBe('2027-03-28T08:00:00.000Z');
		expect(a.endDate.toJSDate().toISOString()).toBe('2027-03-28T10:00:00.000Z');
		expect(b.startDate.toJSDate().toISOString()).toBe('2027-10-31T09:00:00.000Z');
		expect(b.endDate.toJSDate().toISOString()).toBe('2027-10-31T10:30:00.000Z');
		expect(a.uid).toBe('incontro-inc-1@accordo');
		expect(a.sequence).toBe(3);
		expect(b.sequence).toBe(5);
		expect(a.summary).toBe('Primo incontro di mediazione — n. 2026/1');
		expect(a.location).toBe('Milano — Sala «Verdi»; piano 2, lato est, Corso di Porta Vittoria 1, Milano');
		expect(a.description.split('\n')).toContain('Mediatore: Niccolò Della Valle.');
		expect(a.description).toContain('Stanza online: https://accordo.example.it/procedimenti/proc-1/stanza');
		expect(a.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
		expect(b.component.getFirstPropertyValue('status')).toBe('CANCELLED');
		const stamp = a.component.getFirstPropertyValue('dtstamp') as ICAL.Time;
		expect(stamp.toJSDate().toISOString()).toBe('2026-11-26T12:00:00.000Z');
		expect(stamp.zone?.tzid).toBe('UTC');
	});

	it('anonymous calendars carry busy blocks only', () => {
		const anon = buildCalendar([ev()], { origin: 'https://x', anonimo: true, now });
		const { events } = parse(anon);
		expect(events[0].summary).toBe('Occupato');
		expect(anon).not.toContain('2026/1');
		expect(anon).not.toContain('Verdi');
		expect(anon).not.toContain('LOCATION');
	});

	it('escapes TEXT values and never splits a UTF-8 character when folding', () => {
		expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
		// A bare CR is a line break too (issue #11): no raw CR may reach the feed, nor other controls.
		expect(escapeText('uno\rDTSTART:19700101T000000Z\r\ndue\x00\x1btre\tquattro')).toBe('uno\\nDTSTART:19700101T000000Z\\nduetre\tquattro');
		const cal = buildCalendar([], { origin: 'https://accordo.example.it', nome: 'Sede\rX-INIETTATO:1' });
		expect(cal).not.toMatch(/\r(?!\n)/);
		expect(cal).toContain('X-WR-CALNAME:Sede\\nX-INIETTATO:1');
		const long = 'DESCRIPTION:' + 'è'.repeat(80);
		const folded = foldLine(long);
		for (const l of folded.split('\r\n')) expect(new TextEncoder().encode(l).length).toBeLessThanOrEqual(75);
		expect(
			folded
				.split('\r\n')
				.map((l, i) => (i ? l.slice(1) : l))
				.join('')
		).toBe(long);
	});
});
