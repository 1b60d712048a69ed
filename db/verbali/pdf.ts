import { PDFName, PDFString, rgb, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';
import {
	addPdfA2bMetadata,
	createPdf,
	drawLine,
	fitText,
	layoutLines,
	loadFontFiles,
	PageTexts,
	setPdfInfo,
	textWidth,
	wrapText,
	type FontFiles,
	type PdfFonts,
	type Run,
	type Word
} from '../pdf/index.ts';
import type { Firmatario } from './procedimento-data.ts';
import type { PmNode, PmText } from './markup.ts';

export interface VerbalePdfInput {
	titolo: string;
	organismo: string;
	organismoRegistro: string;
	numero: string;
	/** "Versione 3 – Versione per la firma": in the metadata (Subject, Keywords), not printed. */
	versione: string;
	doc: PmNode;
	/** Parties, lawyers, mediator last (art. 8-bis): one empty signature field each. */
	firmatari: Firmatario[];
	createdAt?: Date;
}

export interface VerbalePdf {
	bytes: Uint8Array;
	pages: number;
	signatureFields: string[];
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN_X = 56;
const TOP = 78; // below the running header
const BOTTOM = 58; // above the footer
const BODY_SIZE = 10.5;
const LINE = 1.38;
const INK = rgb(0.1, 0.1, 0.12);
const GREY = rgb(0.38, 0.4, 0.44);

type Fonts = PdfFonts;

/** A stretch of verbale text with its marks (the font is picked from bold and italic). */
interface Marked {
	text: string;
	bold: boolean;
	italic: boolean;
	underline: boolean;
}

/** Lays out and draws text top-down across pages (layout and text layer from the PDF kit). */
class Writer {
	readonly doc: PDFDocument;
	readonly fonts: Fonts;
	page!: PDFPage;
	y = 0;
	readonly texts = new PageTexts();
	readonly width = A4[0] - 2 * MARGIN_X;

	constructor(doc: PDFDocument, fonts: Fonts) {
		this.doc = doc;
		this.fonts = fonts;
		this.newPage();
	}

	newPage(): void {
		this.page = this.doc.addPage(A4);
		this.y = A4[1] - TOP;
	}

	/** Starts a new page unless `height` points still fit. */
	ensure(height: number): void {
		if (this.y - height < BOTTOM) this.newPage();
	}

	font(bold: boolean, italic: boolean): PDFFont {
		if (bold) return italic ? this.fonts.boldItalic : this.fonts.bold;
		return italic ? this.fonts.italic : this.fonts.regular;
	}

	/** Greedy line breaking of marked text. */
	lines(marked: Marked[], size: number, maxWidth: number): Word[][] {
		const runs: Run[] = marked.map((m) => ({ text: m.text, font: this.font(m.bold, m.italic), underline: m.underline }));
		return layoutLines(runs, size, maxWidth);
	}

	drawLine(words: Word[], x: number, baseline: number, size: number, page = this.page): void {
		drawLine(this.texts.on(page), words, x, baseline, size, INK);
	}

	/** A block of wrapped text at the current position, breaking pages between lines. */
	paragraph(runs: Marked[], opts: { size?: number; indent?: number; before?: number; after?: number; marker?: string } = {}): void {
		const size = opts.size ?? BODY_SIZE;
		const indent = opts.indent ?? 0;
		const lh = size * LINE;
		this.y -= opts.before ?? 0;
		const lines = this.lines(runs, size, this.width - indent);
		lines.forEach((line, i) => {
			this.ensure(lh);
			const baseline = this.y - size;
			if (i === 0 && opts.marker) {
				const mw = textWidth(this.fonts.regular, opts.marker, size);
				this.texts.on(this.page).show(opts.marker, MARGIN_X + indent - mw - 5, baseline, size, this.fonts.regular, INK);
			}
			this.drawLine(line, MARGIN_X + indent, baseline, size);
			this.y -= lh;
		});
		this.y -= opts.after ?? 4;
	}
}

function runsOf(nodes: (PmNode | PmText)[] | undefined, base: Partial<Marked> = {}): Marked[] {
	const runs: Marked[] = [];
	for (const n of nodes ?? []) {
		if (n.type === 'text') {
			const t = n as PmText;
			const marks = new Set((t.marks ?? []).map((m) => m.type));
			runs.push({
				text: t.text,
				bold: Boolean(base.bold) || marks.has('bold'),
				italic: Boolean(base.italic) || marks.has('italic'),
				underline: Boolean(base.underline) || marks.has('underline')
			});
		} else if (n.type === 'hardBreak') {
			runs.push({ text: '\n', bold: false, italic: false, underline: false });
		}
	}
	return runs;
}

const HEADING_SIZES: Record<number, number> = { 1: 15, 2: 12.5, 3: 11.5 };

function renderBlocks(w: Writer, nodes: PmNode[] | undefined, indent: number): void {
	for (const node of nodes ?? []) {
		switch (node.type) {
			case 'heading': {
				const level = Number(node.attrs?.level ?? 1);
				const size = HEADING_SIZES[level] ?? 11.5;
				w.ensure(size * LINE * 2.2); // keep a heading with the line after it
				w.paragraph(runsOf(node.content as PmText[], { bold: true }), { size, indent, before: level === 1 ? 4 : 8, after: 4 });
				break;
			}
			case 'paragraph':
				w.paragraph(runsOf(node.content as PmText[]), { indent });
				break;
			case 'bulletList':
			case 'orderedList': {
				const start = Number(node.attrs?.start ?? 1);
				(node.content as PmNode[] | undefined)?.forEach((item, i) => {
					const marker = node.type === 'bulletList' ? '•' : `${start + i}.`;
					renderListItem(w, item, indent + 18, marker);
				});
				w.y -= 2;
				break;
			}
			case 'table':
				renderTable(w, node, indent);
				break;
			default:
				if (node.content) renderBlocks(w, node.content as PmNode[], indent);
		}
	}
}

function renderListItem(w: Writer, item: PmNode, indent: number, marker: string): void {
	const [first, ...rest] = (item.content as PmNode[] | undefined) ?? [];
	if (first?.type === 'paragraph') w.paragraph(runsOf(first.content as PmText[]), { indent, marker, after: 2 });
	else if (first) renderBlocks(w, [first], indent);
	renderBlocks(w, rest, indent);
}

/** Text and line breaks of any node, one line per block (lists inside cells are flattened). */
function inlineOf(node: PmNode): (PmNode | PmText)[] {
	if (node.type === 'paragraph' || node.type === 'heading') return node.content ?? [];
	const out: (PmNode | PmText)[] = [];
	for (const child of (node.content as PmNode[] | undefined) ?? []) {
		if (out.length) out.push({ type: 'hardBreak' });
		out.push(...inlineOf(child));
	}
	return out;
}

function cellRuns(cell: PmNode): Marked[][] {
	const header = cell.type === 'tableHeader';
	return ((cell.content as PmNode[] | undefined) ?? []).map((block) => runsOf(inlineOf(block), { bold: header }));
}

function renderTable(w: Writer, table: PmNode, indent: number): void {
	const rows = (table.content as PmNode[] | undefined) ?? [];
	const cols = Math.max(1, ...rows.map((r) => ((r.content as PmNode[] | undefined) ?? []).length));
	const size = BODY_SIZE - 1;
	const lh = size * LINE;
	const pad = 4;
	const colWidth = (w.width - indent) / cols;
	w.y -= 4;
	for (const row of rows) {
		const cells = (row.content as PmNode[] | undefined) ?? [];
		const laid = cells.map((cell) => cellRuns(cell).flatMap((runs) => w.lines(runs, size, colWidth - 2 * pad)));
		const height = Math.max(1, ...laid.map((l) => l.length)) * lh + 2 * pad;
		w.ensure(Math.min(height, A4[1] - TOP - BOTTOM));
		const top = w.y;
		cells.forEach((cell, ci) => {
			const x = MARGIN_X + indent + ci * colWidth;
			w.page.drawRectangle({
				x,
				y: top - height,
				width: colWidth,
				height,
				borderColor: GREY,
				borderWidth: 0.6,
				color: cell.type === 'tableHeader' ? rgb(0.93, 0.94, 0.95) : undefined
			});
			laid[ci].forEach((line, li) => w.drawLine(line, x + pad, top - pad - size - li * lh + 1.5, size));
		});
		w.y = top - height;
	}
	w.y -= 8;
}

function slug(s: string): string {
	return (
		s
			.normalize('NFD')
			.replace(/[\u0300-\u036f]/g, '')
			.replace(/[đĐ]/g, 'd')
			.replace(/[øØ]/g, 'o')
			.replace(/[łŁ]/g, 'l')
			.replace(/ß/g, 'ss')
			.replace(/[^A-Za-z0-9]+/g, '_')
			.replace(/^_|_$/g, '')
			.toLowerCase() || 'firmatario'
	);
}

/** The signature block: a label and an empty AcroForm signature field per signer. */
function renderSignatures(w: Writer, firmatari: Firmatario[]): string[] {
	const names: string[] = [];
	const form = w.doc.getForm();
	w.ensure(60);
	w.paragraph([{ text: 'Firme', bold: true, italic: false, underline: false }], { size: 12.5, before: 10, after: 6 });
	firmatari.forEach((f, i) => {
		const boxH = 42;
		w.ensure(BODY_SIZE * LINE + boxH + 12);
		const label = f.nome ? `${f.qualifica}: ${f.nome}` : f.qualifica;
		w.paragraph([{ text: label, bold: false, italic: false, underline: false }], { after: 2 });
		const rect = { x: MARGIN_X, y: w.y - boxH, width: 240, height: boxH };
		w.page.drawRectangle({ ...rect, borderColor: GREY, borderWidth: 0.6 });
		const name = `firma_${String(i + 1).padStart(2, '0')}_${slug(f.qualifica)}_${slug(f.nome)}`;
		addSignatureField(w.doc, w.page, name, rect);
		form.acroForm.dict.set(PDFName.of('SigFlags'), w.doc.context.obj(0));
		names.push(name);
		w.y -= boxH + 12;
	});
	return names;
}

/** pdf-lib has no API for signature fields: an /FT /Sig field merged with its widget, left unsigned. */
function addSignatureField(
	doc: PDFDocument,
	page: PDFPage,
	name: string,
	rect: { x: number; y: number; width: number; height: number }
): void {
	const ctx = doc.context;
	// An empty appearance stream: PDF/A wants every visible widget to have one.
	const ap = ctx.register(ctx.flateStream('', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, rect.width, rect.height], Resources: {} }));
	const widget = ctx.register(
		ctx.obj({
			Type: 'Annot',
			Subtype: 'Widget',
			FT: 'Sig',
			T: PDFString.of(name),
			TU: PDFString.of('Campo firma'),
			Rect: [rect.x, rect.y, rect.x + rect.width, rect.y + rect.height],
			F: 4, // print
			P: page.ref,
			AP: { N: ap }
		})
	);
	page.node.addAnnot(widget);
	doc.getForm().acroForm.addField(widget);
}

