import { rgb, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';
import { createPdf, fitText, PageTexts, setPdfInfo, textWidth, wrapText } from '../pdf/index.ts';
import { DIREZIONE_LABELS } from './labels.ts';
import type { RegistroGiornaliero } from './registro.ts';
import { formatDataOra, formatGiorno, formatGiornoEsteso, formatOra, romeIsoDate } from '../shared/time.ts';

/**
 * PDF of the registro giornaliero di protocollo: A4 landscape, Unicode text with the PDF kit's
 * embedded DejaVu Sans (db/pdf), wrapped table cells, page breaks that repeat the table header,
 * "Pagina X di Y", and in the footer the SHA-256 of the same day's CSV export.
 */

const PAGE: [number, number] = [841.89, 595.28]; // A4 landscape
const MARGIN = 36;
const FOOTER = 34; // space kept for the footer
const SIZE = 7.5;
const LINE = SIZE * 1.3;
const PAD = 3;
const INK = rgb(0.1, 0.12, 0.14);
const MUTED = rgb(0.3, 0.34, 0.38);
const RULE = rgb(0.75, 0.78, 0.82);
const HEAD_BG = rgb(0.9, 0.92, 0.95);

interface Column {
	title: string;
	width: number; // 0 = takes the remaining width
}

interface Ctx {
	doc: PDFDocument;
	page: PDFPage;
	y: number;
	regular: PDFFont;
	bold: PDFFont;
	texts: PageTexts;
	runningTitle: string;
}

/** The text layer of the current page (db/pdf/page-text.ts). */
const on = (c: Ctx, page = c.page) => c.texts.on(page);

function newPage(c: Ctx): void {
	c.page = c.doc.addPage(PAGE);
	c.y = PAGE[1] - MARGIN;
	on(c).show(fitText(c.runningTitle, c.regular, 8, PAGE[0] - 2 * MARGIN), MARGIN, c.y - 8, 8, c.regular, MUTED);
	c.y -= 20;
}

function text(c: Ctx, s: string, opts: { size?: number; bold?: boolean; color?: ReturnType<typeof rgb>; gap?: number } = {}): void {
	const size = opts.size ?? 9;
	const font = opts.bold ? c.bold : c.regular;
	for (const line of wrapText(s, font, size, PAGE[0] - 2 * MARGIN)) {
		if (c.y - size * 1.3 < MARGIN + FOOTER) newPage(c);
		on(c).show(line, MARGIN, c.y - size, size, font, opts.color ?? INK);
		c.y -= size * 1.3;
	}
	c.y -= opts.gap ?? 2;
}

function table(c: Ctx, columns: Column[], rows: string[][]): void {
	const fixed = columns.reduce((s, col) => s + col.width, 0);
	const widths = columns.map((col) => col.width || PAGE[0] - 2 * MARGIN - fixed);
	const xs = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, b) => a + b, 0));
	const full = PAGE[0] - 2 * MARGIN;

	const headCells = columns.map((col, i) => wrapText(col.title, c.bold, SIZE, widths[i] - 2 * PAD));
	const headH = Math.max(...headCells.map((l) => l.length)) * LINE + 2 * PAD;
	const linesLeft = () => Math.floor((c.y - MARGIN - FOOTER - 2 * PAD) / LINE);
	const header = () => {
		if (c.y - headH - LINE - 2 * PAD < MARGIN + FOOTER) newPage(c);
		c.page.drawRectangle({ x: MARGIN, y: c.y - headH, width: full, height: headH, color: HEAD_BG });
		headCells.forEach((lines, i) => lines.forEach((l, j) => on(c).show(l, xs[i] + PAD, c.y - PAD - (j + 1) * LINE + 2, SIZE, c.bold, INK)));
		c.y -= headH;
	};

	const pageRoom = Math.floor((PAGE[1] - 2 * MARGIN - 20 - headH - FOOTER - 2 * PAD) / LINE);
	header();
	for (const row of rows) {
		const cells = row.map((v, i) => wrapText(v, c.regular, SIZE, widths[i] - 2 * PAD));
		const total = Math.max(...cells.map((l) => l.length));
		// A row that does not fit moves to the next page (header repeated); only a row taller than a
		// whole page is split across pages.
		let from = 0;
		while (from < total) {
			let room = linesLeft();
			if (room < Math.min(total - from, pageRoom)) {
				newPage(c);
				header();
				room = linesLeft();
			}
			const n = Math.min(room, total - from);
			cells.forEach((lines, i) =>
				lines.slice(from, from + n).forEach((l, j) => on(c).show(l, xs[i] + PAD, c.y - PAD - (j + 1) * LINE + 2, SIZE, c.regular, INK))
			);
			c.y -= n * LINE + 2 * PAD;
			on(c).line(MARGIN, c.y, MARGIN + full, c.y, 0.5, RULE);
			from += n;
		}
	}
	c.y -= 8;
}

const docsCell = (n: number) => (n === 0 ? '—' : String(n));

export interface RegistroPdfOptions {
	/** SHA-256 of the CSV file of the same day (registroCsvFile). */
	csvSha256: string;
	generatedAt: Date;
}

