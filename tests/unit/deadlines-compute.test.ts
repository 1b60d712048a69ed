import { describe, expect, it } from 'vitest';
import {
	computeScadenze,
	regolaApplicabile,
	selezionaRegola,
	valutaProroga,
	type DatiScadenze,
	type Scadenza
} from '#db/deadlines/compute.ts';
import { DEFAULT_REGOLE, parseRegola, regoleDefault } from '#db/deadlines/rules.ts';

const rules = regoleDefault();

function dati(over: Partial<DatiScadenze> = {}): DatiScadenze {
	return { dataDeposito: '2026-11-02', tipologia: 'obbligatoria', proroghe: 0, today: '2026-11-03', ...over };
}

function find(list: Scadenza[], codice: Scadenza['codice']): Scadenza {
	const s = list.find((x) => x.codice === codice);
	if (!s) throw new Error(`missing ${codice}`);
	return s;
}

describe('default rules are valid data', () => {
	it('every default version parses, with a source, and ids are unique', () => {
		expect(rules).toHaveLength(DEFAULT_REGOLE.length);
		expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
		for (const r of rules) expect(r.fonte.length).toBeGreaterThan(20);
	});

	it('refuses invalid parametri with an Italian message', () => {
		const row = { id: 'x', codice: 'primo_incontro', validaDal: '2026-01-01', tipologia: null, fonte: 'Delibera del consiglio 1/2026' };
		expect(() => parseRegola({ ...row, parametri: '{"minGiorni":50,"maxGiorni":40}' })).toThrow(/minimo non può superare il massimo/);
		expect(() => parseRegola({ ...row, parametri: 'non json' })).toThrow(/JSON/);
		expect(() => parseRegola({ ...row, codice: 'pagamento', parametri: '{}' })).toThrow(/Codice di regola sconosciuto/);
		expect(() => parseRegola({ ...row, validaDal: '2026-02-30', parametri: '{"minGiorni":0,"maxGiorni":1}' })).toThrow(/Data di validità/);
	});
});

describe('rule version chosen by date', () => {
	it('uses the 2022 duration up to 24/01/2025 and the D.Lgs. 216/2024 one from 25/01/2025', () => {
		const before = selezionaRegola(rules, 'durata_massima', 'obbligatoria', '2025-01-24')!;
		const after = selezionaRegola(rules, 'durata_massima', 'obbligatoria', '2025-01-25')!;
		expect(before.id).toBe('durata_massima-2023-06-30');
		expect(before.parametri).toMatchObject({ mesi: 3, proroga: { mesi: 3, massimo: 1 } });
		expect(after.id).toBe('durata_massima-2025-01-25');
		expect(after.parametri).toMatchObject({ mesi: 6, proroga: { mesi: 3, massimo: null } });
		expect(after.fonte).toMatch(/216\/2024/);
	});

	it('prefers the tipologia-specific version of the same date', () => {
		expect(selezionaRegola(rules, 'durata_massima', 'demandata', '2025-01-25')!.id).toBe('durata_massima-2025-01-25-demandata');
		expect(selezionaRegola(rules, 'durata_massima', 'volontaria', '2025-01-25')!.id).toBe('durata_massima-2025-01-25');
		expect(selezionaRegola(rules, 'durata_massima', 'demandata', '2025-01-24')!.id).toBe('durata_massima-2023-06-30');
	});

	it('keeps older versions for older filings, none before the law', () => {
		expect(selezionaRegola(rules, 'primo_incontro', null, '2023-06-29')!.parametri).toMatchObject({ minGiorni: 0, maxGiorni: 30 });
		expect(selezionaRegola(rules, 'primo_incontro', null, '2023-06-30')!.parametri).toMatchObject({ minGiorni: 20, maxGiorni: 40 });
		expect(selezionaRegola(rules, 'primo_incontro', null, '2012-05-01')!.parametri).toMatchObject({ maxGiorni: 15 });
		expect(selezionaRegola(rules, 'durata_massima', null, '2013-09-20')!.parametri).toMatchObject({ mesi: 3, proroga: null });
		expect(selezionaRegola(rules, 'durata_massima', null, '2010-01-01')).toBeNull();
	});

	it('applies D.Lgs. 216/2024 to a case filed before it and still pending on 25/01/2025', () => {
		const filed = { dataDeposito: '2025-01-24', tipologia: 'obbligatoria' as const };
		expect(regolaApplicabile(rules, 'durata_massima', dati({ ...filed, today: '2025-01-24' }))!.id).toBe('durata_massima-2023-06-30');
		expect(regolaApplicabile(rules, 'durata_massima', dati({ ...filed, today: '2025-03-01' }))!.id).toBe('durata_massima-2025-01-25');
		expect(regolaApplicabile(rules, 'durata_massima', dati({ ...filed, today: '2025-03-01', dataConclusione: '2025-01-24' }))!.id).toBe(
			'durata_massima-2023-06-30'
		);
		// The first-meeting window is not retroactive: the version of the filing date stays.
		expect(regolaApplicabile(rules, 'primo_incontro', dati({ dataDeposito: '2023-06-29', today: '2025-03-01' }))!.parametri.maxGiorni).toBe(
			30
		);
	});

	it('computes the duration of 24/01/2025 vs 25/01/2025 filings', () => {
		const closedEarly = computeScadenze(dati({ dataDeposito: '2025-01-24', today: '2025-01-24' }), rules);
		expect(find(closedEarly, 'durata_massima').al).toBe('2025-04-24');
		const pending = computeScadenze(dati({ dataDeposito: '2025-01-24', today: '2025-02-10' }), rules);
		expect(find(pending, 'durata_massima')).toMatchObject({ al: '2025-07-24', validaDal: '2025-01-25', daVerificare: true });
		const after = computeScadenze(dati({ dataDeposito: '2025-01-25', today: '2025-02-10' }), rules);
		expect(find(after, 'durata_massima').al).toBe('2025-07-25');
	});
});

