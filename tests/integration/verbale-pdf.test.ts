import { readFileSync } from 'node:fs';
import { PDFDocument, PDFSignature } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Db } from '#db/client.ts';
import { fileStoreFor } from '#db/documents/storage.ts';
import { loadVerbaleCaseData } from '#db/verbali/procedimento-data.ts';
import { DEFAULT_TEMPLATES } from '#db/verbali/default-templates.ts';
import { exportDoneMessage, exportVerbalePdf } from '#db/verbali/export.ts';
import { renderVerbalePdf } from '#db/verbali/pdf.ts';
import { docToYUpdate, templateDoc } from '#db/verbali/templates.ts';
import { getVerbale, getVersione, listVersioni, saveVersione } from '#db/verbali/repo.ts';
import { stateToJson } from '#server/verbale-collab.ts';
import { createTestDb } from '../helpers/db.ts';
import { readPdf } from '../helpers/pdf-text.ts';
import { setupVerbaleCase } from './verbale-fixture.ts';

let db: Db;
let cleanup: () => void;
let fx: Awaited<ReturnType<typeof setupVerbaleCase>>;

beforeAll(async () => {
	({ db, cleanup } = createTestDb());
	fx = await setupVerbaleCase(db);
});
afterAll(() => cleanup());

describe('verbale versions and PDF export', () => {
	test('a long verbale exports to the fascicolo with accents, page numbers, metadata and signature fields (mediator last)', async () => {
		const id = fx.newVerbale('accordo');
		const verbale = getVerbale(db, fx.procedimentoId, id)!;
		const data = loadVerbaleCaseData(db, fx.procedimentoId)!;
		const long = `${DEFAULT_TEMPLATES.accordo.testo}\n${Array.from({ length: 80 }, (_, i) => `${i + 1}. Clausola **numero ${i + 1}** con testo *abbastanza* lungo da andare a capo più volte nella pagina, così che la paginazione sia messa alla prova.`).join('\n')}`;
		const doc = templateDoc(long, data);
		const stato = docToYUpdate(doc);
		const saved = saveVersione(db, fx.mediatore.actor, fx.ctx(), verbale, { nome: 'Bozza 1', stato, contenuto: stateToJson(stato) });
		expect(saved.ok).toBe(true);
		if (!saved.ok) return;
		const versione = getVersione(db, id, saved.id)!;

		const store = fileStoreFor(db);
		const r = await exportVerbalePdf(db, store, fx.mediatore.actor, fx.ctx(), verbale, versione);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		const bytes = new Uint8Array(readFileSync(store.path(r.sha256)));

		const { text, pages, numPages, info } = await readPdf(bytes);
		expect(text).toContain('Niccolò Núñez-Đorđević');
		expect(text).toContain('Zoë Müller');
		expect(text).toContain("Francesca D'Angelo");
		expect(text).toContain('Organismo di prova – iscritto al n. 9999');
		expect(text).toContain('Procedimento n. 2026/1');
		// The version's working name is not printed on the legal document (only in its metadata).
		expect(text).not.toContain('Bozza 1');
		expect(r.pages).toBeGreaterThan(2);
		pages.forEach((page, i) => expect(page.split('\n').at(-1)).toBe(`Verbale di accordo Pagina ${i + 1} di ${r.pages}`));
		expect(text).toContain(`Pagina ${r.pages} di ${r.pages}`);
		expect(text).not.toContain(`Pagina ${r.pages + 1} di`);

		expect(numPages).toBe(r.pages);
		expect(info.title).toBe('Verbale di accordo');
		expect(info.author).toBe('Organismo di prova');
		expect(info.subject).toBe('Verbale del procedimento di mediazione n. 2026/1 – Versione 1 – Bozza 1');

		const pdf = await PDFDocument.load(bytes);
		expect(pdf.getPageCount()).toBe(r.pages);
		const fields = pdf.getForm().getFields();
		expect(fields.every((f) => f instanceof PDFSignature)).toBe(true);
		const names = fields.map((f) => f.getName());
		// Parties, then the lawyer, the other participants (the CTU), then the mediator last (arts. 11 and 8-bis).
		expect(names).toEqual([
			'firma_01_parte_niccolo_nunez_dordevic',
			'firma_02_parte_zoe_muller',
			'firma_03_avvocato_francesca_d_angelo',
			'firma_04_altro_partecipante_carlo_tecnico',
			'firma_05_mediatore_anna_rossi'
		]);
		expect(pdf.getTitle()).toBe('Verbale di accordo');

		// The version records the fascicolo document it produced.
		expect(listVersioni(db, id)[0].documentoId).toBe(r.documentoId);
	});

	test('the running header names the Organismo and its registration in full, however long; the export message counts pages in Italian', async () => {
		const organismo = "Organismo di mediazione forense dell'Ordine degli Avvocati di Reggio nell'Emilia – sede secondaria di Scandiano";
		const { bytes } = await renderVerbalePdf({
			titolo: 'Verbale di primo incontro',
			organismo,
			organismoRegistro: '1234',
			numero: '2026/117',
			versione: 'Versione 2 – Versione per la firma',
			doc: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Le parti sono comparse.' }] }] },
			firmatari: [{ qualifica: 'Mediatore', nome: 'Anna Rossi' }]
		});
		const { pages } = await readPdf(bytes);
		expect(pages).toHaveLength(1);
		const lines = pages[0].split('\n');
		expect(lines[0].endsWith(' Procedimento n. 2026/117')).toBe(true);
		const end = lines.findIndex((l) => l.endsWith('Organismi di mediazione'));
		expect(end).toBeGreaterThan(0);
		const header = [lines[0].replace(/ Procedimento n\. 2026\/117$/, ''), ...lines.slice(1, end + 1)].join(' ');
		expect(header).toBe(`${organismo} – iscritto al n. 1234 del Registro degli Organismi di mediazione`);
		expect(pages[0]).not.toContain('…');
		expect(pages[0]).not.toContain('Versione');
		expect(lines.at(-1)).toBe('Verbale di primo incontro Pagina 1 di 1');

		expect(exportDoneMessage(2, 1, 'ab'.repeat(32))).toBe('PDF della versione 2 salvato nel fascicolo (1 pagina, SHA-256 abababababab…).');
		expect(exportDoneMessage(3, 4, 'ab'.repeat(32))).toContain('(4 pagine, ');
	});

	test('named versions are numbered per verbale with author and time', () => {
		const id = fx.newVerbale('primo_incontro');
		const verbale = getVerbale(db, fx.procedimentoId, id)!;
		const stato = docToYUpdate({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Testo' }] }] });
		const a = saveVersione(db, fx.parte.actor, fx.ctx(), verbale, { nome: 'Bozza 1', stato, contenuto: stateToJson(stato) });
		const b = saveVersione(db, fx.mediatore.actor, fx.ctx(), verbale, {
			nome: 'Versione per la firma',
			stato,
			contenuto: stateToJson(stato)
		});
		expect(a.ok && b.ok && [a.numero, b.numero]).toEqual([1, 2]);
		const list = listVersioni(db, id);
		expect(list.map((v) => [v.numero, v.nome, v.autore])).toEqual([
			[2, 'Versione per la firma', 'Anna'],
			[1, 'Bozza 1', 'Niccolò']
		]);
		expect(saveVersione(db, fx.ctu.actor, fx.ctx(), verbale, { nome: 'No', stato, contenuto: {} }).ok).toBe(false);
	});
});
