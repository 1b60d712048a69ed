import { describe, expect, it } from 'vitest';
import { computeIndennita, scaglioneIndex, scaglioneLabel, type IndennitaInput, type Step } from '#db/fees/engine.ts';
import { DM150_2023, DM180_2010, DM180_2011, DM180_2014, FASI, type TariffaDati } from '#db/fees/tables.ts';

const T150 = DM150_2023.dati;
const T180 = DM180_2014.dati; // the last DM 180/2010 version (DM 139/2014)
const T180_2010 = DM180_2010.dati;
const T180_2011 = DM180_2011.dati;
const E = 100; // cents per euro

/** Intl puts a no-break space before "€": assertions below are written with plain spaces. */
const sp = (s: string) => s.replace(/\u00a0/g, ' ');

function calc(over: Partial<IndennitaInput>, table: TariffaDati = T150) {
	const r = computeIndennita(
		{
			tipologia: 'volontaria',
			valoreTipo: 'determinato',
			valoreCentesimi: 10_000 * E,
			centri: 1,
			fase: 'avvio',
			maggiorazioneComplessitaPct: 0,
			...over
		},
		table
	);
	return {
		...r,
		steps: r.steps.map((x) => ({ ...x, label: sp(x.label) })),
		scaglione: sp(r.scaglione),
		scaglioneMediazione: sp(r.scaglioneMediazione)
	};
}

const amountOf = (steps: Step[], kind: Step['kind'], re: RegExp) => steps.find((s) => s.kind === kind && re.test(s.label))?.perParte;

// ------------------------------------------------------------------ art. 28 (reference §a.1)
describe('DM 150/2023 art. 28: spese di avvio e primo incontro (worked examples of the reference)', () => {
	// [valoreTipo, value in euro or null, avvio, primo, total voluntary, total reduced, total voluntary with VAT, reduced with VAT (Treviso)]
	const rows: Array<[IndennitaInput['valoreTipo'], number | null, number, number, number, number, number, number]> = [
		['determinato', 1_000, 40, 60, 100, 80, 122.0, 97.6],
		['determinato', 1_000.01, 75, 120, 195, 156, 237.9, 190.32],
		['determinato', 50_000, 75, 120, 195, 156, 237.9, 190.32],
		['determinato', 50_000.01, 110, 170, 280, 224, 341.6, 273.28],
		['indeterminabile_basso', null, 110, 60, 170, 136, 207.4, 165.92],
		['indeterminabile_medio', null, 110, 120, 230, 184, 280.6, 224.48],
		['indeterminabile_alto', null, 110, 170, 280, 224, 341.6, 273.28]
	];
	it.each(rows)('%s %s €: %s + %s = %s (ridotto %s)', (valoreTipo, euro, avvio, primo, tot, ridotto, totIva, ridottoIva) => {
		const valoreCentesimi = euro === null ? null : Math.round(euro * 100);
		const vol = calc({ valoreTipo, valoreCentesimi, tipologia: 'volontaria' });
		expect(amountOf(vol.steps, 'voce', /^Spese di avvio/)).toBe(avvio * E);
		expect(amountOf(vol.steps, 'voce', /^Spese di mediazione per il primo incontro/)).toBe(primo * E);
		expect(vol.totals.deposito.imponibile).toBe(tot * E);
		expect(vol.totals.deposito.totale).toBe(Math.round(totIva * E));
		for (const tipologia of ['obbligatoria', 'demandata'] as const) {
			const red = calc({ valoreTipo, valoreCentesimi, tipologia });
			expect(red.totals.deposito.imponibile).toBe(ridotto * E);
			expect(red.totals.deposito.totale).toBe(Math.round(ridottoIva * E));
		}
		// Contractual clause: no reduction (same as voluntary).
		expect(calc({ valoreTipo, valoreCentesimi, tipologia: 'clausola' }).totals.deposito.imponibile).toBe(tot * E);
	});

	it('shows the reduction of one fifth as its own line (75 → −15, 120 → −24)', () => {
		const r = calc({ tipologia: 'obbligatoria', valoreCentesimi: 18_500 * E, centri: 2 });
		const labels = r.steps.map((s) => s.label);
		expect(labels).toContain('Scaglione: da 10.000,01 a 25.000,00 €');
		expect(labels).toContain('Spese di avvio: 75,00 € × 2 parti');
		expect(labels).toContain('Riduzione di un quinto (mediazione obbligatoria): \u221215,00 €');
		expect(labels).toContain('Riduzione di un quinto (mediazione obbligatoria): \u221224,00 €');
		const avvio = r.steps.find((s) => s.label.startsWith('Spese di avvio'))!;
		expect(avvio).toMatchObject({ perParte: 7_500, totale: 15_000 });
		expect(r.totals.deposito).toEqual({ imponibile: 15_600, iva: 3_432, totale: 19_032 });
		expect(r.totals.complessivo).toEqual({ imponibile: 31_200, iva: 6_864, totale: 38_064 });
	});

	it('value 0 falls in the first bracket; the label of the case bracket is Italian', () => {
		const r = calc({ valoreCentesimi: 0 });
		expect(r.scaglione).toBe('fino a 1.000,00 €');
		expect(r.totals.deposito.imponibile).toBe(100 * E);
		expect(calc({ valoreCentesimi: 3_000 * E }).scaglione).toBe('da 1.000,01 a 5.000,00 €');
		expect(calc({ valoreCentesimi: 9_000_000 * E }).scaglione).toBe('oltre 5.000.000,00 €');
	});

	it('first meeting without agreement: nothing beyond art. 28 (art. 28 c.7)', () => {
		const r = calc({ tipologia: 'obbligatoria', valoreCentesimi: 18_500 * E, centri: 2, fase: 'primo_incontro_senza_accordo' });
		expect(r.totals.ulteriori).toEqual({ imponibile: 0, iva: 0, totale: 0 });
		expect(r.totals.perParte).toEqual(r.totals.deposito);
		expect(r.steps.some((s) => s.label.includes('art. 28 c.7'))).toBe(true);
	});
});

