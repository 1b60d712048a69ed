import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as pkijs from 'pkijs';
import { PDFArray, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFString, StandardFonts, type PDFObject } from 'pdf-lib';
import { signPdf } from '#db/firma/sign/pades.ts';
import { signatureFields } from '#db/firma/sign/pdf-incremental.ts';
import { KeySigner } from '#db/firma/sign/signer.ts';
import { verifyFile } from '#db/firma/verify/index.ts';
import { parseCertificate } from '#db/firma/verify/trust.ts';
import { markupToDoc } from '#db/verbali/markup.ts';
import { renderVerbalePdf } from '#db/verbali/pdf.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { ensurePdfsig, pdfsig } from '../helpers/pdfsig.ts';
import { startTestPki, type PkiCert, type TestPki } from '../helpers/pki.ts';
import { samplePdf } from '../helpers/documents-samples.ts';

// PAdES made by our signer (incremental updates), cross-checked with poppler's pdfsig.

let pki: TestPki;
let trusted: pkijs.Certificate[];
let people: PkiCert[];
let verbale: Uint8Array;
let fields: string[];

const signerOf = (c: PkiCert) => new KeySigner(readFileSync(c.keyPath, 'utf8'), c.der);
const controllo = (f: { controlli: { codice: string; esito: string; messaggio: string }[] }, codice: string) =>
	f.controlli.find((c) => c.codice === codice);

beforeAll(async () => {
	ensurePdfsig();
	pki = await startTestPki();
	trusted = [parseCertificate(pki.ca.cert.der)!];
	people = [
		pki.issue({ name: 'Mario Rossi', cf: 'RSSMRA80A01H501U' }),
		pki.issue({ name: 'Anna Bianchi', cf: 'BNCNNA85M41F205Z' }),
		pki.issue({ name: 'Carla Mediatrice', cf: 'MDTCRL75C41F205Y' })
	];
	const pdf = await renderVerbalePdf({
		titolo: 'Verbale di accordo',
		organismo: 'Organismo di prova',
		organismoRegistro: '9999',
		numero: '2026/1',
		versione: 'Versione 1 – Versione per la firma',
		doc: markupToDoc('# Verbale di accordo\nLe parti convengono quanto segue.'),
		firmatari: [
			{ qualifica: 'Parte', nome: 'Mario Rossi' },
			{ qualifica: 'Parte', nome: 'Anna Bianchi' },
			{ qualifica: 'Mediatore', nome: 'Carla Mediatrice' }
		]
	});
	verbale = pdf.bytes;
	fields = pdf.signatureFields;
});
afterAll(async () => {
	await pki?.close();
});

