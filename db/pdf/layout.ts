import type { PDFFont, RGB } from 'pdf-lib';
import type { PageText } from './page-text.ts';

// Text layout shared by every PDF: measuring, greedy line breaking of runs in several fonts,
// cutting words longer than a line, and drawing a laid-out line onto a page's text layer.

const widthCaches = new WeakMap<PDFFont, Map<string, number>>();

/**
 * Width of `text` at `size` from cached per-character advances: pdf-lib's widthOfTextAtSize runs
 * fontkit's full layout on every call, which dominated the export time.
 */
export function textWidth(font: PDFFont, text: string, size: number): number {
	let cache = widthCaches.get(font);
	if (!cache) widthCaches.set(font, (cache = new Map()));
	let units = 0;
	for (const ch of text) {
		let w = cache.get(ch);
		if (w === undefined) {
			w = font.widthOfTextAtSize(ch, 1000);
			cache.set(ch, w);
		}
		units += w;
	}
	return (units * size) / 1000;
}

/** A stretch of text in one font ("\n" breaks the line). */
export interface Run {
	text: string;
	font: PDFFont;
	underline?: boolean;
}

export interface Word {
	text: string;
	font: PDFFont;
	underline: boolean;
	width: number;
	/** Width of the spaces after it (0 when glued to the next word). */
	space: number;
	/** How many spaces follow it. */
	spaces: number;
}

/** Control characters would print as boxes (or nothing); tabs become spaces. */
export function printable(s: string): string {
	return s
		.replace(/\t/g, ' ')
		.replace(/\r\n?/g, '\n')
		.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ''); // eslint-disable-line no-control-regex
}

function cut(word: string, font: PDFFont, size: number, maxWidth: number): string[] {
	if (textWidth(font, word, size) <= maxWidth) return [word];
	const pieces: string[] = [];
	let current = '';
	for (const ch of word) {
		if (current && textWidth(font, current + ch, size) > maxWidth) {
			pieces.push(current);
			current = ch;
		} else current += ch;
	}
	if (current) pieces.push(current);
	return pieces;
}

/** Splits runs into measured words; a word longer than `maxWidth` is cut into pieces. */
function words(runs: Run[], size: number, maxWidth: number): (Word | 'break')[] {
	const out: (Word | 'break')[] = [];
	for (const run of runs) {
		const spaceWidth = textWidth(run.font, ' ', size);
		for (const part of run.text.split(/(\n| +)/)) {
			if (part === '') continue;
			if (part === '\n') {
				out.push('break');
				continue;
			}
			if (part[0] === ' ') {
				const last = out[out.length - 1];
				if (last && last !== 'break') {
					last.space = spaceWidth * part.length;
					last.spaces = part.length;
				}
				continue;
			}
			for (const piece of cut(part, run.font, size, maxWidth)) {
				out.push({
					text: piece,
					font: run.font,
					underline: Boolean(run.underline),
					width: textWidth(run.font, piece, size),
					space: 0,
					spaces: 0
				});
			}
		}
	}
	return out;
}

/** Greedy line breaking of `runs` into lines no wider than `maxWidth`; "\n" starts a new line. */
export function layoutLines(runs: Run[], size: number, maxWidth: number): Word[][] {
	const lines: Word[][] = [[]];
	let x = 0;
	for (const w of words(runs, size, maxWidth)) {
		const line = lines[lines.length - 1];
		if (w === 'break') {
			lines.push([]);
			x = 0;
			continue;
		}
		const prev = line[line.length - 1];
		const start = prev ? x + prev.space : 0;
		if (prev && start + w.width > maxWidth) {
			lines.push([w]);
			x = w.width;
		} else {
			line.push(w);
			x = start + w.width;
		}
	}
	return lines;
}

/** Plain text of a laid-out line. */
export function lineText(line: Word[]): string {
	return line.map((w, i) => (i < line.length - 1 ? w.text + ' '.repeat(w.spaces) : w.text)).join('');
}

/** Word-wraps plain text in one font; explicit line breaks are kept, control characters dropped. */
export function wrapText(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
	return layoutLines([{ text: printable(text), font }], size, maxWidth).map(lineText);
}

/** `text` shortened with "…" until it fits `maxWidth` (for one-line labels that must not wrap). */
export function fitText(text: string, font: PDFFont, size: number, maxWidth: number): string {
	if (textWidth(font, text, size) <= maxWidth) return text;
	const chars = [...text];
	while (chars.length > 1 && textWidth(font, chars.join('') + '…', size) > maxWidth) chars.pop();
	return chars.join('').trimEnd() + '…';
}

/**
 * Draws a laid-out line with its baseline at (x, baseline): one text operator per stretch of
 * words sharing font and underline. Returns the line's width.
 */
export function drawLine(text: PageText, line: Word[], x: number, baseline: number, size: number, color: RGB): number {
	let cx = x;
	let i = 0;
	while (i < line.length) {
		const first = line[i];
		let s = first.text;
		let width = first.width;
		let j = i + 1;
		while (j < line.length && line[j].font === first.font && line[j].underline === first.underline) {
			s += ' '.repeat(line[j - 1].spaces) + line[j].text;
			width += line[j - 1].space + line[j].width;
			j++;
		}
		text.show(s, cx, baseline, size, first.font, color);
		if (first.underline) text.line(cx, baseline - 1.5, cx + width, baseline - 1.5, 0.6, color);
		cx += width + (j < line.length ? line[j - 1].space : 0);
		i = j;
	}
	return cx - x;
}
