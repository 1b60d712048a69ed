import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where Debian's fonts-dejavu-core puts DejaVu Sans; override with ACCORDO_FONT_DIR. */
export const DEFAULT_FONT_DIR = '/usr/share/fonts/truetype/dejavu';

export interface FontFiles {
	regular: Uint8Array;
	bold: Uint8Array;
	italic: Uint8Array;
	boldItalic: Uint8Array;
}

export class MissingFontError extends Error {}

const FILES = {
	regular: 'DejaVuSans.ttf',
	bold: 'DejaVuSans-Bold.ttf',
	italic: 'DejaVuSans-Oblique.ttf',
	boldItalic: 'DejaVuSans-BoldOblique.ttf'
} as const;

let cached: { dir: string; files: FontFiles } | null = null;

/**
 * The TrueType files embedded in exported PDFs (Unicode: Italian accents and names in any Latin,
 * Greek or Cyrillic script). Read once per process. Throws MissingFontError with the fix when
 * they are not installed.
 */
export function loadPdfFonts(dir = process.env.ACCORDO_FONT_DIR || DEFAULT_FONT_DIR): FontFiles {
	if (cached?.dir === dir) return cached.files;
	const read = (name: string) => {
		const path = join(dir, name);
		if (!existsSync(path)) {
			throw new MissingFontError(
				`Font ${path} non trovato: installa il pacchetto Debian "fonts-dejavu-core" (apt-get install fonts-dejavu-core) oppure imposta ACCORDO_FONT_DIR.`
			);
		}
		return new Uint8Array(readFileSync(path));
	};
	const files = {
		regular: read(FILES.regular),
		bold: read(FILES.bold),
		italic: read(FILES.italic),
		boldItalic: read(FILES.boldItalic)
	};
	cached = { dir, files };
	return files;
}
