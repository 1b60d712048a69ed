import { fileTypeFromBuffer } from 'file-type';

/**
 * Formats accepted in the fascicolo elettronico. The allow-list is the table "Formati (mime-types)"
 * of the conservazione a norma service (product brochure, /work/shared/seeds): only these formats can
 * later be sent to long-term preservation. It is transcribed as data below, quirks included (the seed
 * files docx under application/msword, xml under application/xhtml+xml, wav under audio/mpeg...):
 * that column is the "conservazione" media type. The type a file really has is detected from its
 * bytes (never from its name) and must agree with its extension.
 */
export const GRUPPI = {
	testo: 'Documenti di testo, fogli di calcolo, presentazioni, messaggi e-mail',
	immagini: 'File immagine',
	compressi: 'File compressi',
	firmati: 'File firmati',
	audio: 'File audio',
	video: 'File video'
} as const;

export type Gruppo = keyof typeof GRUPPI;

export interface RigaFormati {
	gruppo: Gruppo;
	estensioni: readonly string[];
	/** Media type of the seed table, used when the document goes to conservazione. */
	mimeConservazione: string;
}

/** The seed's table, one row per line (zip is listed among the images there; it is an archive). */
export const FORMATI_CONSERVAZIONE: readonly RigaFormati[] = [
	{ gruppo: 'testo', estensioni: ['csv'], mimeConservazione: 'text/csv' },
	{ gruppo: 'testo', estensioni: ['doc', 'docx', 'rtf'], mimeConservazione: 'application/msword' },
	{ gruppo: 'testo', estensioni: ['eml', 'msg'], mimeConservazione: 'application/vnd.ms-outlook' },
	{ gruppo: 'testo', estensioni: ['pdf'], mimeConservazione: 'application/pdf' },
	{ gruppo: 'testo', estensioni: ['ppt', 'pptx'], mimeConservazione: 'application/vnd.ms-powerpoint' },
	{
		gruppo: 'testo',
		estensioni: ['txt', 'dat', 'log', 'bdg', 'msg', 'trn', 'ric', 'ris', 'rnd', 'cbi'],
		mimeConservazione: 'text/plain'
	},
	{ gruppo: 'testo', estensioni: ['xls', 'xlsx'], mimeConservazione: 'application/vnd.ms-excel' },
	{ gruppo: 'testo', estensioni: ['xml'], mimeConservazione: 'application/xhtml+xml' },
	{ gruppo: 'testo', estensioni: ['pages'], mimeConservazione: 'application/vnd.apple.pages' },
	{ gruppo: 'testo', estensioni: ['numbers'], mimeConservazione: 'application/vnd.apple.numbers' },
	{ gruppo: 'testo', estensioni: ['ods'], mimeConservazione: 'application/vnd.oasis.opendocument.spreadsheet' },
	{ gruppo: 'testo', estensioni: ['odt'], mimeConservazione: 'application/vnd.oasis.opendocument.text' },
	{ gruppo: 'immagini', estensioni: ['bmp'], mimeConservazione: 'image/bmp' },
	{ gruppo: 'immagini', estensioni: ['gif'], mimeConservazione: 'image/gif' },
	{ gruppo: 'immagini', estensioni: ['jpg', 'jpeg'], mimeConservazione: 'image/jpeg' },
	{ gruppo: 'immagini', estensioni: ['png'], mimeConservazione: 'image/png' },
	{ gruppo: 'immagini', estensioni: ['tif', 'tiff'], mimeConservazione: 'image/tiff' },
	{ gruppo: 'compressi', estensioni: ['zip'], mimeConservazione: 'application/zip' },
	{ gruppo: 'compressi', estensioni: ['rar'], mimeConservazione: 'application/x-rar-compressed' },
	{ gruppo: 'compressi', estensioni: ['tar'], mimeConservazione: 'application/x-tar' },
	{ gruppo: 'compressi', estensioni: ['7z'], mimeConservazione: 'application/x-7z-compressed' },
	{ gruppo: 'firmati', estensioni: ['p7m', 'p7s'], mimeConservazione: 'application/x-pkcs7-mime' },
	{ gruppo: 'audio', estensioni: ['wav', 'cda', 'mp3', 'wave'], mimeConservazione: 'audio/mpeg' },
	{ gruppo: 'video', estensioni: ['mp4', 'avi', 'm4a'], mimeConservazione: 'video/mp4' }
];