export async function registroPdf(r: RegistroGiornaliero, opts: RegistroPdfOptions): Promise<Uint8Array> {
	const { doc, fonts } = await createPdf(['regular', 'bold']);
	const { regular, bold } = fonts;
	const giorno = formatGiorno(r.giorno);
	const org = r.organismo;

	const title = `Registro giornaliero di protocollo del ${giorno}`;
	setPdfInfo(doc, {
		title: `${title} — ${org.denominazione}`,
		author: org.denominazione,
		subject: `${title}: ${org.denominazione}, iscritto al n. ${org.numeroRegistro} del Registro degli organismi di mediazione`,
		keywords: ['registro giornaliero di protocollo', r.giorno, `organismo n. ${org.numeroRegistro}`],
		date: opts.generatedAt
	});

	const c: Ctx = {
		doc,
		page: doc.addPage(PAGE),
		y: PAGE[1] - MARGIN,
		regular,
		bold,
		texts: new PageTexts(),
		runningTitle: `${org.denominazione} — ${title}`
	};

	text(c, org.denominazione, { size: 12, bold: true, gap: 0 });
	text(
		c,
		`Iscritto al n. ${org.numeroRegistro} del Registro degli organismi di mediazione${org.codiceFiscale ? ` — C.F. ${org.codiceFiscale}` : ''}`,
		{
			color: MUTED,
			gap: 8
		}
	);
	text(c, 'Registro giornaliero di protocollo', { size: 16, bold: true, gap: 4 });
	text(c, `Giornata: ${formatGiornoEsteso(r.giorno)}`, { size: 10, bold: true, gap: 0 });
	text(c, `Generato il ${formatDataOra(opts.generatedAt)} (ora italiana)`, { gap: 0 });
	const nums = r.registrazioni.map((e) => e.numero);
	text(
		c,
		`Registrazioni della giornata: ${nums.length}${nums.length ? ` (dal n. ${nums[0]} al n. ${nums[nums.length - 1]} dell'anno ${r.registrazioni[0].anno})` : ''}` +
			` — Annullamenti effettuati nella giornata: ${r.annullamenti.length}`,
		{ gap: 0 }
	);
	if (romeIsoDate(opts.generatedAt) <= r.giorno)
		text(c, 'Registro provvisorio: la giornata non è ancora conclusa e possono aggiungersi altre operazioni.', { bold: true, gap: 0 });
	c.y -= 8;

	text(c, 'Registrazioni della giornata', { size: 11, bold: true, gap: 4 });
	if (r.registrazioni.length === 0) text(c, 'Nessuna registrazione nella giornata.', { color: MUTED, gap: 8 });
	else
		table(
			c,
			[
				{ title: 'N.', width: 40 },
				{ title: 'Ora', width: 32 },
				{ title: 'Direzione', width: 50 },
				{ title: 'Mittente', width: 105 },
				{ title: 'Destinatario', width: 105 },
				{ title: 'Oggetto', width: 0 },
				{ title: 'Procedimento', width: 72 },
				{ title: 'Doc.', width: 26 },
				{ title: 'Annullamento', width: 125 }
			],
			r.registrazioni.map((e) => [
				String(e.numero),
				formatOra(e.registratoIl),
				DIREZIONE_LABELS[e.direzione],
				e.mittente,
				e.destinatario,
				e.oggetto,
				e.procedimento ? `n. ${e.procedimento}` : '—',
				docsCell(e.documenti.length),
				e.annullamento ? `ANNULLATA alle ${formatOra(e.annullamento.annullatoIl)}: ${e.annullamento.motivo}` : ''
			])
		);

	text(c, 'Annullamenti effettuati nella giornata', { size: 11, bold: true, gap: 4 });
	if (r.annullamenti.length === 0) text(c, 'Nessun annullamento nella giornata.', { color: MUTED, gap: 8 });
	else
		table(
			c,
			[
				{ title: 'N.', width: 58 },
				{ title: 'Registrata il', width: 70 },
				{ title: 'Direzione', width: 50 },
				{ title: 'Mittente', width: 100 },
				{ title: 'Destinatario', width: 100 },
				{ title: 'Oggetto', width: 0 },
				{ title: 'Annullata alle', width: 48 },
				{ title: 'Motivo', width: 140 },
				{ title: 'Annullata da', width: 70 }
			],
			r.annullamenti.map((e) => [
				`${e.anno}/${e.numero}`,
				formatDataOra(e.registratoIl),
				DIREZIONE_LABELS[e.direzione],
				e.mittente,
				e.destinatario,
				e.oggetto,
				formatOra(e.annullatoIl),
				e.motivo,
				e.annullataDa
			])
		);
	text(
		c,
		'Le registrazioni non si modificano né si cancellano: una correzione è un annullamento motivato, riportato nel registro ' +
			'del giorno in cui è effettuato. Il file CSV dello stesso giorno contiene anche le impronte SHA-256 dei documenti collegati.',
		{ size: 8, color: MUTED }
	);

	const pages = doc.getPages();
	pages.forEach((p, i) => {
		const y = MARGIN - 6;
		const t = on(c, p);
		t.line(MARGIN, y + 14, PAGE[0] - MARGIN, y + 14, 0.5, RULE);
		t.show(`Impronta SHA-256 del CSV del registro (registro-protocollo-${r.giorno}.csv): ${opts.csvSha256}`, MARGIN, y, 7, regular, MUTED);
		const label = `Pagina ${i + 1} di ${pages.length}`;
		t.show(label, PAGE[0] - MARGIN - textWidth(regular, label, 8), y, 8, regular, INK);
	});
	c.texts.finish(doc);
	return doc.save();
}