// ------------------------------------------------------------------ art. 30 (reference §a.2, a.4)
describe('DM 150/2023 art. 30: spese di mediazione after the first meeting', () => {
	// primaveraforense, obbligatoria: [value in bracket, Allegato A minimum, reduced (F), +10% (G), +25% (H), primo incontro reduced]
	const rows: Array<[number, number, number, number, number, number]> = [
		[500, 80, 64, 6.4, 16, 48],
		[3_000, 160, 128, 12.8, 32, 96],
		[7_000, 290, 232, 23.2, 58, 96],
		[18_500, 440, 352, 35.2, 88, 96],
		[40_000, 720, 576, 57.6, 144, 96],
		[100_000, 1_200, 960, 96, 240, 136],
		[200_000, 1_500, 1_200, 120, 300, 136],
		[400_000, 2_500, 2_000, 200, 500, 136],
		[1_000_000, 3_900, 3_120, 312, 780, 136],
		[2_000_000, 4_600, 3_680, 368, 920, 136],
		[4_000_000, 6_500, 5_200, 520, 1_300, 136]
	];
	it.each(rows)('value %s €: %s × 0,8 = %s → +%s (1st meeting) / +%s (later)', (valore, tab, ridotto, p10, p25, primo) => {
		const base = { tipologia: 'obbligatoria' as const, valoreCentesimi: valore * E };
		const senza = calc({ ...base, fase: 'incontri_successivi_senza_accordo' });
		expect(amountOf(senza.steps, 'voce', /^Importo della tabella/)).toBe(tab * E);
		expect(amountOf(senza.steps, 'subtotale', /^Importo della tabella ridotto/)).toBe(ridotto * E);
		expect(amountOf(senza.steps, 'detrazione', /primo incontro/)).toBe(-primo * E);
		// italianamediazione column C: further amount = reduced table − reduced first-meeting fee.
		expect(senza.totals.ulteriori.imponibile).toBe((ridotto - primo) * E);

		const primoAcc = calc({ ...base, fase: 'accordo_primo_incontro' });
		expect(amountOf(primoAcc.steps, 'maggiorazione', /^Maggiorazione 10%/)).toBe(Math.round(p10 * E));
		expect(primoAcc.totals.ulteriori.imponibile).toBe(Math.round((ridotto + p10 - primo) * E));

		const succ = calc({ ...base, fase: 'accordo_successivo' });
		expect(amountOf(succ.steps, 'maggiorazione', /^Maggiorazione 25%/)).toBe(p25 * E);
		expect(succ.totals.ulteriori.imponibile).toBe((ridotto + p25 - primo) * E);
		// The two increases are alternatives (italianamediazione prints them summed: not copied).
		expect(succ.steps.filter((s) => s.kind === 'maggiorazione')).toHaveLength(1);
	});

	it('10.000,01–25.000 €, obbligatoria, agreement later: 500,00 € + IVA 110,00 € per party (not 535,20)', () => {
		const r = calc({ tipologia: 'obbligatoria', valoreCentesimi: 18_500 * E, fase: 'accordo_successivo', centri: 2 });
		expect(r.totals.deposito).toEqual({ imponibile: 15_600, iva: 3_432, totale: 19_032 });
		expect(r.totals.ulteriori).toEqual({ imponibile: 34_400, iva: 7_568, totale: 41_968 });
		expect(r.totals.perParte).toEqual({ imponibile: 50_000, iva: 11_000, totale: 61_000 });
		expect(r.totals.complessivo).toEqual({ imponibile: 100_000, iva: 22_000, totale: 122_000 });
	});

	it('camecon worked example (obbligatoria, 5.000,01–10.000 €): 136,00 / 159,20 / 194,00 + IVA', () => {
		const base = { tipologia: 'obbligatoria' as const, valoreCentesimi: 7_500 * E };
		expect(calc({ ...base, fase: 'incontri_successivi_senza_accordo' }).totals.ulteriori).toEqual({
			imponibile: 13_600,
			iva: 2_992,
			totale: 16_592
		});
		expect(calc({ ...base, fase: 'accordo_primo_incontro' }).totals.ulteriori).toEqual({ imponibile: 15_920, iva: 3_502, totale: 19_422 });
		expect(calc({ ...base, fase: 'accordo_successivo' }).totals.ulteriori).toEqual({ imponibile: 19_400, iva: 4_268, totale: 23_668 });
	});

	it('voluntary cases are not reduced: 440 + 10% − 120', () => {
		const r = calc({ valoreCentesimi: 18_500 * E, fase: 'accordo_primo_incontro' });
		expect(r.steps.some((s) => s.kind === 'riduzione')).toBe(false);
		expect(r.totals.ulteriori.imponibile).toBe((440 + 44 - 120) * E);
	});

	it('deducts the amount actually paid when given, never going below zero', () => {
		const base = { tipologia: 'obbligatoria' as const, valoreCentesimi: 18_500 * E, fase: 'incontri_successivi_senza_accordo' as const };
		const r = calc({ ...base, pagatoPrimoIncontroCentesimi: 5_000 });
		expect(amountOf(r.steps, 'detrazione', /effettivamente versate/)).toBe(-5_000);
		expect(r.totals.ulteriori.imponibile).toBe(35_200 - 5_000);
		const over = calc({ ...base, pagatoPrimoIncontroCentesimi: 50_000 });
		expect(over.totals.ulteriori.imponibile).toBe(0);
		expect(over.avvisi.join(' ')).toMatch(/superano/);
		const zero = calc({ ...base, pagatoPrimoIncontroCentesimi: 0 });
		expect(zero.steps.some((s) => s.kind === 'detrazione')).toBe(false);
		expect(zero.totals.ulteriori.imponibile).toBe(35_200);
	});
});

