import { describe, expect, it } from 'vitest';
import { checkCodiceDestinatario, checkCodiceFiscale, checkPartitaIva, codiceFiscaleCheckChar } from '#db/procedimenti/fiscal.ts';

describe('codice fiscale', () => {
	it('accepts well-known valid codes (with spaces and lower case)', () => {
		expect(checkCodiceFiscale('RSSMRA85T10A562S')).toEqual({ ok: true, value: 'RSSMRA85T10A562S' });
		expect(checkCodiceFiscale('mrtmtt25d09f205z')).toEqual({ ok: true, value: 'MRTMTT25D09F205Z' });
		expect(checkCodiceFiscale(' RSS MRA 85T10 A562S ')).toMatchObject({ ok: true });
	});
	it('accepts omocodia (digits replaced by letters) with its own check character', () => {
		const omocodic = 'RSSMRA85T10A56' + 'N'; // 2 -> N
		const code = omocodic + codiceFiscaleCheckChar(omocodic);
		expect(checkCodiceFiscale(code)).toMatchObject({ ok: true });
	});
	it('refuses wrong check character, wrong length, wrong shape, wrong month letter', () => {
		expect(checkCodiceFiscale('RSSMRA85T10A562X')).toEqual({
			ok: false,
			message: 'Il codice fiscale non è valido (carattere di controllo errato).'
		});
		expect(checkCodiceFiscale('RSSMRA85T10A562')).toEqual({ ok: false, message: 'Il codice fiscale deve avere 16 caratteri.' });
		expect(checkCodiceFiscale('1SSMRA85T10A562S')).toMatchObject({ ok: false, message: 'Il codice fiscale non ha un formato valido.' });
		expect(checkCodiceFiscale('RSSMRA85Z10A562S')).toMatchObject({ ok: false }); // Z is not a month
	});
	it('every single-character change of a valid code is caught', () => {
		const valid = 'MRTMTT25D09F205Z';
		for (let i = 0; i < 16; i++) {
			const ch = valid[i] === 'A' ? 'B' : 'A';
			const changed = valid.slice(0, i) + ch + valid.slice(i + 1);
			expect(checkCodiceFiscale(changed).ok, changed).toBe(false);
		}
	});
});

describe('partita IVA', () => {
	it('accepts valid numbers (with IT prefix and spaces)', () => {
		expect(checkPartitaIva('06363391001')).toEqual({ ok: true, value: '06363391001' });
		expect(checkPartitaIva('IT 00743110157')).toEqual({ ok: true, value: '00743110157' });
	});
	it('refuses a wrong check digit and wrong lengths', () => {
		expect(checkPartitaIva('06363391002')).toEqual({ ok: false, message: 'La partita IVA non è valida (cifra di controllo errata).' });
		expect(checkPartitaIva('0636339100')).toEqual({ ok: false, message: 'La partita IVA deve avere 11 cifre.' });
		expect(checkPartitaIva('0636339100A')).toMatchObject({ ok: false });
	});
	it('detects every single-digit change', () => {
		const valid = '06363391001';
		for (let i = 0; i < 11; i++) {
			const d = String((Number(valid[i]) + 1) % 10);
			expect(checkPartitaIva(valid.slice(0, i) + d + valid.slice(i + 1)).ok).toBe(false);
		}
	});
});

describe('codice destinatario SDI', () => {
	it('is 7 alphanumeric characters', () => {
		expect(checkCodiceDestinatario('m5uxcr1')).toEqual({ ok: true, value: 'M5UXCR1' });
		expect(checkCodiceDestinatario('0000000')).toMatchObject({ ok: true });
		expect(checkCodiceDestinatario('ABC12')).toMatchObject({ ok: false });
	});
});