describe('PAdES signer (incremental updates) and verifier', () => {
	it('three successive signatures into the verbale fields: every one stays valid (ours and pdfsig)', async () => {
		let pdf = verbale;
		for (let i = 0; i < 3; i++) {
			const before = pdf;
			const r = await signPdf(pdf, signerOf(people[i]), {
				fieldName: fields[i],
				reason: 'Sottoscrizione del verbale',
				tsaUrl: i === 2 ? pki.tsaUrl : null
			});
			pdf = r.pdf;
			// Incremental: the previous bytes are a prefix of the new file.
			expect(Buffer.from(pdf.subarray(0, before.length)).equals(Buffer.from(before))).toBe(true);
		}
		const poppler = pdfsig(pdf);
		expect(poppler.map((s) => s.signer)).toEqual(['Mario Rossi', 'Anna Bianchi', 'Carla Mediatrice']);
		expect(poppler.every((s) => s.valid)).toBe(true);
		expect(poppler.map((s) => s.totalDocument)).toEqual([false, false, true]);

		const r = await verifyFile({
			nome: 'verbale.pdf',
			bytes: pdf,
			trusted,
			attesi: ['RSSMRA80A01H501U', 'BNCNNA85M41F205Z', 'MDTCRL75C41F205Y']
		});
		expect(r.esito).toBe('valida');
		expect(r.firme.map((f) => [f.campo, f.firmatario?.codiceFiscale, f.esito])).toEqual([
			[fields[0], 'RSSMRA80A01H501U', 'valida'],
			[fields[1], 'BNCNNA85M41F205Z', 'valida'],
			[fields[2], 'MDTCRL75C41F205Y', 'valida']
		]);
		expect(controllo(r.firme[0], 'copertura')?.messaggio).toMatch(/solo firme/);
		expect(r.firme[2].marcaTemporale?.valida).toBe(true);
		expect(r.firme[2].marcaTemporale?.tsa).toBe('Accordo Test TSA');
		expect(r.firme[2].oraRiferimento).toBe(r.firme[2].marcaTemporale?.ora);
		expect(r.pdfa).toMatchObject({ dichiarato: true, integro: true });
		expect((await signatureFields(pdf)).map((f) => f.signed)).toEqual([true, true, true]);
	});

	it('the CMS is PAdES-baseline: signingCertificateV2, no signingTime; the field cannot be signed twice', async () => {
		const { pdf } = await signPdf(verbale, signerOf(people[0]), { fieldName: fields[0] });
		const text = Buffer.from(pdf).toString('latin1');
		const hex = /\/Contents <([0-9a-f]+)>/.exec(text.slice(verbale.length))![1];
		const der = Buffer.from(hex, 'hex');
		expect(der.includes(Buffer.from('060b2a864886f70d010910022f', 'hex'))).toBe(true); // id-aa-signingCertificateV2
		expect(der.includes(Buffer.from('06092a864886f70d010905', 'hex'))).toBe(false); // id-signingTime
		await expect(signPdf(pdf, signerOf(people[1]), { fieldName: fields[0] })).rejects.toThrow(/già firmato/);
		await expect(signPdf(pdf, signerOf(people[1]), { fieldName: 'nessuno' })).rejects.toThrow(/non trovato/);
	});

	it('a PDF without fields (and with a cross-reference stream) gets a new field; signing again keeps both valid', async () => {
		const plain = await samplePdf('Documento del fascicolo'); // pdf-lib default: object streams + xref stream
		const one = await signPdf(plain, signerOf(people[0]));
		const two = await signPdf(one.pdf, signerOf(people[1]));
		expect([one.fieldName, two.fieldName]).toEqual(['Firma1', 'Firma2']);
		const poppler = pdfsig(two.pdf);
		expect(poppler.map((s) => s.valid)).toEqual([true, true]);
		const r = await verifyFile({ nome: 'doc.pdf', bytes: two.pdf, trusted });
		expect(r.esito).toBe('valida');
		expect(r.firme).toHaveLength(2);
	});

	it('a tampered signed PDF (one byte in the signed range) is not valid, for pdfsig too', async () => {
		const { pdf } = await signPdf(verbale, signerOf(people[0]), { fieldName: fields[0] });
		const t = new Uint8Array(pdf);
		const at = Buffer.from(t).indexOf('/Producer');
		t[at + 3] ^= 0x20;
		expect(pdfsig(t)[0].valid).toBe(false);
		const r = await verifyFile({ nome: 't.pdf', bytes: t, trusted });
		expect(r.esito).toBe('non_valida');
		expect(controllo(r.firme[0], 'integrita')?.esito).toBe('ko');
	});

	it('a PDF modified after signing (content added by an incremental update) is not valid', async () => {
		const { pdf } = await signPdf(verbale, signerOf(people[0]), { fieldName: fields[0] });
		// Another tool adds text to page 1 as an incremental update (pdf-lib keeps the original bytes
		// only through our own writer, so we append the update by hand with a new content stream).
		const doc = await PDFDocument.load(pdf);
		const font = await doc.embedFont(StandardFonts.Helvetica);
		doc.getPage(0).drawText('Clausola aggiunta dopo la firma', { x: 50, y: 50, size: 12, font });
		const rewritten = await doc.save({ useObjectStreams: false });
		const appended = await appendAsIncrementalUpdate(pdf, rewritten);
		const poppler = pdfsig(appended);
		expect(poppler[0].valid).toBe(true); // the signed bytes are intact …
		expect(poppler[0].totalDocument).toBe(false); // … but they are not the whole document
		const r = await verifyFile({ nome: 'm.pdf', bytes: appended, trusted });
		expect(r.esito).toBe('non_valida');
		expect(controllo(r.firme[0], 'integrita')?.esito).toBe('ok');
		expect(controllo(r.firme[0], 'copertura')?.esito).toBe('ko');
		expect(controllo(r.firme[0], 'copertura')?.messaggio).toMatch(/modificato dopo questa firma.*pagina 1/);
	});

	it('a PDF/A broken by an incremental update (annotation without appearance) is reported', async () => {
		const { pdf } = await signPdf(verbale, signerOf(people[0]), { fieldName: fields[0] });
		const doc = await PDFDocument.load(pdf, { updateMetadata: false });
		const page = doc.getPage(0);
		const annot = doc.context.register(
			doc.context.obj({ Type: 'Annot', Subtype: 'Text', Rect: [10, 10, 50, 50], F: 4, Contents: PDFString.of('nota') })
		);
		// Only /Annots changes (pdf-lib's addAnnot would also normalize /Contents).
		const raw = page.node.get(PDFName.of('Annots'));
		page.node.lookup(PDFName.of('Annots'), PDFArray).push(annot);
		const appended = appendObjects(pdf, doc, [
			[annot, doc.context.lookup(annot)!],
			raw instanceof PDFRef ? [raw, doc.context.lookup(raw)!] : [page.ref, page.node]
		]);
		expect(pdfsig(appended)[0].valid).toBe(true);
		const r = await verifyFile({ nome: 'a.pdf', bytes: appended, trusted });
		expect(controllo(r.firme[0], 'copertura')?.esito).toBe('ok'); // an annotation is allowed …
		expect(r.pdfa).toMatchObject({ dichiarato: true, integro: false }); // … but it breaks PDF/A
		expect(r.problemi.join(' ')).toMatch(/PDF\/A è compromessa.*senza aspetto grafico/);
	});
});

