import { describe, expect, it } from 'vitest';
import { formatBp, formatNumberCents, formatSignedCents, mulDivHalfUp, percentOf } from '#db/fees/money.ts';
import { formatEuro } from '#db/shared/format.ts';
import { DM150_2023, DM180_2010, parseTariffaDati, TARIFFE_DEFAULT, TariffaDatiSchema, type TariffaDati } from '#db/fees/tables.ts';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('money: integer cents, half-up rounding to the cent', () => {
	it('rounds half up, exactly', () => {
		expect(mulDivHalfUp(5, 1, 2)).toBe(3); // 2,5 -> 3
		expect(mulDivHalfUp(1, 1, 2)).toBe(1); // 0,5 -> 1
		expect(mulDivHalfUp(3, 1, 2)).toBe(2); // 1,5 -> 2
		expect(mulDivHalfUp(4, 1, 3)).toBe(1); // 1,33 -> 1
		expect(mulDivHalfUp(5, 1, 3)).toBe(2); // 1,67 -> 2
		expect(mulDivHalfUp(100_000, 1, 3)).toBe(33_333);
		expect(percentOf(25, 2_200)).toBe(6); // 5,5 -> 6
		expect(percentOf(37_920, 2_200)).toBe(8_342); // 8.342,4 -> 8.342
		expect(percentOf(0, 2_200)).toBe(0);
		// Large values stay exact (BigInt): 0,30% of 9.000.000.000,01 €
		expect(percentOf(900_000_000_001, 30)).toBe(2_700_000_000);
	});
	it('rejects non-integer or negative inputs', () => {
		expect(() => mulDivHalfUp(1.5, 1, 2)).toThrow(RangeError);
		expect(() => mulDivHalfUp(-1, 1, 2)).toThrow(RangeError);
		expect(() => mulDivHalfUp(1, 1, 0)).toThrow(RangeError);
	});
	it('formats in Italian with grouping and a no-break space before €', () => {
		expect(formatEuro(100_001)).toBe('1.000,01\u00a0€');
		expect(formatEuro(7_500)).toBe('75,00\u00a0€');
		expect(formatEuro(-1_500)).toBe('\u221215,00\u00a0€');
		expect(formatSignedCents(3_520)).toBe('+35,20\u00a0€');
		expect(formatNumberCents(500_000_000)).toBe('5.000.000,00');
		expect(formatBp(1_000)).toBe('10%');
		expect(formatBp(20)).toBe('0,2%');
		expect(formatBp(1_250)).toBe('12,5%');
	});
});

describe('tariff tables: defaults and schema', () => {
	it('default versions are valid and round-trip through JSON (the `dati` column)', () => {
		for (const t of TARIFFE_DEFAULT) expect(parseTariffaDati(JSON.stringify(t.dati))).toEqual(t.dati);
		expect(TARIFFE_DEFAULT.map((t) => t.validaDal)).toEqual(['2010-11-05', '2011-08-26', '2014-09-24', '2023-11-15']);
		expect(DM150_2023.provvisoria).toBe(true);
		expect(DM180_2010.provvisoria).toBe(true);
		expect(DM150_2023.fonte).toMatch(/NON verificato/);
		expect(DM150_2023.dati.avvertenze.length).toBeGreaterThan(0);
	});

	it('DM 150 Allegato A respects art. 31 c.2: each minimum is the maximum of the previous bracket', () => {
		const s = DM150_2023.dati.scaglioni;
		for (let i = 1; i < s.length; i++) {
			const m = s[i].mediazione;
			const prev = s[i - 1].mediazione;
			if (m.tipo === 'importo' && prev.tipo === 'importo') expect(m.minimo).toBe(prev.massimo);
		}
		const oltre = s[s.length - 1].mediazione;
		// at 5.000.000,01 € the 0,20% minimum equals the previous maximum (10.000 €)
		expect(oltre.tipo === 'percentuale' && percentOf(500_000_001, oltre.minimoBp)).toBe(1_000_000);
	});

	it('rejects malformed tables with Italian messages', () => {
		const bad = (mutate: (d: TariffaDati) => void) => {
			const d = clone(DM150_2023.dati);
			mutate(d);
			return () => parseTariffaDati(JSON.stringify(d));
		};
		expect(bad((d) => (d.scaglioni[2].finoA = 100))).toThrow(/ordine crescente/);
		expect(bad((d) => (d.scaglioni[d.scaglioni.length - 1].finoA = 1))).toThrow(/«oltre»/);
		expect(bad((d) => (d.scaglioni[1].finoA = null))).toThrow(/ultimo scaglione/);
		expect(bad((d) => (d.scaglioni[0].avvio = -1))).toThrow(/negativo/);
		expect(bad((d) => (d.scaglioni[0].avvio = 40.5))).toThrow(/intero/);
		expect(bad((d) => (d.scaglioni[0].mediazione = { tipo: 'importo', minimo: 200, massimo: 100 }))).toThrow(/minimo/);
		expect(bad((d) => (d.riduzione.frazione = { numeratore: 6, denominatore: 5 }))).toThrow(/riduzione/);
		expect(bad((d) => ((d as { formato: number }).formato = 2))).toThrow(/Formato/);
		expect(bad((d) => (d.scaglioni = []))).toThrow(/almeno uno scaglione/);
		expect(bad((d) => (d.indeterminabile.basso.valoreRiferimento = d.indeterminabile.alto.valoreRiferimento + 1))).toThrow(
			/crescere da «basso»/
		);
		expect(() => parseTariffaDati('{not json')).toThrow(/JSON non valido/);
		expect(TariffaDatiSchema.safeParse({}).success).toBe(false);
	});
});