describe('complexity increase (art. 31 c.3)', () => {
	const base = { tipologia: 'obbligatoria' as const, valoreCentesimi: 18_500 * E };
	it('applies up to 20% on the reduced table amount, only for agreement in a later meeting', () => {
		const r = calc({ ...base, fase: 'accordo_successivo', maggiorazioneComplessitaPct: 20 });
		expect(amountOf(r.steps, 'maggiorazione', /complessità/)).toBe(7_040); // 20% of 352,00
		expect(r.totals.ulteriori.imponibile).toBe(35_200 + 8_800 + 7_040 - 9_600);
		const half = calc({ ...base, fase: 'accordo_successivo', maggiorazioneComplessitaPct: 12.5 });
		expect(amountOf(half.steps, 'maggiorazione', /complessità/)).toBe(4_400);
	});
	it.each(['avvio', 'primo_incontro_senza_accordo', 'accordo_primo_incontro', 'incontri_successivi_senza_accordo'] as const)(
		'is not applied in fase %s (with a warning)',
		(fase) => {
			const r = calc({ ...base, fase, maggiorazioneComplessitaPct: 10 });
			expect(r.steps.some((s) => /complessità/.test(s.label))).toBe(false);
			expect(r.avvisi.join(' ')).toMatch(/complessità/);
		}
	);
	it('rejects values outside 0..20% or with more than two decimals', () => {
		expect(() => calc({ ...base, fase: 'accordo_successivo', maggiorazioneComplessitaPct: 20.01 })).toThrow(RangeError);
		expect(() => calc({ ...base, fase: 'accordo_successivo', maggiorazioneComplessitaPct: -1 })).toThrow(RangeError);
		expect(() => calc({ ...base, fase: 'accordo_successivo', maggiorazioneComplessitaPct: 1.234 })).toThrow(RangeError);
		expect(() => calc({ ...base, fase: 'accordo_successivo', maggiorazioneComplessitaPct: Number.NaN })).toThrow(RangeError);
	});
});

