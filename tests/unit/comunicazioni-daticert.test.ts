import { describe, expect, it } from 'vitest';
import { parseDaticert, TIPI_RICEVUTA } from '#db/comunicazioni/daticert.ts';
import { daticertXml } from '../helpers/mail/receipts.ts';

const base = {
	mittente: 'organismo@pec.prova.it',
	destinatari: [
		{ indirizzo: 'avv.rossi@pec.prova.it', tipo: 'certificato' as const },
		{ indirizzo: 'rossi@example.it', tipo: 'esterno' as const }
	],
	oggetto: 'Convocazione <n. 2026/12> & "altro"',
	gestore: 'Gestore PEC di prova S.p.A.',
	at: new Date('2026-12-03T13:30:05Z'),
	identificativo: 'opec1.20261203.abc@pec.prova.it',
	msgid: '<abc123@pec.prova.it>'
};

describe('daticert.xml', () => {
	for (const tipo of TIPI_RICEVUTA) {
		it(`parses a "${tipo}"`, () => {
			const delivery =
				tipo === 'avvenuta-consegna' || tipo === 'errore-consegna' || tipo === 'preavviso-errore-consegna' || tipo === 'rilevazione-virus';
			const xml = daticertXml({
				...base,
				tipo,
				errore: tipo === 'errore-consegna' ? 'no-dest' : tipo === 'rilevazione-virus' ? 'virus' : 'nessuno',
				...(delivery ? { consegna: 'avv.rossi@pec.prova.it' } : {}),
				...(tipo === 'avvenuta-consegna' ? { ricevuta: 'completa' as const } : {}),
				...(tipo === 'errore-consegna' ? { erroreEsteso: '5.1.1 - Casella inesistente' } : {})
			});
			const r = parseDaticert(xml);
			if (!r.ok) throw new Error(r.reason);
			expect(r.value).toMatchObject({
				tipo,
				mittente: base.mittente,
				oggetto: base.oggetto,
				gestore: base.gestore,
				// 14:30:05 in Rome (+0100) is 13:30:05 UTC
				data: '2026-12-03T13:30:05.000Z',
				identificativo: base.identificativo,
				msgid: base.msgid,
				consegna: delivery ? 'avv.rossi@pec.prova.it' : null
			});
			expect(r.value.destinatari).toEqual([
				{ indirizzo: 'avv.rossi@pec.prova.it', tipo: 'certificato' },
				{ indirizzo: 'rossi@example.it', tipo: 'esterno' }
			]);
			if (tipo === 'avvenuta-consegna') expect(r.value.ricevuta).toBe('completa');
			if (tipo === 'errore-consegna') expect(r.value).toMatchObject({ errore: 'no-dest', erroreEsteso: '5.1.1 - Casella inesistente' });
		});
	}

	it('reads the summer zone (+0200)', () => {
		const r = parseDaticert(daticertXml({ ...base, tipo: 'accettazione', at: new Date('2026-07-01T08:00:00Z') }));
		expect(r.ok && r.value.data).toBe('2026-07-01T08:00:00.000Z');
		expect(daticertXml({ ...base, tipo: 'accettazione', at: new Date('2026-07-01T08:00:00Z') })).toContain('zona="+0200"');
	});

	it.each([
		['not XML', 'garbage <<', /ben formato|postacert/],
		['no postacert', '<?xml version="1.0"?><altro/>', /postacert/],
		['unknown type', '<postacert tipo="cartolina" errore="nessuno"><dati/></postacert>', /sconosciuto/],
		[
			'bad date',
			'<postacert tipo="accettazione" errore="nessuno"><intestazione/><dati><data zona="+0100"><giorno>32/13/2026</giorno><ora>25:00:00</ora></data><msgid>&lt;a@b&gt;</msgid></dati></postacert>',
			/data o ora/
		],
		[
			'no msgid',
			'<postacert tipo="accettazione" errore="nessuno"><intestazione/><dati><data zona="+0100"><giorno>03/12/2026</giorno><ora>10:00:00</ora></data></dati></postacert>',
			/msgid/
		]
	])('refuses a malformed daticert (%s) with a reason', (_name, xml, reason) => {
		const r = parseDaticert(xml);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.reason).toMatch(reason);
	});
});