/**
 * Appends to `signed` the objects of `rewritten` that differ (an incremental update made the way
 * other editors do), with a classic xref table.
 */
async function appendAsIncrementalUpdate(signed: Uint8Array, rewritten: Uint8Array): Promise<Uint8Array> {
	const a = await PDFDocument.load(signed, { updateMetadata: false });
	const b = await PDFDocument.load(rewritten, { updateMetadata: false });
	return appendObjects(signed, b, changedObjects(a, b));
}

function changedObjects(a: PDFDocument, b: PDFDocument): [PDFRef, PDFObject][] {
	return b.context.enumerateIndirectObjects().filter(([ref, obj]) => {
		const old = a.context.lookup(ref);
		return !old || serializeObject(old) !== serializeObject(obj);
	});
}

/** Appends `objects` after `signed` with a classic xref table and /Prev (what an editor's incremental save does). */
function appendObjects(signed: Uint8Array, doc: PDFDocument, objects: [PDFRef, PDFObject][]): Uint8Array {
	let body = '\n';
	const offsets: [number, number][] = [];
	for (const [ref, obj] of objects) {
		offsets.push([ref.objectNumber, signed.length + Buffer.byteLength(body, 'latin1')]);
		body += `${ref.objectNumber} 0 obj\n${serializeObject(obj)}\nendobj\n`;
	}
	const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(Buffer.from(signed.subarray(signed.length - 100)).toString('latin1'))![1]);
	const xrefAt = signed.length + Buffer.byteLength(body, 'latin1');
	let xref = 'xref\n';
	for (const [n, off] of offsets.sort((x, y) => x[0] - y[0])) xref += `${n} 1\n${String(off).padStart(10, '0')} 00000 n\r\n`;
	const size = doc.context.largestObjectNumber + 1;
	xref += `trailer\n<< /Size ${size} /Root ${doc.context.trailerInfo.Root} /Info ${doc.context.trailerInfo.Info} /Prev ${prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
	return new Uint8Array(Buffer.concat([Buffer.from(signed), Buffer.from(body + xref, 'latin1')]));
}

function serializeObject(obj: PDFObject): string {
	if (obj instanceof PDFRawStream) return `${obj.dict.toString()}\nstream\n${Buffer.from(obj.contents).toString('latin1')}\nendstream`;
	return obj.toString();
}

describe('rapporto di verifica', () => {
	it('lists every signature in the PDF report', async () => {
		const { renderRapportoPdf } = await import('#db/firma/verify/report-pdf.ts');
		let pdf = verbale;
		for (let i = 0; i < 2; i++) pdf = (await signPdf(pdf, signerOf(people[i]), { fieldName: fields[i] })).pdf;
		const r = await verifyFile({ nome: 'verbale.pdf', bytes: pdf, trusted });
		const report = await renderRapportoPdf(r, 'Organismo di prova');
		const text = (await pdfText(report)).replace(/\s+/g, ' ');
		expect(text).toContain('Rapporto di verifica delle firme digitali');
		expect(text).toContain('Mario Rossi (CF RSSMRA80A01H501U)');
		expect(text).toContain('Anna Bianchi (CF BNCNNA85M41F205Z)');
		expect(text).toMatch(/2 firme, tutte valide/);
	});
});