// ------------------------------------------------------------------ bracket boundaries
describe('edge values at every bracket boundary', () => {
	for (const [nome, table] of [
		['DM 150/2023', T150],
		['DM 180/2010', T180]
	] as const) {
		const bounds = table.scaglioni.map((s) => s.finoA).filter((x): x is number => x !== null);
		it.each(bounds.map((b, i) => [i, b]))(`${nome}: limit %s (%s cents): x,00 and x,99 below stay, x,01 above moves`, (i, b) => {
			expect(scaglioneIndex(table, b)).toBe(i);
			expect(scaglioneIndex(table, b - 1)).toBe(i);
			expect(scaglioneIndex(table, b + 1)).toBe(i + 1);
			const at = calc({ valoreCentesimi: b, fase: 'incontri_successivi_senza_accordo' }, table);
			const above = calc({ valoreCentesimi: b + 1, fase: 'incontri_successivi_senza_accordo' }, table);
			expect(at.scaglione).toBe(sp(scaglioneLabel(table, i)));
			expect(above.scaglione).toBe(sp(scaglioneLabel(table, i + 1)));
			expect(above.scaglione.startsWith(i + 1 === bounds.length ? 'oltre' : 'da')).toBe(true);
			const tab = (r: typeof at) => amountOf(r.steps, 'voce', /^Importo della tabella/)!;
			const s = table.scaglioni;
			const pick = (k: number) => {
				const m = s[k].mediazione;
				if (m.tipo === 'importo') return table.importoMediazione === 'minimo' ? m.minimo : m.massimo;
				return Math.round(((b + 1) * (table.importoMediazione === 'minimo' ? m.minimoBp : m.massimoBp)) / 10_000);
			};
			expect(tab(at)).toBe(pick(i));
			expect(tab(above)).toBe(pick(i + 1));
			expect(at.totals.deposito.imponibile).toBe(s[i].avvio + s[i].primoIncontro);
			expect(above.totals.deposito.imponibile).toBe(s[i + 1].avvio + s[i + 1].primoIncontro);
		});
	}

	it('DM 150 labels of every bracket (no-break space before €)', () => {
		expect(scaglioneLabel(T150, 0)).toBe('fino a 1.000,00\u00a0€');
		expect(T150.scaglioni.map((_, i) => sp(scaglioneLabel(T150, i)))).toEqual([
			'fino a 1.000,00 €',
			'da 1.000,01 a 5.000,00 €',
			'da 5.000,01 a 10.000,00 €',
			'da 10.000,01 a 25.000,00 €',
			'da 25.000,01 a 50.000,00 €',
			'da 50.000,01 a 150.000,00 €',
			'da 150.000,01 a 250.000,00 €',
			'da 250.000,01 a 500.000,00 €',
			'da 500.000,01 a 1.500.000,00 €',
			'da 1.500.000,01 a 2.500.000,00 €',
			'da 2.500.000,01 a 5.000.000,00 €',
			'oltre 5.000.000,00 €'
		]);
	});

	it('art. 28 amounts change exactly at 1.000,00/1.000,01 and 50.000,00/50.000,01 €', () => {
		expect(calc({ valoreCentesimi: 100_000 }).totals.deposito.imponibile).toBe(10_000);
		expect(calc({ valoreCentesimi: 100_001 }).totals.deposito.imponibile).toBe(19_500);
		expect(calc({ valoreCentesimi: 5_000_000 }).totals.deposito.imponibile).toBe(19_500);
		expect(calc({ valoreCentesimi: 5_000_001 }).totals.deposito.imponibile).toBe(28_000);
	});
});