const FRAME_SIZE = 8;
const HEADER_LINE = FRAME_SIZE * 1.2;
const HEADER_MAX_LINES = 3; // with TOP = 78 the rule stays above the body

/**
 * Running header and footer of every page. The header names the Organismo and its registration
 * in full (wrapped, never cut: it identifies who issues the verbale) beside the case number; the
 * footer carries the verbale's title and "Pagina X di Y" (the version's working name stays in
 * the metadata and the fascicolo, not on the legal document).
 */
function drawFrame(w: Writer, input: VerbalePdfInput): void {
	const { doc, fonts } = w;
	const pages = doc.getPages();
	const total = pages.length;
	const [width, height] = A4;
	const header = `${input.organismo} – iscritto al n. ${input.organismoRegistro} del Registro degli Organismi di mediazione`;
	const right = `Procedimento n. ${input.numero}`;
	const rightW = textWidth(fonts.bold, right, FRAME_SIZE);
	let lines = wrapText(header, fonts.regular, FRAME_SIZE, width - 2 * MARGIN_X - rightW - 12);
	if (lines.length > HEADER_MAX_LINES) {
		const rest = lines.slice(HEADER_MAX_LINES - 1).join(' ');
		lines = [...lines.slice(0, HEADER_MAX_LINES - 1), fitText(rest, fonts.regular, FRAME_SIZE, width - 2 * MARGIN_X - rightW - 12)];
	}
	const top = height - 32;
	const rule = top - (lines.length - 1) * HEADER_LINE - 6;
	pages.forEach((page, i) => {
		const text = w.texts.on(page);
		lines.forEach((line, j) => text.show(line, MARGIN_X, top - j * HEADER_LINE, FRAME_SIZE, fonts.regular, GREY));
		text.show(right, width - MARGIN_X - rightW, top, FRAME_SIZE, fonts.bold, GREY);
		text.line(MARGIN_X, rule, width - MARGIN_X, rule, 0.5, GREY);
		const footer = `Pagina ${i + 1} di ${total}`;
		const fw = textWidth(fonts.regular, footer, FRAME_SIZE);
		text.show(footer, (width - fw) / 2, 30, FRAME_SIZE, fonts.regular, GREY);
		text.show(
			fitText(input.titolo, fonts.regular, FRAME_SIZE, (width - fw) / 2 - MARGIN_X - 12),
			MARGIN_X,
			30,
			FRAME_SIZE,
			fonts.regular,
			GREY
		);
	});
}