describe('first meeting window (20-40 days)', () => {
	it('runs from the 20th to the 40th day after the filing', () => {
		const s = find(computeScadenze(dati(), rules), 'primo_incontro');
		expect(s).toMatchObject({ dal: '2026-11-22', al: '2026-12-12', stato: 'futura', giorni: 39, validaDal: '2023-06-30' });
		expect(s.fonte).toMatch(/venti.*quaranta/);
	});

	it('is "in scadenza" in the last week and "scaduta" after the 40th day', () => {
		expect(find(computeScadenze(dati({ today: '2026-12-05' }), rules), 'primo_incontro')).toMatchObject({
			stato: 'in_scadenza',
			giorni: 7
		});
		expect(find(computeScadenze(dati({ today: '2026-12-12' }), rules), 'primo_incontro')).toMatchObject({
			stato: 'in_scadenza',
			giorni: 0
		});
		expect(find(computeScadenze(dati({ today: '2026-12-13' }), rules), 'primo_incontro')).toMatchObject({ stato: 'scaduta', giorni: -1 });
	});

	it('is met by a first meeting inside the window, not by one after it', () => {
		const ok = find(computeScadenze(dati({ dataPrimoIncontro: '2026-12-12', today: '2027-01-10' }), rules), 'primo_incontro');
		expect(ok).toMatchObject({ stato: 'rispettata', compiutaIl: '2026-12-12', note: [] });
		const late = find(computeScadenze(dati({ dataPrimoIncontro: '2026-12-13' }), rules), 'primo_incontro');
		expect(late.stato).toBe('scaduta');
		const early = find(computeScadenze(dati({ dataPrimoIncontro: '2026-11-10' }), rules), 'primo_incontro');
		expect(early.stato).toBe('rispettata');
		expect(early.note[0]).toMatch(/concorde indicazione delle parti/);
	});

	it('under the 2013 text has no minimum and ends on the 30th day', () => {
		const s = find(computeScadenze(dati({ dataDeposito: '2023-06-29', today: '2023-06-30' }), rules), 'primo_incontro');
		expect(s.dal).toBeUndefined();
		expect(s.al).toBe('2023-07-29');
	});
});