describe('over 5.000.000 €: percentage of the value (provisional row)', () => {
	it('0,20% of the value, reduced by one fifth, rounded half-up to the cent', () => {
		const r = calc({ valoreCentesimi: 500_000_001, fase: 'incontri_successivi_senza_accordo' });
		expect(amountOf(r.steps, 'voce', /^Importo della tabella/)).toBe(1_000_000); // 10.000,00002 €
		const ten = calc({ valoreCentesimi: 10_000_000 * E, tipologia: 'obbligatoria', fase: 'incontri_successivi_senza_accordo' });
		expect(amountOf(ten.steps, 'voce', /^Importo della tabella/)).toBe(20_000 * E);
		expect(amountOf(ten.steps, 'subtotale', /ridotto/)).toBe(16_000 * E);
		expect(ten.totals.ulteriori.imponibile).toBe((16_000 - 136) * E);
		// 25.000.002,50 € × 0,20% = 50.000,005 € -> 50.000,01 €
		const half = calc({ valoreCentesimi: 2_500_000_250, fase: 'incontri_successivi_senza_accordo' });
		expect(amountOf(half.steps, 'voce', /^Importo della tabella/)).toBe(5_000_001);
		expect(half.steps.some((s) => s.label.includes('0,2% di 25.000.002,50 €'))).toBe(true);
	});
	it('uses the maximum percentage when the Organismo applies the maxima', () => {
		const max = { ...T150, importoMediazione: 'massimo' as const };
		const r = calc({ valoreCentesimi: 10_000_000 * E, fase: 'incontri_successivi_senza_accordo' }, max);
		expect(amountOf(r.steps, 'voce', /^Importo della tabella/)).toBe(30_000 * E);
	});
});

describe('indeterminabile values', () => {
	// Per-level reference values (defaults of the table, configurable per Organismo): before the fix every
	// level used 50.000,01–150.000 €, so "basso" paid 912 € after the first meeting and "alto" 824 €.
	it.each([
		['indeterminabile_basso', 110, 60, 'fino a 1.000,00 €', 80],
		['indeterminabile_medio', 110, 120, 'da 25.000,01 a 50.000,00 €', 720],
		['indeterminabile_alto', 110, 170, 'da 50.000,01 a 150.000,00 €', 1_200]
	] as const)('%s: art. 28 row, then the reference bracket of the level for art. 30', (valoreTipo, avvio, primo, bracket, tab) => {
		const r = calc({ valoreTipo, valoreCentesimi: null, tipologia: 'obbligatoria', fase: 'incontri_successivi_senza_accordo' });
		expect(r.scaglione).toMatch(/^Valore indeterminabile/);
		expect(r.scaglioneMediazione).toBe(bracket);
		expect(r.totals.deposito.imponibile).toBe(Math.round((avvio + primo) * 0.8 * E));
		expect(r.totals.ulteriori.imponibile).toBe(Math.round((tab - primo) * 0.8 * E));
	});
	it('basso ≤ medio ≤ alto in every fase and tipologia', () => {
		for (const tipologia of ['obbligatoria', 'demandata', 'clausola', 'volontaria'] as const)
			for (const fase of FASI) {
				const r = (['basso', 'medio', 'alto'] as const).map(
					(l) => calc({ valoreTipo: `indeterminabile_${l}`, valoreCentesimi: null, tipologia, fase }).totals
				);
				for (const k of ['ulteriori', 'perParte'] as const) {
					expect(r[0][k].imponibile).toBeLessThanOrEqual(r[1][k].imponibile);
					expect(r[1][k].imponibile).toBeLessThanOrEqual(r[2][k].imponibile);
				}
			}
		// obbligatoria, later meetings without agreement: 16 / 480 / 824 € (were 912 / 864 / 824 €)
		const ult = (l: 'basso' | 'medio' | 'alto') =>
			calc({
				valoreTipo: `indeterminabile_${l}`,
				valoreCentesimi: null,
				tipologia: 'obbligatoria',
				fase: 'incontri_successivi_senza_accordo'
			}).totals.ulteriori.imponibile;
		expect([ult('basso'), ult('medio'), ult('alto')]).toEqual([1_600, 48_000, 82_400]);
	});
	it('uses the reference values the Organismo configures in its table', () => {
		const own: TariffaDati = {
			...T150,
			indeterminabile: { ...T150.indeterminabile, medio: { ...T150.indeterminabile.medio, valoreRiferimento: 100_000 * E } }
		};
		const r = calc({ valoreTipo: 'indeterminabile_medio', valoreCentesimi: null, fase: 'incontri_successivi_senza_accordo' }, own);
		expect(r.scaglioneMediazione).toBe('da 50.000,01 a 150.000,00 €');
	});
	it('ignores a stray value when the type is indeterminabile', () => {
		const a = calc({ valoreTipo: 'indeterminabile_medio', valoreCentesimi: 999 });
		const b = calc({ valoreTipo: 'indeterminabile_medio', valoreCentesimi: null });
		expect(a.totals).toEqual(b.totals);
	});
});

