import { describe, expect, it } from 'vitest';
import {
	classifyFile,
	conservationMime,
	detectFormats,
	ESTENSIONI_AMMESSE,
	FORMATI,
	FORMATI_CONSERVAZIONE,
	isSignedData,
	textEncoding
} from '#db/documents/mime.ts';
import { cleanFileName, titleFromFileName } from '#db/documents/validation.ts';
import {
	sampleCfb,
	sampleDocx,
	sampleExe,
	sampleJpeg,
	samplePdf,
	samplePng,
	sampleP7m,
	sampleP7mPem,
	sampleZip
} from '../helpers/documents-samples.ts';

const enc = new TextEncoder();

async function accepted(name: string, bytes: Uint8Array) {
	const r = await classifyFile(name, bytes);
	if (!r.ok) throw new Error(`refused ${name}: ${r.message}`);
	return r;
}

async function refused(name: string, bytes: Uint8Array) {
	const r = await classifyFile(name, bytes);
	if (r.ok) throw new Error(`accepted ${name} as ${r.mime}`);
	return r;
}

describe('allow-list (seed table "Formati (mime-types)")', () => {
	it('every extension of the seed is accepted for some detected format, and no other', () => {
		const detectable = new Set(Object.values(FORMATI).flatMap((f) => f.estensioni));
		expect([...detectable].sort()).toEqual([...ESTENSIONI_AMMESSE].sort());
		expect(ESTENSIONI_AMMESSE).toEqual(expect.arrayContaining(['pdf', 'p7m', 'p7s', 'docx', 'jpg', 'xml', 'csv', 'zip', 'mp4']));
		expect(ESTENSIONI_AMMESSE).not.toContain('exe');
	});

	it('keeps the seed media type for conservazione', () => {
		expect(conservationMime('Memoria.PDF')).toBe('application/pdf');
		expect(conservationMime('verbale.pdf.p7m')).toBe('application/x-pkcs7-mime');
		expect(conservationMime('contratto.docx')).toBe('application/msword');
		expect(conservationMime('setup.exe')).toBeNull();
		expect(FORMATI_CONSERVAZIONE.find((r) => r.estensioni.includes('xml'))?.mimeConservazione).toBe('application/xhtml+xml');
	});
});

