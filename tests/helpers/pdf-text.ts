import { getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * What a reader of a PDF sees, read with PDF.js (pdfjs-dist's Node build) instead of poppler's
 * pdftotext/pdfinfo binaries, so the checks run on any machine after `npm install`.
 */
export interface PdfText {
	/** Each page's text, one line per baseline (top to bottom), cells on a line joined by spaces. */
	pages: string[];
	/** All pages, separated by form feeds (like pdftotext). */
	text: string;
	numPages: number;
	info: { title?: string; author?: string; subject?: string; keywords?: string; creator?: string; producer?: string };
}

interface Item {
	str: string;
	x: number;
	y: number;
	width: number;
	size: number;
}

/** Items sharing a baseline (within a fraction of the font size) form one line, ordered by x. */
function linesOf(items: Item[]): string[] {
	const lines: { y: number; items: Item[] }[] = [];
	for (const item of [...items].sort((a, b) => b.y - a.y || a.x - b.x)) {
		const line = lines.find((l) => Math.abs(l.y - item.y) < item.size * 0.4);
		if (line) line.items.push(item);
		else lines.push({ y: item.y, items: [item] });
	}
	return lines.map((l) => {
		let out = '';
		let end = -Infinity;
		for (const it of l.items.sort((a, b) => a.x - b.x)) {
			// A gap wider than a fifth of the font size is a space (separate cells, separate runs).
			if (out && it.x - end > it.size * 0.2 && !out.endsWith(' ') && !it.str.startsWith(' ')) out += ' ';
			out += it.str;
			end = it.x + it.width;
		}
		return out;
	});
}

export async function readPdf(bytes: Uint8Array): Promise<PdfText> {
	// PDF.js takes ownership of the buffer it is given: hand it a copy.
	const task = getDocument({ data: new Uint8Array(bytes), verbosity: VerbosityLevel.ERRORS });
	const doc = await task.promise;
	try {
		const pages: string[] = [];
		for (let n = 1; n <= doc.numPages; n++) {
			const page = await doc.getPage(n);
			const content = await page.getTextContent();
			const items: Item[] = [];
			for (const it of content.items) {
				if (!('str' in it) || it.str === '') continue;
				const [a, b, , , x, y] = it.transform as number[];
				items.push({ str: it.str, x, y, width: it.width, size: Math.hypot(a, b) || 1 });
			}
			pages.push(linesOf(items).join('\n'));
			page.cleanup();
		}
		const meta = await doc.getMetadata();
		const raw = meta.info as Record<string, unknown>;
		const str = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : undefined);
		return {
			pages,
			text: pages.join('\n\f'),
			numPages: doc.numPages,
			info: {
				title: str('Title'),
				author: str('Author'),
				subject: str('Subject'),
				keywords: str('Keywords'),
				creator: str('Creator'),
				producer: str('Producer')
			}
		};
	} finally {
		await task.destroy();
	}
}

/** Text of a PDF (pages separated by form feeds). */
export async function pdfText(bytes: Uint8Array): Promise<string> {
	return (await readPdf(bytes)).text;
}