// ------------------------------------------------------------------ DM 180/2010 (old tariff)
describe('DM 180/2010 (cases filed before 15/11/2023)', () => {
	it('first meeting without agreement: only the spese di avvio (40 € + IVA = 48,80 €)', () => {
		const r = calc({ valoreCentesimi: 18_500 * E, fase: 'primo_incontro_senza_accordo', centri: 2 }, T180);
		expect(r.totals.perParte).toEqual({ imponibile: 4_000, iva: 880, totale: 4_880 });
		expect(r.totals.complessivo.totale).toBe(9_760);
		expect(r.steps.some((s) => s.label.startsWith('Spese di mediazione per il primo incontro'))).toBe(false);
	});
	it('spese di avvio: 40 € up to 250.000,00 €, 80 € from 250.000,01 €; never reduced', () => {
		expect(calc({ valoreCentesimi: 25_000_000, tipologia: 'obbligatoria' }, T180).totals.deposito.imponibile).toBe(4_000);
		expect(calc({ valoreCentesimi: 25_000_001, tipologia: 'obbligatoria' }, T180).totals.deposito.imponibile).toBe(8_000);
	});
	it('Tabella A amounts; obbligatoria reduced by one third (first six brackets) or half', () => {
		const f = (
			valore: number,
			tipologia: 'volontaria' | 'obbligatoria',
			fase: IndennitaInput['fase'] = 'incontri_successivi_senza_accordo'
		) => calc({ valoreCentesimi: valore * E, tipologia, fase }, T180).totals.ulteriori.imponibile;
		const tabella = [65, 130, 240, 360, 600, 1_000, 2_000, 3_800, 5_200, 9_200];
		const valori = [1_000, 5_000, 10_000, 25_000, 50_000, 250_000, 500_000, 2_500_000, 5_000_000, 5_000_001];
		valori.forEach((v, i) => expect(f(v, 'volontaria')).toBe(tabella[i] * E));
		// La Spezia table: 43,33 86,67 160 240 400 666,67 | half: 1.000 1.900 2.600 4.600
		expect(valori.map((v) => f(v, 'obbligatoria'))).toEqual([
			4_333, 8_667, 16_000, 24_000, 40_000, 66_667, 100_000, 190_000, 260_000, 460_000
		]);
		// success: +25% on the (reduced) table amount
		expect(f(18_500, 'volontaria', 'accordo_successivo')).toBe(45_000);
		expect(f(18_500, 'obbligatoria', 'accordo_primo_incontro')).toBe(30_000);
	});
	it('complexity (up to one fifth) is allowed for voluntary cases but not for obbligatoria (art. 16 c.4 lett. d)', () => {
		const vol = calc({ valoreCentesimi: 18_500 * E, fase: 'incontri_successivi_senza_accordo', maggiorazioneComplessitaPct: 20 }, T180);
		expect(vol.totals.ulteriori.imponibile).toBe(43_200);
		const obb = calc(
			{
				valoreCentesimi: 18_500 * E,
				tipologia: 'obbligatoria',
				fase: 'incontri_successivi_senza_accordo',
				maggiorazioneComplessitaPct: 20
			},
			T180
		);
		expect(obb.totals.ulteriori.imponibile).toBe(24_000);
		expect(obb.avvisi.join(' ')).toMatch(/obbligatoria/);
	});
});

