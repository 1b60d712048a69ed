import { describe, expect, it } from 'vitest';
import { formatRange, romeOffsetMinutes, romeParts, romeToUtc, weekdayOf } from '#db/shared/time.ts';
import { festivitaAnno, festivitaNazionali, holidayLookup, pasqua } from '#db/agenda/holidays.ts';

const LAST_SUNDAY_MARCH: Record<number, string> = {
	2024: '2024-03-31',
	2025: '2025-03-30',
	2026: '2026-03-29',
	2027: '2027-03-28',
	2028: '2028-03-26',
	2029: '2029-03-25',
	2030: '2030-03-31'
};
const LAST_SUNDAY_OCTOBER: Record<number, string> = {
	2024: '2024-10-27',
	2025: '2025-10-26',
	2026: '2026-10-25',
	2027: '2027-10-31',
	2028: '2028-10-29',
	2029: '2029-10-28',
	2030: '2030-10-27'
};

function utc(date: string, time: string): string {
	const r = romeToUtc(date, time);
	if (!r.ok) throw new Error(r.message);
	return new Date(r.ms).toISOString();
}

describe('Europe/Rome conversions and DST', () => {
	for (let y = 2024; y <= 2030; y++) {
		it(`${y}: 10:00 on the last Sunday of March is 08:00Z, of October 09:00Z`, () => {
			expect(weekdayOf(LAST_SUNDAY_MARCH[y])).toBe(7);
			expect(weekdayOf(LAST_SUNDAY_OCTOBER[y])).toBe(7);
			expect(utc(LAST_SUNDAY_MARCH[y], '10:00')).toBe(`${LAST_SUNDAY_MARCH[y]}T08:00:00.000Z`);
			expect(utc(LAST_SUNDAY_OCTOBER[y], '10:00')).toBe(`${LAST_SUNDAY_OCTOBER[y]}T09:00:00.000Z`);
			// The Saturday before each change still has the old offset.
			const satMarch = `${LAST_SUNDAY_MARCH[y].slice(0, 8)}${String(Number(LAST_SUNDAY_MARCH[y].slice(8)) - 1).padStart(2, '0')}`;
			expect(utc(satMarch, '10:00')).toBe(`${satMarch}T09:00:00.000Z`);
		});
		it(`${y}: 02:30 on the spring-forward day does not exist and is refused`, () => {
			const r = romeToUtc(LAST_SUNDAY_MARCH[y], '02:30');
			expect(r.ok).toBe(false);
			if (!r.ok) expect(r.message).toMatch(/non esiste in Italia.*ora legale/);
			expect(utc(LAST_SUNDAY_MARCH[y], '01:59')).toBe(`${LAST_SUNDAY_MARCH[y]}T00:59:00.000Z`);
			expect(utc(LAST_SUNDAY_MARCH[y], '03:00')).toBe(`${LAST_SUNDAY_MARCH[y]}T01:00:00.000Z`);
		});
	}

	it('02:30 on the fall-back day (repeated) is the first occurrence, still summer time', () => {
		expect(utc('2026-10-25', '02:30')).toBe('2026-10-25T00:30:00.000Z');
		expect(utc('2026-10-25', '03:00')).toBe('2026-10-25T02:00:00.000Z');
	});

	it('offsets switch exactly at 01:00 UTC', () => {
		expect(romeOffsetMinutes(Date.parse('2026-03-29T00:59:59Z'))).toBe(60);
		expect(romeOffsetMinutes(Date.parse('2026-03-29T01:00:00Z'))).toBe(120);
		expect(romeOffsetMinutes(Date.parse('2026-10-25T00:59:59Z'))).toBe(120);
		expect(romeOffsetMinutes(Date.parse('2026-10-25T01:00:00Z'))).toBe(60);
	});

	it('UTC instants read back as Italian wall-clock time, across midnight', () => {
		expect(romeParts(Date.parse('2026-07-01T22:30:00Z'))).toEqual({ date: '2026-07-02', time: '00:30', weekday: 4, minutes: 30 });
		expect(romeParts(Date.parse('2026-12-31T23:15:00Z'))).toMatchObject({ date: '2027-01-01', time: '00:15', weekday: 5 });
		expect(formatRange(Date.parse('2026-12-01T09:00:00Z'), Date.parse('2026-12-01T11:00:00Z'))).toBe('01/12/2026 10:00–12:00');
	});

	it('refuses dates that do not exist and malformed times', () => {
		expect(romeToUtc('2026-02-30', '10:00').ok).toBe(false);
		expect(romeToUtc('2026-02-10', '24:00').ok).toBe(false);
		expect(romeToUtc('10/02/2026', '10:00').ok).toBe(false);
	});
});

describe('Italian public holidays 2024–2030', () => {
	const EASTER: Record<number, string> = {
		2024: '2024-03-31',
		2025: '2025-04-20',
		2026: '2026-04-05',
		2027: '2027-03-28',
		2028: '2028-04-16',
		2029: '2029-04-01',
		2030: '2030-04-21'
	};
	const MONDAY: Record<number, string> = {
		2024: '2024-04-01',
		2025: '2025-04-21',
		2026: '2026-04-06',
		2027: '2027-03-29',
		2028: '2028-04-17',
		2029: '2029-04-02',
		2030: '2030-04-22'
	};
	for (let y = 2024; y <= 2030; y++)
		it(`${y}: Easter, Easter Monday and the fixed holidays`, () => {
			expect(pasqua(y)).toBe(EASTER[y]);
			const all = festivitaNazionali(y);
			const dates = all.map((f) => f.data);
			expect(dates).toContain(MONDAY[y]);
			expect(weekdayOf(MONDAY[y])).toBe(1);
			for (const md of ['01-01', '01-06', '04-25', '05-01', '06-02', '08-15', '11-01', '12-08', '12-25', '12-26'])
				expect(dates).toContain(`${y}-${md}`);
			expect(dates.includes(`${y}-10-04`)).toBe(y >= 2026);
			expect(all).toHaveLength(y >= 2026 ? 13 : 12);
		});

	it('known Easter dates outside the range (algorithm check)', () => {
		expect(pasqua(2000)).toBe('2000-04-23');
		expect(pasqua(2019)).toBe('2019-04-21');
		expect(pasqua(2038)).toBe('2038-04-25');
	});

	it('adds local holidays: yearly (MM-DD) and one-off (YYYY-MM-DD)', () => {
		const locali = [
			{ data: '12-07', descrizione: "Sant'Ambrogio" },
			{ data: '2027-06-28', descrizione: 'Chiusura straordinaria' }
		];
		expect(festivitaAnno(2026, locali).get('2026-12-07')).toBe("Sant'Ambrogio");
		expect(festivitaAnno(2026, locali).has('2026-06-28')).toBe(false);
		const lookup = holidayLookup(locali);
		expect(lookup('2027-06-28')).toBe('Chiusura straordinaria');
		expect(lookup('2028-12-07')).toBe("Sant'Ambrogio");
		expect(lookup('2026-12-09')).toBeUndefined();
		expect(lookup('2026-04-06')).toMatch(/Angelo/);
	});
});
