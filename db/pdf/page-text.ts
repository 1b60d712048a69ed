import { deflateSync } from 'node:zlib';
import type { PDFDocument, PDFFont, PDFPage, RGB } from 'pdf-lib';

// The kit's fast text path (docs/performance.md): text goes straight into one content stream per
// page. pdf-lib's drawText pushes ~10 operator objects per call, validates every option and adds
// a new font resource to the page each time; for a 10-page verbale (~1,000 calls) that was half
// of the export time. Here a page gets one BT...ET block, one font resource per font, glyph codes
// cached per character, and the stream is compressed with Node's zlib (native) instead of pako.
// Fonts must be embedded with the kit's createPdf (document.ts): glyph codes are Identity-H.

const encodedChars = new WeakMap<PDFFont, Map<string, string>>();

/** The font's glyph codes for `text` (hex), adding the glyphs to the embedded subset. */
function hexOf(font: PDFFont, text: string): string {
	let cache = encodedChars.get(font);
	if (!cache) encodedChars.set(font, (cache = new Map()));
	let hex = '';
	for (const ch of text) {
		let code = cache.get(ch);
		if (code === undefined) {
			const s = font.encodeText(ch).toString(); // "<0012>"
			code = s.slice(1, -1);
			cache.set(ch, code);
		}
		hex += code;
	}
	return hex;
}

const num = (n: number) => (Math.round(n * 100) / 100).toString();

/** Text and rules of one page, written as raw PDF operators and added to the page by finish(). */
export class PageText {
	readonly page: PDFPage;
	readonly #ops: string[] = [];
	readonly #strokes: string[] = [];
	readonly #fontKeys = new Map<PDFFont, string>();
	#font: string | null = null;
	#size = 0;
	#color = '';

	constructor(page: PDFPage) {
		this.page = page;
	}

	/** Draws `text` with its baseline starting at (x, y). */
	show(text: string, x: number, y: number, size: number, font: PDFFont, color: RGB): void {
		if (text === '') return;
		let key = this.#fontKeys.get(font);
		if (!key) {
			key = this.page.node.newFontDictionary(font.name, font.ref).toString();
			this.#fontKeys.set(font, key);
		}
		if (key !== this.#font || size !== this.#size) {
			this.#ops.push(`${key} ${num(size)} Tf`);
			this.#font = key;
			this.#size = size;
		}
		const rgb = `${num(color.red)} ${num(color.green)} ${num(color.blue)} rg`;
		if (rgb !== this.#color) {
			this.#ops.push(rgb);
			this.#color = rgb;
		}
		this.#ops.push(`1 0 0 1 ${num(x)} ${num(y)} Tm <${hexOf(font, text)}> Tj`);
	}

	/** A straight line (rules, underlines), drawn below the page's text. */
	line(x1: number, y1: number, x2: number, y2: number, thickness: number, color: RGB): void {
		this.#strokes.push(
			`${num(thickness)} w ${num(color.red)} ${num(color.green)} ${num(color.blue)} RG ${num(x1)} ${num(y1)} m ${num(x2)} ${num(y2)} l S`
		);
	}

	/** Adds the compressed stream to the page (after its other content: text stays on top). */
	finish(doc: PDFDocument): void {
		if (this.#ops.length === 0 && this.#strokes.length === 0) return;
		const strokes = this.#strokes.length ? `q\n${this.#strokes.join('\n')}\nQ\n` : '';
		const content = `${strokes}q BT\n${this.#ops.join('\n')}\nET Q`;
		const stream = doc.context.stream(deflateSync(Buffer.from(content, 'latin1')), { Filter: 'FlateDecode' });
		this.page.node.addContentStream(doc.context.register(stream));
		this.#ops.length = 0;
		this.#strokes.length = 0;
	}
}

/** The text layers of a document's pages, created on first use and written out together. */
export class PageTexts {
	readonly #texts = new Map<PDFPage, PageText>();

	/** The text layer of `page`. */
	on(page: PDFPage): PageText {
		let t = this.#texts.get(page);
		if (!t) this.#texts.set(page, (t = new PageText(page)));
		return t;
	}

	/** Writes every page's text layer into the document (call once, before saving). */
	finish(doc: PDFDocument): void {
		for (const t of this.#texts.values()) t.finish(doc);
		this.#texts.clear();
	}
}