describe('DM 180/2010 demandata dal giudice: DM 139/2014 art. 7 c.2 (from 24/09/2014)', () => {
	const demandata = { valoreCentesimi: 18_500 * E, tipologia: 'demandata' as const, fase: 'incontri_successivi_senza_accordo' as const };
	it('reduces the Tabella A amount by one third: 18.500 € -> 240 € (not 360 €)', () => {
		const r = calc(demandata, T180);
		expect(r.totals.ulteriori.imponibile).toBe(24_000);
		expect(r.steps.some((s) => s.kind === 'riduzione' && s.label.includes('demandata dal giudice'))).toBe(true);
		// success increase (lett. b) still applies: 240 + 25%
		expect(calc({ ...demandata, fase: 'accordo_successivo' }, T180).totals.ulteriori.imponibile).toBe(30_000);
	});
	it('excludes the complexity increase (lett. a) for demandata cases', () => {
		const r = calc({ ...demandata, maggiorazioneComplessitaPct: 20 }, T180);
		expect(r.totals.ulteriori.imponibile).toBe(24_000);
		expect(r.avvisi.join(' ')).toMatch(/demandata dal giudice/);
	});
	it('before 24/09/2014 the demandata case was neither reduced nor barred from the increases', () => {
		expect(calc(demandata, T180_2010).totals.ulteriori.imponibile).toBe(36_000);
		expect(calc({ ...demandata, maggiorazioneComplessitaPct: 20 }, T180_2010).totals.ulteriori.imponibile).toBe(43_200);
	});
});

describe('DM 180/2010 versions: spese di avvio, success increase, proposal of the mediator', () => {
	it('spese di avvio above 250.000 €: 40 € before 24/09/2014, 80 € from DM 139/2014', () => {
		const dep = (t: TariffaDati, v: number) => calc({ valoreCentesimi: v }, t).totals.deposito.imponibile;
		for (const t of [T180_2010, T180_2011]) {
			expect(dep(t, 25_000_000)).toBe(4_000);
			expect(dep(t, 25_000_001)).toBe(4_000);
			expect(dep(t, 900_000_000)).toBe(4_000);
		}
		expect(dep(T180, 25_000_001)).toBe(8_000);
	});
	it('success increase: at most one fifth in the original text, one quarter from DM 145/2011', () => {
		const ult = (t: TariffaDati) => calc({ valoreCentesimi: 18_500 * E, fase: 'accordo_successivo' }, t).totals.ulteriori.imponibile;
		expect(ult(T180_2010)).toBe(43_200); // 360 + 72
		expect(ult(T180_2011)).toBe(45_000); // 360 + 90
		expect(ult(T180)).toBe(45_000);
	});
	it('proposal of the mediator: mandatory +1/5 (lett. c), on top of the success increase', () => {
		const base = { valoreCentesimi: 18_500 * E, propostaMediatore: true };
		for (const t of [T180_2010, T180_2011, T180]) {
			const r = calc({ ...base, fase: 'incontri_successivi_senza_accordo' }, t);
			expect(amountOf(r.steps, 'maggiorazione', /proposta del mediatore/)).toBe(7_200);
			expect(r.totals.ulteriori.imponibile).toBe(43_200);
		}
		expect(calc({ ...base, fase: 'accordo_successivo' }, T180).totals.ulteriori.imponibile).toBe(36_000 + 9_000 + 7_200);
		expect(calc({ ...base, fase: 'incontri_successivi_senza_accordo', propostaMediatore: false }, T180).totals.ulteriori.imponibile).toBe(
			36_000
		);
	});
	it('no proposal increase for the tipologie of lett. d, nor in DM 150/2023 (with a warning)', () => {
		const base = { valoreCentesimi: 18_500 * E, propostaMediatore: true, fase: 'incontri_successivi_senza_accordo' as const };
		const obb = calc({ ...base, tipologia: 'obbligatoria' }, T180);
		expect(obb.totals.ulteriori.imponibile).toBe(24_000);
		expect(obb.avvisi.join(' ')).toMatch(/proposta del mediatore/);
		expect(calc({ ...base, tipologia: 'demandata' }, T180).totals.ulteriori.imponibile).toBe(24_000);
		expect(calc({ ...base, tipologia: 'demandata' }, T180_2010).totals.ulteriori.imponibile).toBe(43_200);
		const dm150 = calc(base, T150);
		expect(dm150.totals.ulteriori.imponibile).toBe((440 - 120) * E);
		expect(dm150.avvisi.join(' ')).toMatch(/non prevede/);
	});
});

