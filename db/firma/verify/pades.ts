import type { PDFDocument } from 'pdf-lib';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { parseSignedData, toArrayBuffer } from './asn1.ts';
import { checkSigner, verifySignerIntegrity, type VerifyContext } from './cms.ts';
import { analyzeUpdatesAfter } from './incremental.ts';
import { declaresPdfa, dictOf, loadPdf, nameOf, numbersOf, PDFName, PDFRef, textOf, xmpOf } from './pdf-objects.ts';
import { verifyTimestampToken } from './timestamp.ts';
import { esitoDi, type Controllo, type PdfaStato, type VerificaFirma } from './types.ts';

export interface PadesResult {
	firme: VerificaFirma[];
	problemi: string[];
	pdfa: PdfaStato;
}

interface FoundSignature {
	tag: string;
	byteRange: number[];
	subFilter: string | null;
	campo: string | null;
	m: string | null;
}

/** "D:20261203141500+01'00'" -> Date. */
export function parsePdfDate(s: string | null): Date | null {
	const m = s ? /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Z+-])?(\d{2})?'?(\d{2})?/.exec(s) : null;
	if (!m) return null;
	const [, y, mo = '01', d = '01', h = '00', mi = '00', se = '00', z, oh = '00', om = '00'] = m;
	const iso = `${y}-${mo}-${d}T${h}:${mi}:${se}${!z || z === 'Z' ? 'Z' : `${z}${oh}:${om}`}`;
	const date = new Date(iso);
	return Number.isNaN(date.getTime()) ? null : date;
}

function findSignatures(doc: PDFDocument): FoundSignature[] {
	const fieldOf = new Map<string, string | null>();
	const sigs: FoundSignature[] = [];
	for (const [, obj] of doc.context.enumerateIndirectObjects()) {
		const d = dictOf(obj);
		if (!d) continue;
		const v = d.get(PDFName.of('V'));
		if (v instanceof PDFRef && (nameOf(d, 'FT') === 'Sig' || d.has(PDFName.of('T')))) fieldOf.set(v.tag, textOf(d.get(PDFName.of('T'))));
	}
	for (const [ref, obj] of doc.context.enumerateIndirectObjects()) {
		const d = dictOf(obj);
		if (!d || !d.has(PDFName.of('Contents'))) continue;
		const br = numbersOf(d.get(PDFName.of('ByteRange')));
		if (!br) continue;
		sigs.push({
			tag: ref.tag,
			byteRange: br,
			subFilter: nameOf(d, 'SubFilter'),
			campo: fieldOf.get(ref.tag) ?? null,
			m: textOf(d.get(PDFName.of('M')))
		});
	}
	return sigs.sort((a, b) => a.byteRange[2] + a.byteRange[3] - (b.byteRange[2] + b.byteRange[3]));
}

const HEX = /^[0-9a-fA-F\s]*$/;

/** Checks the byte range shape and returns the signed bytes and the signature DER from the gap. */
function readByteRange(bytes: Uint8Array, br: number[]): { signed: Uint8Array; der: Uint8Array } | string {
	if (br.length !== 4) return 'ByteRange non valido';
	const [a, b, c, d] = br;
	if (a !== 0 || b <= 0 || c <= b || d < 0 || c + d > bytes.length) return 'ByteRange non valido o fuori dal file';
	const gap = Buffer.from(bytes.subarray(b, c)).toString('latin1');
	if (!gap.startsWith('<') || !gap.endsWith('>') || !HEX.test(gap.slice(1, -1)))
		return 'lo spazio escluso dal ByteRange non contiene solo la firma';
	const der = new Uint8Array(Buffer.from(gap.slice(1, -1).replace(/\s+/g, ''), 'hex'));
	const signed = new Uint8Array(b + d);
	signed.set(bytes.subarray(0, b), 0);
	signed.set(bytes.subarray(c, c + d), b);
	return { signed, der };
}

function readContentInfo(der: Uint8Array): pkijs.ContentInfo | null {
	try {
		return new pkijs.ContentInfo({ schema: asn1js.fromBER(toArrayBuffer(der)).result });
	} catch {
		return null;
	}
}

/** The DER of a zero-padded /Contents: just the first ASN.1 element. */
function trimDer(der: Uint8Array): Uint8Array {
	const asn = asn1js.fromBER(toArrayBuffer(der));
	return asn.offset > 0 ? der.subarray(0, asn.offset) : der;
}

