import { describe, expect, it } from 'vitest';
import { cleanFileName } from '#db/documents/validation.ts';
import { ParteInput } from '#db/procedimenti/schemas.ts';
import { nomeSoggetto } from '#db/agenda/occupazioni.ts';
import { neutralizeBidi } from '#db/shared/text.ts';

// Issue #11, finding 10: bidirectional controls (U+202E and the others) would show a name in
// another order than it is stored: "fattura<RLO>fdp.exe" displays as "fatturaexe.pdf".

const RLO = '\u202e';
const CONTROLS = ['\u202a', '\u202b', '\u202c', '\u202d', RLO, '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];

describe('bidi controls in names', () => {
	it('are removed from every kind', () => {
		for (const c of CONTROLS) expect(neutralizeBidi(`a${c}b`)).toBe('ab');
		expect(neutralizeBidi('Caffè ‘Roma’ — s.r.l.')).toBe('Caffè ‘Roma’ — s.r.l.');
	});

	it('do not survive in a stored file name', () => {
		expect(cleanFileName(`fattura${RLO}fdp.exe`)).toBe('fatturafdp.exe');
		expect(cleanFileName(`${'\u2067'}perizia.pdf${'\u2069'}`)).toBe('perizia.pdf');
	});

	it('do not survive in a party entered through the form, nor in the displayed name of one stored before', () => {
		const parsed = ParteInput.safeParse({
			ruolo: 'istante',
			tipo: 'fisica',
			nome: `Ma${RLO}rio`,
			cognome: `Ros${'\u202d'}si`,
			codiceFiscale: 'RSSMRA80A01H501U',
			pec: 'mario.rossi@pec.it'
		});
		expect(parsed.success && [parsed.data.nome, parsed.data.cognome]).toEqual(['Mario', 'Rossi']);
		expect(nomeSoggetto({ tipo: 'giuridica', nome: null, cognome: null, denominazione: `Condominio ${RLO}51 avoduP aiV` }, 'parte')).toBe(
			'Condominio 51 avoduP aiV'
		);
	});
});
