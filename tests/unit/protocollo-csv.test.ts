import { describe, expect, it } from 'vitest';
import { CSV_BOM, csvCell, registroCsv, REGISTRO_CSV_HEADER, toCsv } from '#db/protocollo/csv.ts';
import type { RegistroGiornaliero } from '#db/protocollo/registro.ts';

describe('CSV for Excel', () => {
	it('quotes cells with separators, quotes or line breaks, doubling the quotes', () => {
		expect(csvCell('semplice')).toBe('semplice');
		expect(csvCell('a;b')).toBe('"a;b"');
		expect(csvCell('Istanza "urgente"')).toBe('"Istanza ""urgente"""');
		expect(csvCell('riga 1\r\nriga 2')).toBe('"riga 1\r\nriga 2"');
		expect(csvCell(' spazio iniziale')).toBe('" spazio iniziale"');
		expect(csvCell('àèìòù €')).toBe('àèìòù €');
		expect(csvCell(null)).toBe('');
		expect(csvCell(undefined)).toBe('');
		expect(csvCell(42)).toBe('42');
	});

	it('never lets a spreadsheet run a cell as a formula', () => {
		expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
		expect(csvCell('+39 02 1234')).toBe("'+39 02 1234");
		expect(csvCell('-1')).toBe("'-1");
		expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
	});

	it('joins cells with ; and ends every line with CRLF', () => {
		expect(
			toCsv([
				['a', 'b'],
				[1, null, 'c;d']
			])
		).toBe('a;b\r\n1;;"c;d"\r\n');
	});

	it('the daily register: BOM, header, one row per registration then per annullamento, Italian dates', () => {
		const entry = {
			anno: 2026,
			numero: 7,
			registratoIl: '2026-11-26T09:05:00.000Z',
			direzione: 'entrata' as const,
			mittente: 'Società Città; S.r.l.',
			destinatario: 'Organismo',
			oggetto: 'Istanza',
			procedimento: '2026/1',
			documenti: [{ titolo: 'Istanza', nomeFile: 'istanza.pdf', sha256: 'ab'.repeat(32) }],
			registrataDa: 'Chiara Russo'
		};
		const ann = { annullatoIl: '2026-11-26T10:00:00.000Z', motivo: 'Errore', annullataDa: 'Giorgio Bellini' };
		const r: RegistroGiornaliero = {
			organismo: { denominazione: 'Organismo', numeroRegistro: '1234', codiceFiscale: null },
			giorno: '2026-11-26',
			registrazioni: [{ ...entry, annullamento: ann }],
			annullamenti: [{ ...entry, ...ann }]
		};
		const csv = registroCsv(r);
		expect(csv.startsWith(CSV_BOM)).toBe(true);
		const lines = csv.slice(1).split('\r\n');
		expect(lines[0]).toBe(REGISTRO_CSV_HEADER.join(';'));
		expect(lines[1]).toBe(
			'Registrazione;2026;7;26/11/2026 10:05;In entrata;"Società Città; S.r.l.";Organismo;Istanza;2026/1;1;' +
				`Istanza (istanza.pdf) SHA-256 ${'ab'.repeat(32)};Chiara Russo;26/11/2026 11:00;Errore;Giorgio Bellini`
		);
		expect(lines[2].startsWith('Annullamento;2026;7;26/11/2026 10:05;')).toBe(true);
		expect(lines.slice(3)).toEqual(['']);
		expect(registroCsv(r)).toBe(csv); // deterministic
	});
});
