import { describe, expect, it } from 'vitest';
import { formatEuro } from '#db/shared/format.ts';
import {
	formatData,
	formatDataOra,
	formatDataOraMese,
	formatDataOraSecondi,
	formatGiorno,
	formatGiornoSettimana,
	formatMese,
	formatNomeGiorno,
	formatOra,
	romeFields,
	romeIsoDate
} from '#db/shared/time.ts';

// db/shared/time.ts is the one Europe/Rome module (agenda, protocollo, deadlines, pages, PDFs);
// the agenda-time, protocollo-time and deadlines-dates tests cover the rest of it.
describe('Europe/Rome formats', () => {
	it('formats instants in Italian time whatever the form of the instant', () => {
		const at = '2026-11-26T09:05:07.000Z';
		expect(formatDataOra(at)).toBe('26/11/2026 10:05');
		expect(formatDataOra(Date.parse(at))).toBe('26/11/2026 10:05');
		expect(formatDataOra(new Date(at))).toBe('26/11/2026 10:05');
		expect(formatDataOraSecondi(at)).toBe('26/11/2026 10:05:07');
		expect(formatDataOraMese(at)).toBe('26 nov 2026, 10:05:07');
		expect(formatOra('2026-07-01T21:59:00.000Z')).toBe('23:59');
		expect(formatData('2026-12-31T23:30:00.000Z')).toBe('01/01/2027');
		expect(romeIsoDate('2026-03-31T22:30:00.000Z')).toBe('2026-04-01');
		expect(romeFields('2026-03-29T01:00:00.000Z')).toMatchObject({ hour: 3, minute: 0 });
	});

	it('gives an empty string for a missing instant or date', () => {
		expect(formatDataOra(null)).toBe('');
		expect(formatDataOra(undefined)).toBe('');
		expect(formatDataOra('non una data')).toBe('');
		expect(formatDataOraSecondi('')).toBe('');
		expect(formatGiorno(null)).toBe('');
	});

	it('formats calendar dates without shifting them by a time zone', () => {
		expect(formatGiorno('2026-11-26')).toBe('26/11/2026');
		expect(formatGiorno('2026-11-26T23:30:00.000Z')).toBe('26/11/2026');
		expect(formatGiornoSettimana('2026-03-29')).toBe('domenica 29 marzo');
		expect(formatNomeGiorno('2026-10-25')).toBe('domenica');
		expect(formatMese('2026-12-01')).toBe('dicembre 2026');
	});
});

describe('euro', () => {
	it('is one format: thousands always grouped, the minus sign, empty for no amount', () => {
		expect(formatEuro(100001)).toBe('1.000,01\u00a0€');
		expect(formatEuro(1850000)).toBe('18.500,00\u00a0€');
		expect(formatEuro(-1500)).toBe('\u221215,00\u00a0€');
		expect(formatEuro(null)).toBe('');
	});
});