describe('gratuito patrocinio (art. 15-bis ff. D.Lgs. 28/2010)', () => {
	const base = { tipologia: 'obbligatoria' as const, valoreCentesimi: 18_500 * E, fase: 'accordo_successivo' as const, centri: 3 };
	it('an admitted party owes no indemnity; its share is the Organismo’s credit (art. 20 c.4)', () => {
		const r = calc({ ...base, ammessiGratuitoPatrocinio: 1 });
		expect(r.totals.perParte.totale).toBe(61_000);
		expect(r.totals.complessivo.totale).toBe(2 * 61_000); // was 3 × 610,00 €
		expect(r.totals.creditoOrganismo).toEqual({ imponibile: 50_000, iva: 11_000, totale: 61_000 });
		expect(r.totals.ammessiGratuitoPatrocinio).toBe(1);
		expect(r.steps.some((s) => s.kind === 'info' && /patrocinio a spese dello Stato/.test(s.label) && /art\. 20 c\.4/.test(s.label))).toBe(
			true
		);
		const none = calc(base);
		expect(none.totals.complessivo.totale).toBe(3 * 61_000);
		expect(none.totals.creditoOrganismo.totale).toBe(0);
	});
	it('rejects more admitted parties than centri', () => {
		expect(() => calc({ ...base, ammessiGratuitoPatrocinio: 4 })).toThrow(/patrocinio/);
		expect(() => calc({ ...base, ammessiGratuitoPatrocinio: -1 })).toThrow(RangeError);
	});
});

// ------------------------------------------------------------------ invariants and input checks
describe('invariants over every bracket, tipologia and fase', () => {
	it('steps add up to the totals; case totals are per-party totals × centri', () => {
		for (const table of [T150, T180, T180_2010, T180_2011]) {
			const valori = [0, ...table.scaglioni.flatMap((s) => (s.finoA === null ? [] : [s.finoA, s.finoA + 1]))];
			for (const valoreCentesimi of valori)
				for (const tipologia of ['obbligatoria', 'demandata', 'clausola', 'volontaria'] as const)
					for (const fase of FASI) {
						const centri = 3;
						const r = calc({ valoreCentesimi, tipologia, fase, centri }, table);
						const money = r.steps.filter((s) => s.perParte !== null);
						for (const s of money) expect(s.totale).toBe(s.perParte! * centri);
						const dep = r.steps.slice(
							0,
							r.steps.findIndex((s) => s.kind === 'subtotale')
						);
						expect(dep.reduce((a, s) => a + (s.perParte ?? 0), 0)).toBe(r.totals.deposito.imponibile);
						const { deposito, ulteriori, perParte, complessivo } = r.totals;
						for (const x of [deposito, ulteriori]) expect(x.iva).toBe(Math.floor((x.imponibile * 22 + 50) / 100));
						expect(perParte.totale).toBe(deposito.totale + ulteriori.totale);
						expect(complessivo).toEqual({ imponibile: perParte.imponibile * 3, iva: perParte.iva * 3, totale: perParte.totale * 3 });
						if (fase === 'avvio' || fase === 'primo_incontro_senza_accordo') expect(ulteriori.imponibile).toBe(0);
						else expect(ulteriori.imponibile).toBeGreaterThan(0);
					}
		}
	});

	it('rejects invalid inputs with Italian messages', () => {
		expect(() => calc({ centri: 0 })).toThrow(/centri di interesse/);
		expect(() => calc({ centri: 1.5 })).toThrow(RangeError);
		expect(() => calc({ valoreCentesimi: null })).toThrow(/Valore della lite/);
		expect(() => calc({ valoreCentesimi: -1 })).toThrow(RangeError);
		expect(() => calc({ valoreCentesimi: 10.5 })).toThrow(RangeError);
		expect(() => calc({ fase: 'incontri_successivi_senza_accordo', pagatoPrimoIncontroCentesimi: -5 })).toThrow(RangeError);
	});

	it('one party: singular wording', () => {
		expect(calc({ centri: 1 }).steps.map((s) => s.label)).toContain('Spese di avvio: 75,00 € × 1 parte');
	});
});