describe('content detection', () => {
	it('accepts a real PDF, PNG and JPEG by their bytes', async () => {
		expect((await accepted('memoria.pdf', await samplePdf())).mime).toBe('application/pdf');
		expect((await accepted('foto.png', samplePng())).mime).toBe('image/png');
		expect((await accepted('foto.JPG', sampleJpeg())).mime).toBe('image/jpeg');
		expect((await accepted('foto.jpeg', sampleJpeg())).formato.anteprima).toBe(true);
	});

	it('refuses an executable named .pdf, naming what it is', async () => {
		const r = await refused('fattura.pdf', sampleExe());
		expect(r.reason).toBe('tipo');
		expect(r.message).toMatch(/^Tipo di file non ammesso: «fattura\.pdf» \(è un file EXE/);
	});

	it('refuses a ZIP named .pdf but accepts it as .zip', async () => {
		const r = await refused('documento.pdf', sampleZip());
		expect(r.message).toContain('Tipo di file non ammesso');
		expect(r.message).toContain('Archivio ZIP (.zip)');
		expect((await accepted('allegati.zip', sampleZip())).mime).toBe('application/zip');
	});

	it('tells Office formats apart: docx from its parts, doc/xls/ppt/msg from the CFB directory', async () => {
		expect((await accepted('atto.docx', sampleDocx())).mime).toBe(
			'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
		);
		await refused('atto.zip', sampleDocx());
		expect((await accepted('atto.doc', sampleCfb('WordDocument'))).mime).toBe('application/msword');
		expect((await accepted('conti.xls', sampleCfb('Workbook'))).mime).toBe('application/vnd.ms-excel');
		expect((await accepted('slide.ppt', sampleCfb('PowerPoint Document'))).mime).toBe('application/vnd.ms-powerpoint');
		expect((await accepted('mail.msg', sampleCfb('__substg1.0_0037001F'))).mime).toBe('application/vnd.ms-outlook');
		await refused('atto.xls', sampleCfb('WordDocument'));
		// An installer is a Compound File too, without Office streams.
		await refused('atto.doc', sampleCfb('SummaryInformation'));
	});

	it('accepts text only when it is text: UTF-8 or Windows-1252, no NUL or control bytes', async () => {
		expect(textEncoding(enc.encode('Perché è così'))).toBe('utf-8');
		expect(textEncoding(new Uint8Array([0x50, 0x65, 0x72, 0x63, 0x68, 0xe9]))).toBe('windows-1252');
		expect(textEncoding(new Uint8Array([0x61, 0x00, 0x62]))).toBeNull();
		expect(textEncoding(new Uint8Array([0x61, 0x07, 0x62]))).toBeNull();
		expect((await accepted('note.txt', enc.encode('Riepilogo incontro\r\n\tpunto 1'))).mime).toBe('text/plain');
		expect((await accepted('export.csv', new Uint8Array([0x43, 0x69, 0x74, 0x74, 0xe0, 0x3b, 0x31, 0x0a]))).mime).toBe('text/csv');
		await refused('note.txt', new Uint8Array([0x61, 0x62, 0x00, 0x63]));
		// Text whose first bytes look like a bitmap header ("BM") is still text.
		expect((await accepted('auto.csv', enc.encode('BMW;Serie 3;2020\n'))).mime).toBe('text/csv');
	});

	it('XML must start with "<" (declaration optional), an e-mail with a header', async () => {
		expect((await accepted('fattura.xml', enc.encode('<?xml version="1.0"?><FatturaElettronica/>'))).mime).toBe('application/xml');
		expect((await accepted('dati.xml', enc.encode('\uFEFF  <dati><a>1</a></dati>'))).mime).toBe('application/xml');
		const r = await refused('dati.xml', enc.encode('non sono xml'));
		expect(r.message).toContain('il contenuto è Testo (.txt)');
		expect((await accepted('pec.eml', enc.encode('From: a@pec.it\r\nSubject: prova\r\n\r\ncorpo'))).mime).toBe('message/rfc822');
		await refused('pec.eml', enc.encode('ciao'));
	});

	it('recognises signed files (CAdES p7m/p7s) as DER, PEM and bare base64', async () => {
		const der = sampleP7m();
		expect(isSignedData(der)).toBe(true);
		expect((await detectFormats(der)).rilevato).toBeNull(); // file-type does not know PKCS#7
		expect((await accepted('verbale.pdf.p7m', der)).mime).toBe('application/pkcs7-mime');
		expect((await accepted('firma.p7s', der)).mime).toBe('application/pkcs7-signature');
		expect((await accepted('verbale.pdf.p7m', sampleP7mPem())).mime).toBe('application/pkcs7-mime');
		expect((await accepted('verbale.pdf.p7m', enc.encode(Buffer.from(der).toString('base64')))).mime).toBe('application/pkcs7-mime');
		expect(isSignedData(enc.encode('-----BEGIN CERTIFICATE-----\nMIIB\n'))).toBe(false);
		await refused('verbale.p7m', await samplePdf());
	});

	it('refuses unknown binary content and empty files; adds the extension to bare names', async () => {
		const unknown = await refused('dati.pdf', new Uint8Array([1, 2, 3, 4, 0, 0, 0xff, 0xfe]));
		expect(unknown.message).toBe('Tipo di file non ammesso: «dati.pdf» (formato non riconosciuto).');
		expect((await refused('vuoto.pdf', new Uint8Array())).reason).toBe('vuoto');
		expect((await accepted('scansione', await samplePdf())).nomeFile).toBe('scansione.pdf');
	});
});

describe('file names', () => {
	it('drops directories and control characters, keeps accents and the extension', () => {
		expect(cleanFileName('C:\\Users\\avv\\Memoria finale.pdf')).toBe('Memoria finale.pdf');
		expect(cleanFileName('../../etc/passwd')).toBe('passwd');
		expect(cleanFileName('nota\u0000\u0007.txt')).toBe('nota.txt');
		expect(cleanFileName('Cafe\u0301.pdf')).toBe('Café.pdf');
		expect(cleanFileName('...')).toBe('documento');
		const long = cleanFileName(`${'a'.repeat(300)}.pdf`);
		expect(long).toHaveLength(200);
		expect(long.endsWith('.pdf')).toBe(true);
		expect(titleFromFileName('Memoria finale.pdf')).toBe('Memoria finale');
	});
});
