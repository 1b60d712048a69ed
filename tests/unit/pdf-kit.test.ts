import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rgb } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import {
	createPdf,
	FONT_FILE_NAMES,
	fitText,
	fontDir,
	loadFontFiles,
	packagedFontDir,
	PageTexts,
	PdfFontError,
	textWidth,
	wrapText
} from '#db/pdf/index.ts';
import { renderVerbalePdf } from '#db/verbali/pdf.ts';
import { readPdf } from '../helpers/pdf-text.ts';

const tmp = mkdtempSync(join(tmpdir(), 'accordo-pdf-kit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const INK = rgb(0, 0, 0);

describe('PDF fonts', () => {
	it('ship with the npm dependencies: without ACCORDO_FONT_DIR they come from dejavu-fonts-ttf, not from the system', () => {
		const dir = packagedFontDir();
		expect(dir).toMatch(/node_modules[/\\]dejavu-fonts-ttf[/\\]ttf$/);
		expect(fontDir({})).toBe(dir);
		const files = loadFontFiles(dir);
		for (const bytes of Object.values(files)) expect([...bytes.slice(0, 4)]).toEqual([0, 1, 0, 0]); // TrueType
	});

	it('ACCORDO_FONT_DIR points at another folder with the same four files', () => {
		const dir = join(tmp, 'fonts');
		mkdirSync(dir);
		for (const name of Object.values(FONT_FILE_NAMES)) copyFileSync(join(packagedFontDir()!, name), join(dir, name));
		expect(fontDir({ ACCORDO_FONT_DIR: dir })).toBe(dir);
		expect(loadFontFiles(dir).bold.byteLength).toBeGreaterThan(100_000);
	});

	it('a missing font file fails with one error class whose message says which file and how to fix it', async () => {
		const dir = join(tmp, 'incomplete');
		mkdirSync(dir);
		for (const name of [FONT_FILE_NAMES.regular, FONT_FILE_NAMES.bold, FONT_FILE_NAMES.italic])
			copyFileSync(join(packagedFontDir()!, name), join(dir, name));
		expect(() => loadFontFiles(dir)).toThrow(PdfFontError);
		expect(() => loadFontFiles(dir)).toThrow(/DejaVuSans-BoldOblique\.ttf not found: run npm install .*ACCORDO_FONT_DIR/);
		expect(() => loadFontFiles(null)).toThrow(/"dejavu-fonts-ttf" is not installed/);
		// Both exports report it the same way.
		const doc = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x' }] }] };
		const input = { titolo: 'V', organismo: 'O', organismoRegistro: '1', numero: '2026/1', versione: 'Versione 1', doc, firmatari: [] };
		process.env.ACCORDO_FONT_DIR = join(tmp, 'nowhere');
		try {
			await expect(renderVerbalePdf(input)).rejects.toThrow(PdfFontError);
		} finally {
			delete process.env.ACCORDO_FONT_DIR;
		}
	});
});

describe('PDF text layout', () => {
	it('wraps to the width, keeps explicit line breaks, cuts words longer than a line and drops control characters', async () => {
		const { fonts } = await createPdf(['regular']);
		const font = fonts.regular;
		const text =
			'Le parti convengono che l’importo sarà corrisposto in tre rate\nmensili\u0007 di pari importo: Supercalifragilistichespiralidoso';
		const lines = wrapText(text, font, 10, 120);
		for (const l of lines) expect(textWidth(font, l, 10)).toBeLessThanOrEqual(120);
		expect(lines).toEqual([
			'Le parti convengono',
			'che l’importo sarà',
			'corrisposto in tre rate', // the line break of the text ends the line
			'mensili di pari importo:',
			'Supercalifragilistichespi',
			'ralidoso'
		]);
		expect(wrapText('riga uno\r\n\r\nriga tre', font, 10, 500)).toEqual(['riga uno', '', 'riga tre']);
	});

	it('fits a one-line label with an ellipsis only when it is too long', async () => {
		const { fonts } = await createPdf(['regular']);
		expect(fitText('Breve', fonts.regular, 8, 200)).toBe('Breve');
		const cut = fitText('Organismo di prova – iscritto al n. 9999 del Registro degli Organismi di mediazione', fonts.regular, 8, 150);
		expect(cut.endsWith('…')).toBe(true);
		expect(textWidth(fonts.regular, cut, 8)).toBeLessThanOrEqual(150);
	});

	it('the raw-operator text layer writes Unicode text a PDF reader extracts, with subset fonts', async () => {
		const { doc, fonts } = await createPdf(['regular', 'bold']);
		const texts = new PageTexts();
		const page = doc.addPage([400, 300]);
		texts.on(page).show('Niccolò Núñez-Đorđević, Zoë Müller', 20, 250, 12, fonts.regular, INK);
		texts.on(page).show('Ωμέγα Жуков', 20, 220, 12, fonts.bold, INK);
		texts.on(page).line(20, 210, 380, 210, 0.5, INK);
		const second = doc.addPage([400, 300]);
		texts.on(second).show('Pagina 2 di 2', 20, 30, 8, fonts.regular, INK);
		texts.finish(doc);
		const bytes = await doc.save();
		expect(bytes.byteLength).toBeLessThan(60_000); // subsets, not the 700 KB fonts
		const pdf = await readPdf(bytes);
		expect(pdf.numPages).toBe(2);
		expect(pdf.pages[0]).toBe('Niccolò Núñez-Đorđević, Zoë Müller\nΩμέγα Жуков');
		expect(pdf.pages[1]).toBe('Pagina 2 di 2');
	});
});