describe('maximum duration and extensions', () => {
	it('obbligatoria: six months, extendable by three months at a time without limit', () => {
		const base = dati({ dataDeposito: '2025-03-10', today: '2025-04-01' });
		expect(find(computeScadenze(base, rules), 'durata_massima').al).toBe('2025-09-10');
		const three = find(computeScadenze({ ...base, proroghe: 3 }, rules), 'durata_massima');
		expect(three).toMatchObject({ al: '2026-06-10', label: 'Durata massima del procedimento (con 3 proroghe)', note: [] });
		expect(valutaProroga({ ...base, proroghe: 3, today: '2026-06-10' }, rules)).toEqual({
			ok: true,
			mesi: 3,
			scadenzaAttuale: '2026-06-10',
			nuovaScadenza: '2026-09-10'
		});
	});

	it('demandata: six months from the ordinanza, extendable once; a second extension is refused', () => {
		const base = dati({ tipologia: 'demandata', dataDeposito: '2025-03-10', dataOrdinanza: '2025-02-28', today: '2025-04-01' });
		expect(find(computeScadenze(base, rules), 'durata_massima')).toMatchObject({ al: '2025-08-28', note: [] });
		expect(valutaProroga(base, rules)).toMatchObject({ ok: true, nuovaScadenza: '2025-11-28' });
		const once = { ...base, proroghe: 1 };
		expect(find(computeScadenze(once, rules), 'durata_massima')).toMatchObject({
			al: '2025-11-28',
			label: 'Durata massima del procedimento (con 1 proroga)'
		});
		const second = valutaProroga(once, rules);
		expect(second.ok).toBe(false);
		expect(second.ok === false && second.message).toMatch(/una sola volta/);
		// Two extensions stored anyway (data entered by hand): only the allowed one counts, with a note.
		const two = find(computeScadenze({ ...base, proroghe: 2 }, rules), 'durata_massima');
		expect(two.al).toBe('2025-11-28');
		expect(two.note[0]).toMatch(/al massimo 1/);
	});

	it('demandata without the date of the ordinanza runs from the filing, and says so', () => {
		const s = find(
			computeScadenze(dati({ tipologia: 'demandata', dataDeposito: '2025-03-10', today: '2025-04-01' }), rules),
			'durata_massima'
		);
		expect(s.al).toBe('2025-09-10');
		expect(s.note[0]).toMatch(/ordinanza.*non indicata.*deposito/);
	});

	it('applies each extension from the end of the previous term (month-end)', () => {
		const base = dati({ dataDeposito: '2025-08-31', today: '2025-09-01' });
		expect(find(computeScadenze(base, rules), 'durata_massima').al).toBe('2026-02-28');
		expect(find(computeScadenze({ ...base, proroghe: 1 }, rules), 'durata_massima').al).toBe('2026-05-28');
	});

	it('2022 rules (before 25/01/2025): three months plus one extension of three', () => {
		const base = dati({ dataDeposito: '2024-01-31', today: '2024-02-10' });
		expect(find(computeScadenze(base, rules), 'durata_massima').al).toBe('2024-04-30');
		expect(valutaProroga(base, rules)).toMatchObject({ ok: true, nuovaScadenza: '2024-07-30' });
		expect(valutaProroga({ ...base, proroghe: 1 }, rules)).toMatchObject({ ok: false });
	});

	it('2013 rules: no extension at all', () => {
		const base = dati({ dataDeposito: '2020-05-04', today: '2020-05-10', dataConclusione: null });
		expect(find(computeScadenze(base, rules), 'durata_massima').al).toBe('2020-08-04');
		const r = valutaProroga(base, rules);
		expect(r.ok === false && r.message).toMatch(/non prevede proroghe/);
	});

	it('refuses an extension after the term expired or in a closed case', () => {
		const base = dati({ dataDeposito: '2025-03-10', today: '2025-09-11' });
		const late = valutaProroga(base, rules);
		expect(late.ok === false && late.message).toMatch(/prima della scadenza.*10\/09\/2025/);
		expect(valutaProroga({ ...base, dataConclusione: '2025-06-01' }, rules)).toMatchObject({ ok: false });
	});

	it('is met when the case closes in time', () => {
		const closed = dati({ dataDeposito: '2025-03-10', today: '2026-01-01', dataConclusione: '2025-07-01' });
		const list = computeScadenze(closed, rules);
		expect(find(list, 'durata_massima')).toMatchObject({ stato: 'rispettata', compiutaIl: '2025-07-01' });
		// Deadlines whose event never happened no longer run in a closed case.
		expect(list.map((s) => s.codice)).toEqual(['durata_massima']);
	});
});

describe('adhesion reply (Organismo practice)', () => {
	it('starts only once the communication is sent', () => {
		expect(computeScadenze(dati(), rules).map((s) => s.codice)).toEqual(['primo_incontro', 'durata_massima']);
		const list = computeScadenze(dati({ dataComunicazione: '2026-11-05' }), rules);
		expect(list.map((s) => s.codice)).toEqual(['risposta_adesione', 'primo_incontro', 'durata_massima']);
		const s = find(list, 'risposta_adesione');
		expect(s).toMatchObject({ al: '2026-11-20', stato: 'futura' });
		expect(s.note[0]).toMatch(/regolamento dell.Organismo, non dalla legge/);
	});

	it('is met when every invited party answered in time', () => {
		const s = find(
			computeScadenze(dati({ dataComunicazione: '2026-11-05', dataRisposte: '2026-11-18', today: '2026-12-01' }), rules),
			'risposta_adesione'
		);
		expect(s.stato).toBe('rispettata');
	});

	it('can run backwards from the first meeting when an Organismo chooses so', () => {
		const custom = parseRegola({
			id: 'risposta-org',
			codice: 'risposta_adesione',
			validaDal: '2026-01-01',
			tipologia: null,
			parametri: JSON.stringify({ decorrenza: 'primo_incontro', giorniPrima: 5 }),
			fonte: 'Regolamento dell’Organismo, art. 7'
		});
		const s = find(computeScadenze(dati({ dataPrimoIncontro: '2026-12-01' }), [...rules, custom]), 'risposta_adesione');
		expect(s).toMatchObject({ al: '2026-11-26', regolaId: 'risposta-org' });
	});
});
