import { describe, expect, test } from 'vitest';
import { DEFAULT_TEMPLATES, FONTI } from '#db/verbali/default-templates.ts';
import type { VerbaleCaseData } from '#db/verbali/procedimento-data.ts';
import { fillTemplate } from '#db/verbali/templates.ts';
import { VERBALE_TIPI } from '#db/verbali/labels.ts';

// The legal review of arts. 8-bis, 11, 12 (issue #14): what the built-in texts must say.

const base: VerbaleCaseData = {
	organismo: 'Organismo',
	organismoRegistro: '1',
	numero: '2026/1',
	oggetto: 'Locazione',
	materia: 'Locazione',
	valore: '10.000,00 €',
	sede: 'Milano',
	modalita: 'Telematica',
	dataDeposito: '01/12/2026',
	dataPrimoIncontro: '',
	parti: [
		{ nome: 'Mario Rossi', ruolo: 'istante', avvocati: ['Avv. Verdi'], adesione: null },
		{ nome: 'Anna Bianchi', ruolo: 'invitata', avvocati: ['Avv. Neri'], adesione: 'aderito' },
		{ nome: 'Beta srl', ruolo: 'invitata', avvocati: [], adesione: 'nessuna_risposta' }
	],
	assenti: ['Beta srl'],
	partiAssistite: true,
	avvocati: ['Avv. Verdi', 'Avv. Neri'],
	mediatore: 'Carla Mediatrice',
	firmatari: [
		{ nome: 'Mario Rossi', qualifica: 'Parte' },
		{ nome: 'Anna Bianchi', qualifica: 'Parte' },
		{ nome: 'Luca Rossi', qualifica: 'Rappresentante' },
		{ nome: 'Avv. Verdi', qualifica: 'Avvocato' },
		{ nome: 'Avv. Neri', qualifica: 'Avvocato' },
		{ nome: 'Ing. Gialli', qualifica: 'Altro partecipante' },
		{ nome: 'Carla Mediatrice', qualifica: 'Mediatore' }
	]
};

describe('verbale templates: what the law requires', () => {
	test('accordo: the lawyers certify conformity and the agreement is enforceable when every adhering party has a lawyer', () => {
		const t = fillTemplate(DEFAULT_TEMPLATES.accordo.testo, base);
		expect(t).not.toMatch(/Le parti e gli avvocati attestano/);
		expect(t).toMatch(/gli avvocati attestano e certificano la conformità dell'accordo alle norme imperative e all'ordine pubblico/);
		expect(t).toMatch(/costituisce titolo esecutivo/);
		expect(t).toContain('Parti invitate non presenti: Beta srl.');
		expect(t).toContain(
			'Sottoscrivono: Mario Rossi (parte), Anna Bianchi (parte), Luca Rossi (rappresentante), Avv. Verdi (avvocato), Avv. Neri (avvocato), Ing. Gialli (altro partecipante), Carla Mediatrice (mediatore).'
		);
		expect(t).toMatch(/certifica l'autografia della sottoscrizione delle parti o la loro impossibilità di sottoscrivere/);
		expect(t).toMatch(/verificato l'esistenza, la validità e l'integrità delle firme digitali/);
		expect(t).toMatch(/art\. 2643 del codice civile.*autenticata/);
		expect(t).toMatch(/assemblea del condominio.*art\. 5-ter/);
	});

	test('accordo: without a lawyer for every adhering party it needs the court’s approval', () => {
		const t = fillTemplate(DEFAULT_TEMPLATES.accordo.testo, { ...base, partiAssistite: false });
		expect(t).toMatch(/omologazione del presidente del tribunale/);
		expect(t).not.toMatch(/costituisce titolo esecutivo/);
	});

	test('mancato accordo states the proposal; the proposal warns of art. 13 first and keeps 7 days "salvo diverso accordo"', () => {
		expect(DEFAULT_TEMPLATES.mancato_accordo.testo).toMatch(/Proposta del mediatore/);
		const p = DEFAULT_TEMPLATES.proposta.testo;
		expect(p.indexOf('art. 13')).toBeGreaterThan(0);
		expect(p.indexOf('art. 13')).toBeLessThan(p.indexOf('formula la seguente proposta'));
		expect(p).toMatch(/per iscritto ed entro sette giorni.*salvo diverso accordo delle parti/);
	});

	test('mancata adesione records the absence and leaves the justification to the judge', () => {
		const t = fillTemplate(DEFAULT_TEMPLATES.mancata_adesione.testo, base);
		expect(t).not.toMatch(/senza giustificato motivo/);
		expect(t).toMatch(/giustificato motivo della mancata partecipazione spetta al giudice/);
		expect(t).toContain('la parte invitata Beta srl');
	});

	test('every template has the source of its clauses', () => {
		for (const tipo of VERBALE_TIPI) expect(FONTI[tipo].length, tipo).toBeGreaterThan(0);
	});
});
