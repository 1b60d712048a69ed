import { describe, expect, it } from 'vitest';
import { findConflicts, type Occupazione } from '#db/agenda/conflicts.ts';
import { holidayLookup } from '#db/agenda/holidays.ts';
import { mergeIntervals, proponiSlot, type SlotQuery } from '#db/agenda/slots.ts';
import { romeToUtc } from '#db/shared/time.ts';
import { checkWorkingTime, ORARIO_PREDEFINITO } from '#db/agenda/worktime.ts';

function at(date: string, time: string): number {
	const r = romeToUtc(date, time);
	if (!r.ok) throw new Error(r.message);
	return r.ms;
}

const avv = { id: 'persona-avv', nome: "avv. Francesca D'Angelo" };
const existing: Occupazione[] = [
	{
		id: 'i1',
		procedimentoId: 'p1',
		numero: 'n. 2026/1',
		inizio: at('2026-12-01', '10:00'),
		fine: at('2026-12-01', '12:00'),
		salaId: 'sala-a',
		salaNome: 'Sala Verdi',
		mediatoreId: 'med-1',
		persone: [avv]
	}
];

describe('conflict detection', () => {
	const base = { salaId: null, mediatoreId: null, persone: [] as { id: string; nome: string }[] };
	it('same sala at overlapping times is refused, naming the other case', () => {
		const r = findConflicts(
			{ ...base, inizio: at('2026-12-01', '11:00'), fine: at('2026-12-01', '13:00'), salaId: 'sala-a', salaNome: 'Sala Verdi' },
			existing
		);
		expect(r.errors).toEqual(["La sala «Sala Verdi» è già occupata il 01/12/2026 10:00–12:00 dall'incontro del procedimento n. 2026/1."]);
	});
	it('same mediator is refused; another mediator in another sala is fine', () => {
		const slot = { inizio: at('2026-12-01', '09:00'), fine: at('2026-12-01', '10:30') };
		expect(findConflicts({ ...base, ...slot, mediatoreId: 'med-1', mediatoreNome: 'Anna Bianchi' }, existing).errors[0]).toMatch(
			/^Il mediatore Anna Bianchi ha già un incontro il 01\/12\/2026 10:00–12:00/
		);
		expect(findConflicts({ ...base, ...slot, mediatoreId: 'med-2', salaId: 'sala-b' }, existing)).toEqual({ errors: [], warnings: [] });
	});
	it('back-to-back meetings do not conflict', () => {
		const r = findConflicts(
			{ ...base, inizio: at('2026-12-01', '12:00'), fine: at('2026-12-01', '13:00'), salaId: 'sala-a', mediatoreId: 'med-1' },
			existing
		);
		expect(r.errors).toEqual([]);
	});
	it('a lawyer already convoked elsewhere is a warning, not an error', () => {
		const r = findConflicts({ ...base, inizio: at('2026-12-01', '11:30'), fine: at('2026-12-01', '12:30'), persone: [avv] }, existing);
		expect(r.errors).toEqual([]);
		expect(r.warnings[0]).toMatch(/avv. Francesca D'Angelo è già convocato\/a il 01\/12\/2026 10:00–12:00/);
	});
	it('moving a meeting does not conflict with itself', () => {
		const r = findConflicts(
			{ ...base, id: 'i1', inizio: at('2026-12-01', '11:00'), fine: at('2026-12-01', '13:00'), salaId: 'sala-a', mediatoreId: 'med-1' },
			existing
		);
		expect(r.errors).toEqual([]);
	});
	it("the mediator's declared unavailability is refused with its reason", () => {
		const r = findConflicts(
			{ ...base, inizio: at('2026-12-02', '10:00'), fine: at('2026-12-02', '11:00'), mediatoreId: 'med-1' },
			[],
			[{ inizio: at('2026-12-02', '09:00'), fine: at('2026-12-02', '13:00'), motivo: 'udienza' }]
		);
		expect(r.errors[0]).toMatch(/non essere disponibile il 02\/12\/2026 09:00–13:00 \(udienza\)/);
	});
});

describe('working time', () => {
	const festivo = holidayLookup([{ data: '12-07', descrizione: "Sant'Ambrogio" }]);
	const now = at('2026-11-26', '12:00');
	const check = (date: string, a: string, b: string) =>
		checkWorkingTime({ inizio: at(date, a), fine: at(date, b), now, orario: ORARIO_PREDEFINITO, festivo, sedeNome: 'Milano' });
	it('accepts a weekday inside the opening hours', () => expect(check('2026-12-01', '10:00', '12:00')).toEqual([]));
	it('refuses end before start', () =>
		expect(check('2026-12-01', '12:00', '10:00')[0]).toMatch(/fine \(10:00\) deve essere successivo.*\(12:00\)/));
	it('refuses the past', () => expect(check('2026-11-20', '10:00', '11:00')[0]).toMatch(/nel passato \(20\/11\/2026 alle 10:00\)/));
	it('refuses national and local holidays', () => {
		expect(check('2026-12-08', '10:00', '11:00')[0]).toBe('Il 08/12/2026 è festivo (Immacolata Concezione): la sede «Milano» è chiusa.');
		expect(check('2026-12-07', '10:00', '11:00')[0]).toMatch(/Sant'Ambrogio/);
	});
	it('refuses weekends and times outside the opening hours', () => {
		expect(check('2026-12-05', '10:00', '11:00')[0]).toBe('La sede «Milano» è chiusa di sabato.');
		expect(check('2026-12-01', '18:00', '20:00')[0]).toMatch(/fuori dall'orario della sede «Milano» \(martedì: 09:00–19:00\)/);
	});
});

describe('slot suggestions', () => {
	const festivo = holidayLookup();
	const q = (over: Partial<SlotQuery> = {}): SlotQuery => ({
		dal: '2026-12-04',
		al: '2026-12-31',
		durataMinuti: 120,
		orario: ORARIO_PREDEFINITO,
		festivo,
		occupatoMediatore: [],
		sale: [{ id: 'sala-a', nome: 'Sala Verdi', capienza: 6, occupato: [] }],
		dopo: at('2026-11-26', '12:00'),
		...over
	});

	it('first slots: one per working day, skipping weekends and 8 December', () => {
		const s = proponiSlot(q());
		expect(s.map((x) => `${x.data} ${x.dalle}`)).toEqual([
			'2026-12-04 09:00',
			'2026-12-07 09:00',
			'2026-12-09 09:00',
			'2026-12-10 09:00',
			'2026-12-11 09:00'
		]);
		expect(s[0]).toMatchObject({ salaId: 'sala-a', alle: '11:00', inizio: Date.parse('2026-12-04T08:00:00Z') });
	});

	it('skips times when the mediator is busy and when the sala is taken', () => {
		const s = proponiSlot(
			q({
				limite: 2,
				occupatoMediatore: [[at('2026-12-04', '09:00'), at('2026-12-04', '12:00')]],
				sale: [{ id: 'sala-a', nome: 'Sala Verdi', capienza: 6, occupato: [[at('2026-12-04', '12:00'), at('2026-12-04', '15:00')]] }],
				perGiorno: 2
			})
		);
		expect(s.map((x) => `${x.data} ${x.dalle}`)).toEqual(['2026-12-04 15:00', '2026-12-04 15:30']);
	});

	it('picks the smallest free sala that fits, or none when no sala is big enough', () => {
		const sale = [
			{ id: 'grande', nome: 'Grande', capienza: 20, occupato: [] },
			{
				id: 'piccola',
				nome: 'Piccola',
				capienza: 4,
				occupato: [[at('2026-12-04', '09:00'), at('2026-12-04', '11:00')]] as [number, number][]
			}
		];
		expect(proponiSlot(q({ sale, limite: 1 }))[0].salaId).toBe('grande');
		expect(proponiSlot(q({ sale, limite: 1, dal: '2026-12-07' }))[0].salaId).toBe('piccola');
		expect(proponiSlot(q({ sale, minCapienza: 30 }))).toEqual([]);
	});

	it('needs no sala when telematica, and respects the mediator availability', () => {
		const s = proponiSlot(q({ sale: null, disponibilita: { 3: [[900, 1080]] }, limite: 2 }));
		expect(s.map((x) => `${x.data} ${x.dalle}–${x.alle}`)).toEqual(['2026-12-09 15:00–17:00', '2026-12-16 15:00–17:00']);
		expect(s[0].salaId).toBeNull();
	});

	it('never proposes a slot in the past and crosses DST correctly', () => {
		const s = proponiSlot(q({ dal: '2027-03-26', al: '2027-03-31', dopo: at('2027-03-26', '16:00'), limite: 2 }));
		// Friday 26/03 after 16:00: only 16:00 fits (2 h until 19:00 → 16:00–18:00, 17:00–19:00); Monday 29/03/2027 is Easter Monday; Tuesday 30/03 is already summer time (CEST, UTC+2).
		expect(s.map((x) => new Date(x.inizio).toISOString())).toEqual(['2027-03-26T15:00:00.000Z', '2027-03-30T07:00:00.000Z']);
	});

	it('merges busy intervals', () => {
		expect(
			mergeIntervals([
				[5, 8],
				[1, 3],
				[2, 4],
				[8, 9],
				[10, 10]
			])
		).toEqual([
			[1, 4],
			[5, 9]
		]);
	});
});