/**
 * PAdES: every signature of the PDF (all revisions), its byte range and integrity, the signer's
 * certificate checks, and what was added after each one (only signatures, form fields and
 * annotations are allowed). PDF/A conformity of the later updates when the document declares it.
 */
export async function verifyPades(bytes: Uint8Array, ctx: VerifyContext, doc?: PDFDocument): Promise<PadesResult> {
	const pdf = doc ?? (await loadPdf(bytes));
	const found = findSignatures(pdf);
	const firme: VerificaFirma[] = [];
	const problemi: string[] = [];
	const pdfaProblemi: string[] = [];
	const pdfaDeclared = declaresPdfa(xmpOf(pdf));

	for (const s of found) {
		const controlli: Controllo[] = [];
		const base = { indice: firme.length + 1, campo: s.campo, byteRange: s.byteRange } as const;
		const read = readByteRange(bytes, s.byteRange);
		const end = s.byteRange[2] + s.byteRange[3];
		if (typeof read === 'string') {
			controlli.push({ codice: 'integrita', esito: 'ko', messaggio: `Firma non integra: ${read}.` });
			firme.push({
				...base,
				formato: 'PAdES',
				firmatario: null,
				oraDichiarata: null,
				marcaTemporale: null,
				oraRiferimento: ctx.now.toISOString(),
				controlli,
				esito: esitoDi(controlli)
			});
			continue;
		}
		const der = trimDer(read.der);
		let entry: VerificaFirma;
		if (s.subFilter === 'ETSI.RFC3161') {
			const token = readContentInfo(der);
			const r = token
				? await verifyTimestampToken(token, read.signed, ctx.trusted)
				: { marca: { ora: '', tsa: null, valida: false, messaggio: 'Marca temporale illeggibile.' }, time: null };
			controlli.push({ codice: 'marca_temporale', esito: r.marca.valida ? 'ok' : 'ko', messaggio: r.marca.messaggio });
			entry = {
				...base,
				formato: 'PAdES timestamp',
				firmatario: null,
				oraDichiarata: null,
				marcaTemporale: r.marca,
				oraRiferimento: (r.time ?? ctx.now).toISOString(),
				controlli,
				esito: 'valida'
			};
		} else {
			const sd = parseSignedData(der);
			if (!sd || !sd.signerInfos.length) {
				controlli.push({ codice: 'integrita', esito: 'ko', messaggio: 'Il campo firma non contiene una firma CMS leggibile.' });
				entry = {
					...base,
					formato: 'PAdES',
					firmatario: null,
					oraDichiarata: null,
					marcaTemporale: null,
					oraRiferimento: ctx.now.toISOString(),
					controlli,
					esito: 'non_valida'
				};
			} else {
				const integrity = await verifySignerIntegrity(sd, 0, read.signed);
				const checks = await checkSigner(sd, 0, integrity, ctx, { oraDichiarata: parsePdfDate(s.m) });
				entry = { ...base, formato: 'PAdES', ...checks };
			}
		}
		// Coverage: the whole file, or a revision followed only by allowed updates.
		if (end === bytes.length) {
			entry.controlli.push({ codice: 'copertura', esito: 'ok', messaggio: 'La firma copre l’intero documento.' });
		} else {
			const a = await analyzeUpdatesAfter(bytes, end, pdf);
			if (a.nonAmmesse.length)
				entry.controlli.push({
					codice: 'copertura',
					esito: 'ko',
					messaggio: `Il documento è stato modificato dopo questa firma: ${a.nonAmmesse.slice(0, 5).join('; ')}.`
				});
			else
				entry.controlli.push({
					codice: 'copertura',
					esito: 'ok',
					messaggio: `Dopo questa firma sono state aggiunte solo firme, campi firma o annotazioni${a.ammesse.length ? ` (${a.ammesse.slice(0, 4).join(', ')})` : ''}.`
				});
			if (pdfaDeclared || a.pdfa.length) pdfaProblemi.push(...a.pdfa);
		}
		entry.esito = esitoDi(entry.controlli);
		firme.push(entry);
	}
	const uniq = [...new Set(pdfaProblemi)];
	if (uniq.length) problemi.push(`La conformità PDF/A è compromessa da un aggiornamento successivo alla firma: ${uniq.join('; ')}.`);
	return { firme, problemi, pdfa: { dichiarato: pdfaDeclared, integro: uniq.length === 0, problemi: uniq } };
}