/** What a content type may be called (file extensions that agree with it) and how it is shown. */
export interface Formato {
	/** Media type served on download (the real type of the bytes). */
	mime: string;
	label: string;
	/** Extensions that agree with this content; the first one is added to names without extension. */
	estensioni: readonly string[];
	/** Opened inline in the browser (PDF and the images browsers display). */
	anteprima: boolean;
}

const f = (mime: string, label: string, estensioni: string[], anteprima = false): Formato => ({ mime, label, estensioni, anteprima });

/** Every content type Accordo accepts, keyed by the media type the detector reports. */
export const FORMATI: Readonly<Record<string, Formato>> = Object.fromEntries(
	[
		f('application/pdf', 'PDF', ['pdf'], true),
		f('application/msword', 'Documento Word', ['doc']),
		f('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'Documento Word', ['docx']),
		f('application/rtf', 'Documento RTF', ['rtf']),
		f('application/vnd.ms-excel', 'Foglio Excel', ['xls']),
		f('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Foglio Excel', ['xlsx']),
		f('application/vnd.ms-powerpoint', 'Presentazione PowerPoint', ['ppt']),
		f('application/vnd.openxmlformats-officedocument.presentationml.presentation', 'Presentazione PowerPoint', ['pptx']),
		f('application/vnd.ms-outlook', 'Messaggio Outlook', ['msg']),
		f('message/rfc822', 'Messaggio e-mail', ['eml']),
		f('application/vnd.oasis.opendocument.text', 'Documento OpenDocument', ['odt']),
		f('application/vnd.oasis.opendocument.spreadsheet', 'Foglio OpenDocument', ['ods']),
		f('application/vnd.apple.pages', 'Documento Pages', ['pages']),
		f('application/vnd.apple.numbers', 'Foglio Numbers', ['numbers']),
		f('text/plain', 'Testo', ['txt', 'dat', 'log', 'bdg', 'msg', 'trn', 'ric', 'ris', 'rnd', 'cbi']),
		f('text/csv', 'CSV', ['csv']),
		f('application/xml', 'XML', ['xml']),
		f('image/bmp', 'Immagine BMP', ['bmp'], true),
		f('image/gif', 'Immagine GIF', ['gif'], true),
		f('image/jpeg', 'Immagine JPEG', ['jpg', 'jpeg'], true),
		f('image/png', 'Immagine PNG', ['png'], true),
		f('image/tiff', 'Immagine TIFF', ['tif', 'tiff']),
		f('application/zip', 'Archivio ZIP', ['zip']),
		f('application/x-rar-compressed', 'Archivio RAR', ['rar']),
		f('application/x-tar', 'Archivio TAR', ['tar']),
		f('application/x-7z-compressed', 'Archivio 7z', ['7z']),
		f('application/pkcs7-mime', 'File firmato (CAdES)', ['p7m']),
		f('application/pkcs7-signature', 'Firma digitale separata', ['p7s']),
		f('audio/wav', 'Audio WAV', ['wav', 'wave']),
		f('audio/mpeg', 'Audio MP3', ['mp3']),
		f('application/x-cdf', 'Traccia CD audio', ['cda']),
		f('video/mp4', 'Video MP4', ['mp4', 'm4a']),
		f('audio/x-m4a', 'Audio M4A', ['m4a']),
		f('video/vnd.avi', 'Video AVI', ['avi'])
	].map((x) => [x.mime, x])
);

/** Every extension of the allow-list, for the file picker's `accept` attribute. */
export const ESTENSIONI_AMMESSE: readonly string[] = [...new Set(FORMATI_CONSERVAZIONE.flatMap((r) => r.estensioni))];

export function mimeLabel(mime: string): string {
	return FORMATI[mime]?.label ?? mime;
}

export function canPreview(mime: string): boolean {
	return FORMATI[mime]?.anteprima ?? false;
}

/** Lower-case extension of a file name ('' when it has none). */
export function extensionOf(nomeFile: string): string {
	const m = /\.([a-z0-9]{1,10})$/i.exec(nomeFile);
	return m ? m[1].toLowerCase() : '';
}

/** The seed's conservazione media type for a stored file name (null if the extension is not listed). */
export function conservationMime(nomeFile: string): string | null {
	const ext = extensionOf(nomeFile);
	return FORMATI_CONSERVAZIONE.find((r) => r.estensioni.includes(ext))?.mimeConservazione ?? null;
}

// --- rules for formats without a magic number that file-type recognises ---------------------------

const asciiAt = (b: Uint8Array, offset: number, s: string) => [...s].every((c, i) => b[offset + i] === c.charCodeAt(0));

/** C0 controls that never occur in text (tab, LF, VT, FF, CR, SUB and ESC are allowed). */
function hasBinaryControls(b: Uint8Array): boolean {
	for (let i = 0; i < b.length; i++) {
		const x = b[i];
		if (x < 0x09 || (x > 0x0d && x < 0x1a) || (x > 0x1b && x < 0x20) || x === 0x7f) return true;
	}
	return false;
}

/**
 * Text has no NUL or other binary control bytes and is valid UTF-8 (BOM allowed). Windows-1252 text is
 * accepted too: CSV exported by Excel in Italy is often not UTF-8, and real binary formats always
 * contain control bytes.
 */
export function textEncoding(b: Uint8Array): 'utf-8' | 'windows-1252' | null {
	if (b.length === 0 || hasBinaryControls(b)) return null;
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(b);
		return 'utf-8';
	} catch {
		return 'windows-1252';
	}
}

