import { afterEach, describe, expect, it } from 'vitest';
import { addDays, addMonths, diffDays, romeIsoDate } from '#db/shared/time.ts';
import { estraiDataOrdinanza } from '#db/deadlines/ordinanza.ts';

describe('month arithmetic (art. 2963 c.c.)', () => {
	it('ends on the same day number of the target month', () => {
		expect(addMonths('2026-11-02', 6)).toBe('2027-05-02');
		expect(addMonths('2025-03-10', 3)).toBe('2025-06-10');
		expect(addMonths('2026-10-15', 3)).toBe('2027-01-15'); // across the year
	});

	it('ends on the last day of a shorter month', () => {
		expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
		expect(addMonths('2028-01-31', 1)).toBe('2028-02-29'); // 2028 is a leap year
		expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
		expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
		expect(addMonths('2026-05-31', 1)).toBe('2026-06-30');
		expect(addMonths('2100-01-31', 1)).toBe('2100-02-28'); // centuries are not leap years...
		expect(addMonths('2000-01-31', 1)).toBe('2000-02-29'); // ...unless divisible by 400
	});

	it('moves from 29 February to 28 February in a common year', () => {
		expect(addMonths('2028-02-29', 12)).toBe('2029-02-28');
		expect(addMonths('2028-02-29', 3)).toBe('2028-05-29');
	});

	it('refuses dates that do not exist or are not YYYY-MM-DD', () => {
		expect(() => addMonths('2025-02-29', 1)).toThrow(/inesistente/);
		expect(() => addDays('2025-13-01', 1)).toThrow(/inesistente/);
		expect(() => addDays('01/02/2025', 1)).toThrow(/AAAA-MM-GG/);
	});
});

describe('day arithmetic is date-only (no DST drift)', () => {
	const originalTz = process.env.TZ;
	afterEach(() => {
		process.env.TZ = originalTz;
	});

	it('does not count the starting day', () => {
		expect(addDays('2026-11-02', 20)).toBe('2026-11-22');
		expect(addDays('2026-11-02', 40)).toBe('2026-12-12');
		expect(addDays('2024-02-20', 10)).toBe('2024-03-01'); // leap year
		expect(diffDays('2026-11-02', '2026-12-12')).toBe(40);
		expect(diffDays('2026-12-12', '2026-11-02')).toBe(-40);
	});

	it('gives the same results across daylight-saving changes and in any process time zone', () => {
		const run = () => [
			addDays('2026-03-28', 2), // Italy moves to summer time on 29/03/2026
			addDays('2026-10-24', 2), // and back on 25/10/2026
			diffDays('2026-03-28', '2026-03-30'),
			diffDays('2026-10-24', '2026-10-26'),
			addMonths('2026-03-29', 7),
			addDays('2026-03-01', 40)
		];
		const expected = ['2026-03-30', '2026-10-26', 2, 2, '2026-10-29', '2026-04-10'];
		for (const tz of ['Europe/Rome', 'America/Sao_Paulo', 'Pacific/Kiritimati', 'UTC']) {
			process.env.TZ = tz;
			expect(run(), tz).toEqual(expected);
		}
	});

	it('takes "today" as the calendar date in Italy', () => {
		expect(romeIsoDate(new Date('2026-01-15T22:30:00Z'))).toBe('2026-01-15'); // 23:30 in Rome (UTC+1)
		expect(romeIsoDate(new Date('2026-07-15T22:30:00Z'))).toBe('2026-07-16'); // 00:30 in Rome (UTC+2)
		expect(romeIsoDate(new Date('2026-03-31T22:30:00Z'))).toBe('2026-04-01');
	});
});

describe('date of the ordinanza in the court reference', () => {
	it('reads the date after "ordinanza" or "ord."', () => {
		expect(estraiDataOrdinanza('Trib. Milano, R.G. 1234/2025, ordinanza del 12/03/2025')).toBe('2025-03-12');
		expect(estraiDataOrdinanza('Trib. Roma, udienza 01/02/2025, ord. 5.3.2025')).toBe('2025-03-05');
		expect(estraiDataOrdinanza('Giudice di pace di Monza, ordinanza 2025-06-30, RG 77/2025')).toBe('2025-06-30');
	});

	it('uses the only date when there is no marker', () => {
		expect(estraiDataOrdinanza('Trib. Torino RG 4455/2024 del 20-11-2024')).toBe('2024-11-20');
	});

	it('returns null when unknown or ambiguous', () => {
		expect(estraiDataOrdinanza(null)).toBeNull();
		expect(estraiDataOrdinanza('Trib. Milano, R.G. 1234/2025')).toBeNull(); // "1234/2025" is not a date
		expect(estraiDataOrdinanza('udienza 01/02/2025, rinvio 05/03/2025')).toBeNull();
		expect(estraiDataOrdinanza('ordinanza del 31/02/2025')).toBeNull(); // does not exist
	});
});
