import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The TrueType files embedded in every PDF Accordo writes: DejaVu Sans (Unicode: Italian accents
 * and names in any Latin, Greek or Cyrillic script). They ship with the npm dependencies
 * (`dejavu-fonts-ttf`, Bitstream Vera licence: free to embed and redistribute), so a machine
 * without Debian's fonts exports PDFs. ACCORDO_FONT_DIR points at another folder holding the
 * same four file names (for example Debian's /usr/share/fonts/truetype/dejavu).
 */
export const FONT_DIR_ENV = 'ACCORDO_FONT_DIR';

export const FONT_FILE_NAMES = {
	regular: 'DejaVuSans.ttf',
	bold: 'DejaVuSans-Bold.ttf',
	italic: 'DejaVuSans-Oblique.ttf',
	boldItalic: 'DejaVuSans-BoldOblique.ttf'
} as const;

export type FontStyle = keyof typeof FONT_FILE_NAMES;
export type FontFiles = Record<FontStyle, Uint8Array>;

/** What the staff sees when a PDF cannot be made because the fonts are missing (details in the log). */
export const PDF_FONT_USER_MESSAGE =
	'Impossibile generare il PDF: i caratteri tipografici necessari non sono installati sul server. Avvisa l’amministratore di sistema.';

/** The fonts cannot be read: the message says which file and how to fix it. */
export class PdfFontError extends Error {
	override name = 'PdfFontError';
}

/** The `ttf/` folder of the dejavu-fonts-ttf package, or null when it is not installed. */
export function packagedFontDir(): string | null {
	try {
		return join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
	} catch {
		return null;
	}
}

/** The folder fonts are read from: ACCORDO_FONT_DIR when set, else the npm package's. */
export function fontDir(env: NodeJS.ProcessEnv = process.env): string | null {
	return env[FONT_DIR_ENV] || packagedFontDir();
}

const cache = new Map<string, FontFiles>();

/**
 * The four DejaVu Sans files, read once per process and folder. Throws PdfFontError with the fix
 * when a file is missing or unreadable.
 */
export function loadFontFiles(dir: string | null = fontDir()): FontFiles {
	if (!dir) {
		throw new PdfFontError(
			`PDF fonts not found: the npm package "dejavu-fonts-ttf" is not installed (run npm install) and ${FONT_DIR_ENV} is not set.`
		);
	}
	const cached = cache.get(dir);
	if (cached) return cached;
	const read = (name: string) => {
		const path = join(dir, name);
		if (!existsSync(path)) {
			throw new PdfFontError(
				`PDF font ${path} not found: run npm install (package "dejavu-fonts-ttf") or set ${FONT_DIR_ENV} to a folder with ${Object.values(FONT_FILE_NAMES).join(', ')}.`
			);
		}
		try {
			return new Uint8Array(readFileSync(path));
		} catch (err) {
			throw new PdfFontError(`PDF font ${path} unreadable (${(err as NodeJS.ErrnoException).code ?? err}).`);
		}
	};
	const files: FontFiles = {
		regular: read(FONT_FILE_NAMES.regular),
		bold: read(FONT_FILE_NAMES.bold),
		italic: read(FONT_FILE_NAMES.italic),
		boldItalic: read(FONT_FILE_NAMES.boldItalic)
	};
	cache.set(dir, files);
	return files;
}