function textHead(b: Uint8Array, n = 512): string {
	const start = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
	return new TextDecoder('latin1').decode(b.subarray(start, start + n));
}

// OID 1.2.840.113549.1.7.2 (PKCS#7 / CMS signedData), DER-encoded with its tag and length.
const SIGNED_DATA_OID = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];

/** DER (or BER, indefinite length) ContentInfo whose contentType is signedData. */
export function isDerSignedData(b: Uint8Array): boolean {
	if (b.length < 16 || b[0] !== 0x30) return false;
	let i = 2;
	const len = b[1];
	if (len > 0x80) {
		const n = len & 0x7f;
		if (n > 4) return false;
		i += n;
	} else if (len < 0x80 && len < SIGNED_DATA_OID.length) return false;
	return SIGNED_DATA_OID.every((x, k) => b[i + k] === x);
}

/**
 * CAdES files (p7m, p7s) as DER, as PEM ("-----BEGIN PKCS7-----" / "-----BEGIN CMS-----") or as bare
 * base64 of the DER, which some PEC and signing tools produce.
 */
export function isSignedData(b: Uint8Array): boolean {
	if (isDerSignedData(b)) return true;
	const head = textHead(b, 4096).trimStart();
	const pem = /^-----BEGIN (?:PKCS7|CMS|PKCS #7 SIGNED DATA)-----\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(head);
	const b64 = pem ? pem[1] : /^[A-Za-z0-9+/]{64}/.test(head) ? head : null;
	if (!b64) return false;
	const chunk = b64.replace(/[\r\n]/g, '').slice(0, 64);
	return chunk.length === 64 && isDerSignedData(Buffer.from(chunk, 'base64'));
}

// Stream names of the CFB (OLE2) directory that tell the Office formats apart.
const CFB_STREAMS: ReadonlyArray<{ name: string; prefix?: boolean; mime: string }> = [
	{ name: 'WordDocument', mime: 'application/msword' },
	{ name: 'Workbook', mime: 'application/vnd.ms-excel' },
	{ name: 'Book', mime: 'application/vnd.ms-excel' },
	{ name: 'PowerPoint Document', mime: 'application/vnd.ms-powerpoint' },
	{ name: '__substg1.0_', prefix: true, mime: 'application/vnd.ms-outlook' },
	{ name: '__properties_version1.0', mime: 'application/vnd.ms-outlook' }
];

function cfbEntryName(b: Uint8Array, at: number): string | null {
	const nameBytes = b[at + 64] | (b[at + 65] << 8);
	const type = b[at + 66];
	const color = b[at + 67];
	if (nameBytes < 4 || nameBytes > 64 || nameBytes % 2 || (type !== 1 && type !== 2) || color > 1) return null;
	let s = '';
	for (let i = 0; i < nameBytes - 2; i += 2) s += String.fromCharCode(b[at + i] | (b[at + i + 1] << 8));
	return b[at + nameBytes - 2] === 0 && b[at + nameBytes - 1] === 0 ? s : null;
}

/**
 * Which Office formats a Compound File (doc, xls, ppt, msg; also msi installers) holds, from the
 * names of its directory entries. Directory sectors are sector aligned and entries are 128 bytes, so
 * every entry starts at a multiple of 128 after the 512-byte header.
 */
export function cfbFormats(b: Uint8Array): string[] {
	const found = new Set<string>();
	for (let at = 512; at + 128 <= b.length; at += 128) {
		const name = cfbEntryName(b, at);
		if (!name) continue;
		for (const s of CFB_STREAMS) if (s.prefix ? name.startsWith(s.name) : name === s.name) found.add(s.mime);
	}
	return [...found];
}

function textFormats(b: Uint8Array): string[] {
	if (!textEncoding(b)) return [];
	const head = textHead(b).trimStart();
	const out = ['text/plain', 'text/csv'];
	if (head.startsWith('<')) out.push('application/xml');
	if (/^(?:From |[A-Za-z0-9-]+:[ \t])/.test(head)) out.push('message/rfc822');
	return out;
}

export interface Detection {
	/** Accepted formats the bytes match (several for text, CFB containers, signed files). */
	formati: Formato[];
	/** What file-type reported, for messages about refused files. */
	rilevato: { ext: string; mime: string } | null;
}

/** Detects the content type from the bytes only. */
export async function detectFormats(bytes: Uint8Array): Promise<Detection> {
	const ft = (await fileTypeFromBuffer(bytes)) ?? null;
	const mimes: string[] = [];
	if (ft?.mime === 'application/x-cfb') mimes.push(...cfbFormats(bytes));
	else if (ft) mimes.push(ft.mime);
	if (isSignedData(bytes)) mimes.push('application/pkcs7-mime', 'application/pkcs7-signature');
	if (asciiAt(bytes, 0, 'RIFF') && asciiAt(bytes, 8, 'CDDA')) mimes.push('application/x-cdf');
	// Text is text whatever its first bytes look like ("BM..." would pass for a bitmap header).
	mimes.push(...textFormats(bytes));
	const formati = [...new Set(mimes)].map((m) => FORMATI[m]).filter((x): x is Formato => Boolean(x));
	return { formati, rilevato: ft ? { ext: ft.ext, mime: ft.mime } : null };
}

export type Classification =
	{ ok: true; formato: Formato; mime: string; nomeFile: string } | { ok: false; reason: 'vuoto' | 'tipo'; message: string };

/**
 * Decides whether a file may enter the fascicolo: its content must be an accepted format and agree
 * with its extension (a ZIP or an executable renamed ".pdf" is refused). A name without extension
 * gets the detected one.
 */
export async function classifyFile(nomeFile: string, bytes: Uint8Array): Promise<Classification> {
	if (bytes.length === 0) return { ok: false, reason: 'vuoto', message: `Il file «${nomeFile}» è vuoto.` };
	const { formati, rilevato } = await detectFormats(bytes);
	if (formati.length === 0) {
		const what = rilevato ? `è un file ${rilevato.ext.toUpperCase()} (${rilevato.mime})` : 'formato non riconosciuto';
		return { ok: false, reason: 'tipo', message: `Tipo di file non ammesso: «${nomeFile}» (${what}).` };
	}
	const ext = extensionOf(nomeFile);
	const match = formati.find((x) => x.estensioni.includes(ext));
	if (match) return { ok: true, formato: match, mime: match.mime, nomeFile };
	const best = formati[0];
	if (ext === '') return { ok: true, formato: best, mime: best.mime, nomeFile: `${nomeFile}.${best.estensioni[0]}` };
	return {
		ok: false,
		reason: 'tipo',
		message:
			`Tipo di file non ammesso: «${nomeFile}» non è un file .${ext}, il contenuto è ${best.label} (.${best.estensioni[0]}). ` +
			`Correggi l'estensione e caricalo di nuovo.`
	};
}
