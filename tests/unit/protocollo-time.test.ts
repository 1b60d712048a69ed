import { describe, expect, it } from 'vitest';
import { formatDataOra, formatGiornoEsteso, isValidDay, romeIsoDate, romeDayBounds, romeFields } from '#db/shared/time.ts';

describe('Italian time of the register', () => {
	it('day bounds follow winter and summer time, including the DST switch days', () => {
		expect(romeDayBounds('2026-11-26')).toEqual({ start: '2026-11-25T23:00:00.000Z', end: '2026-11-26T23:00:00.000Z' });
		expect(romeDayBounds('2026-07-01')).toEqual({ start: '2026-06-30T22:00:00.000Z', end: '2026-07-01T22:00:00.000Z' });
		expect(romeDayBounds('2026-03-29')).toEqual({ start: '2026-03-28T23:00:00.000Z', end: '2026-03-29T22:00:00.000Z' }); // 23 hours
		expect(romeDayBounds('2026-10-25')).toEqual({ start: '2026-10-24T22:00:00.000Z', end: '2026-10-25T23:00:00.000Z' }); // 25 hours
		expect(romeDayBounds('2026-12-31').end).toBe('2026-12-31T23:00:00.000Z');
	});

	it('formats instants in Italian time', () => {
		expect(formatDataOra('2026-11-26T09:05:00.000Z')).toBe('26/11/2026 10:05');
		expect(formatDataOra('2026-07-01T21:59:00.000Z')).toBe('01/07/2026 23:59');
		expect(romeIsoDate(new Date('2026-12-31T23:30:00.000Z'))).toBe('2027-01-01');
		expect(romeFields(new Date('2026-12-31T23:30:00.000Z'))).toMatchObject({ year: 2027, hour: 0, minute: 30 });
		expect(formatGiornoEsteso('2026-11-26')).toBe('giovedì 26 novembre 2026');
	});

	it('accepts only real calendar days', () => {
		expect(isValidDay('2026-11-26')).toBe(true);
		expect(isValidDay('2028-02-29')).toBe(true);
		for (const bad of ['2026-02-29', '2026-13-01', '2026-11-31', '26/11/2026', '2026-1-1', '', '2026-11-26x'])
			expect(isValidDay(bad)).toBe(false);
	});
});