/**
 * Renders a verbale (ProseMirror JSON of the verbale schema) to PDF with pdf-lib: embedded DejaVu
 * Sans (Unicode), running header (Organismo, register number, case number), headings, emphasis,
 * lists, tables, line breaking and pagination, "Pagina X di Y", a signature block with an empty
 * signature field per signer (mediator last), document metadata and PDF/A-2b identification.
 */
export async function renderVerbalePdf(input: VerbalePdfInput, fontFiles: FontFiles = loadFontFiles()): Promise<VerbalePdf> {
	const { doc, fonts } = await createPdf(['regular', 'bold', 'italic', 'boldItalic'], fontFiles);
	const w = new Writer(doc, fonts);
	renderBlocks(w, input.doc.content as PmNode[] | undefined, 0);
	const signatureFields = renderSignatures(w, input.firmatari);
	drawFrame(w, input);
	w.texts.finish(doc);

	const now = input.createdAt ?? new Date();
	const subject = `Verbale del procedimento di mediazione n. ${input.numero} – ${input.versione}`;
	setPdfInfo(doc, {
		title: input.titolo,
		author: input.organismo,
		subject,
		keywords: ['verbale', 'mediazione', `procedimento ${input.numero}`, input.versione],
		date: now
	});
	addPdfA2bMetadata(doc, { title: input.titolo, author: input.organismo, subject, date: now });

	const bytes = await doc.save({ updateFieldAppearances: false, useObjectStreams: false });
	return { bytes, pages: doc.getPageCount(), signatureFields };
}
