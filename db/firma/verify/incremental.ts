import type { PDFDocument, PDFObject } from 'pdf-lib';
import {
	declaresPdfa,
	dictOf,
	fingerprint,
	isAnnotation,
	loadPdf,
	nameOf,
	numbersOf,
	PDFDict,
	PDFName,
	PDFNumber,
	PDFRef,
	PDFStream,
	reachable,
	refsIn,
	xmpOf
} from './pdf-objects.ts';

export interface UpdateAnalysis {
	/** What was added or changed and is allowed after a signature (signatures, annotations, form). */
	ammesse: string[];
	/** Anything else: the signed content was modified. */
	nonAmmesse: string[];
	/** PDF/A rules broken by the update (when the document declares PDF/A). */
	pdfa: string[];
}

const CATALOG_ALLOWED = ['AcroForm', 'DSS', 'Perms', 'Extensions'];
const PAGE_ALLOWED = ['Annots'];

function diffKeys(a: PDFDict, b: PDFDict, allowed: string[]): string[] {
	const keys = new Set([...a.keys(), ...b.keys()].map((k) => k.decodeText()));
	const out: string[] = [];
	for (const k of keys) {
		if (allowed.includes(k)) continue;
		const va = a.get(PDFName.of(k));
		const vb = b.get(PDFName.of(k));
		if ((va ? va.toString() : '') !== (vb ? vb.toString() : '')) out.push(k);
	}
	return out;
}

function hasJavaScript(obj: PDFObject): boolean {
	const d = dictOf(obj);
	if (!d) return false;
	return nameOf(d, 'S') === 'JavaScript' || d.has(PDFName.of('JS'));
}

function pageNumberOf(doc: PDFDocument, ref: PDFRef): number | null {
	const i = doc.getPages().findIndex((p) => p.ref.tag === ref.tag);
	return i >= 0 ? i + 1 : null;
}

/**
 * What changed between the revision ending at `end` (covered by a signature) and the whole file:
 * every object of the final document that is new or different, classified.
 */
export async function analyzeUpdatesAfter(bytes: Uint8Array, end: number, after: PDFDocument): Promise<UpdateAnalysis> {
	const result: UpdateAnalysis = { ammesse: [], nonAmmesse: [], pdfa: [] };
	let before: PDFDocument;
	try {
		before = await loadPdf(bytes.subarray(0, end));
	} catch {
		result.nonAmmesse.push('la revisione firmata non è leggibile come PDF');
		return result;
	}
	const catalogTag = after.context.trailerInfo.Root instanceof PDFRef ? after.context.trailerInfo.Root.tag : null;
	const infoTag = after.context.trailerInfo.Info instanceof PDFRef ? after.context.trailerInfo.Info.tag : null;
	const acroRef = after.catalog.get(PDFName.of('AcroForm'));
	const acroTag = acroRef instanceof PDFRef ? acroRef.tag : null;

	// Objects reachable from annotations (appearance streams, their fonts and images) and from the DSS.
	const annots: PDFObject[] = [];
	for (const [, obj] of after.context.enumerateIndirectObjects()) {
		const d = dictOf(obj);
		if (d && isAnnotation(d)) annots.push(d);
	}
	const fromAnnots = reachable(after, annots, ['P', 'Parent', 'V', 'Kids', 'Popup', 'IRT']);
	const dss = after.catalog.get(PDFName.of('DSS'));
	const fromDss = reachable(after, dss ? [dss] : [], []);
	if (dss instanceof PDFRef) fromDss.add(dss.tag);

	const pdfaDeclared = declaresPdfa(xmpOf(before)) || declaresPdfa(xmpOf(after));

	for (const [ref, obj] of after.context.enumerateIndirectObjects()) {
		const old = before.context.lookup(ref) as PDFObject | undefined;
		if (old && fingerprint(old) === fingerprint(obj)) continue;
		const d = dictOf(obj);
		const type = nameOf(d, 'Type');
		const what = old ? 'modificato' : 'aggiunto';
		if (!d) {
			result.nonAmmesse.push(`oggetto ${ref.objectNumber} ${what}`);
			continue;
		}
		if (type === 'XRef' || type === 'ObjStm') continue;
		if (d.has(PDFName.of('ByteRange')) && d.has(PDFName.of('Contents'))) {
			if (old) result.nonAmmesse.push(`firma precedente (oggetto ${ref.objectNumber}) modificata`);
			else result.ammesse.push('firma');
			continue;
		}
		if (ref.tag === catalogTag) {
			const oldCatalog = dictOf(old);
			if (!oldCatalog) {
				result.nonAmmesse.push('catalogo del documento sostituito');
				continue;
			}
			const keys = diffKeys(oldCatalog, d, CATALOG_ALLOWED);
			if (keys.includes('Metadata') && pdfaDeclared && !declaresPdfa(xmpOf(after)))
				result.pdfa.push('i metadati XMP non dichiarano più la conformità PDF/A');
			if (keys.length) result.nonAmmesse.push(`catalogo del documento modificato (${keys.join(', ')})`);
			else result.ammesse.push('modulo (AcroForm) aggiornato');
			continue;
		}
		if (ref.tag === infoTag) {
			result.ammesse.push('informazioni del documento (Info) aggiornate');
			continue;
		}
		if (ref.tag === acroTag || (type === null && d.has(PDFName.of('Fields')))) {
			result.ammesse.push('modulo (AcroForm) aggiornato');
			continue;
		}
		if (type === 'Page') {
			const oldD = dictOf(old);
			const keys = oldD ? diffKeys(oldD, d, PAGE_ALLOWED) : ['pagina nuova'];
			const n = pageNumberOf(after, ref);
			if (keys.length)
				result.nonAmmesse.push(old ? `contenuto della pagina ${n ?? '?'} modificato (${keys.join(', ')})` : 'pagina aggiunta');
			else result.ammesse.push(`annotazioni della pagina ${n ?? '?'}`);
			continue;
		}
		if (type === 'Pages') {
			result.nonAmmesse.push('pagine aggiunte, rimosse o riordinate');
			continue;
		}
		if (isAnnotation(d)) {
			result.ammesse.push(nameOf(d, 'Subtype') === 'Widget' ? 'campo firma' : 'annotazione');
			if (pdfaDeclared) checkAnnotationPdfa(d, result.pdfa);
			if (refsIn(d).some((r) => hasJavaScript(after.context.lookup(r) as PDFObject)) || hasJavaScript(d))
				result.pdfa.push('azione JavaScript in un’annotazione');
			continue;
		}
		if (nameOf(d, 'FT') === 'Sig' || (type === null && d.has(PDFName.of('T')) && d.has(PDFName.of('Kids')))) {
			result.ammesse.push('campo firma');
			continue;
		}
		if (type === 'Metadata') {
			result.nonAmmesse.push('metadati XMP modificati');
			continue;
		}
		if (!old && (fromAnnots.has(ref.tag) || fromDss.has(ref.tag))) {
			result.ammesse.push(fromDss.has(ref.tag) ? 'dati di validazione (DSS)' : 'aspetto grafico di un’annotazione');
			if (pdfaDeclared && (type === 'Font' || type === 'FontDescriptor')) checkFontPdfa(after, d, result.pdfa);
			if (hasJavaScript(obj)) result.pdfa.push('azione JavaScript');
			continue;
		}
		if (old && fromAnnots.has(ref.tag) && obj instanceof PDFStream && nameOf(d, 'Subtype') === 'Form') {
			result.ammesse.push('aspetto grafico di un campo firma');
			continue;
		}
		result.nonAmmesse.push(`${type ? `oggetto ${type}` : 'oggetto'} ${ref.objectNumber} ${what}`);
	}
	if (pdfaDeclared && after.context.trailerInfo.Encrypt) result.pdfa.push('cifratura aggiunta al documento');
	result.ammesse = [...new Set(result.ammesse)];
	result.pdfa = [...new Set(result.pdfa)];
	return result;
}

function checkAnnotationPdfa(d: PDFDict, out: string[]): void {
	const st = nameOf(d, 'Subtype');
	const rect = numbersOf(d.get(PDFName.of('Rect')));
	const zero = !rect || (rect[2] - rect[0] === 0 && rect[3] - rect[1] === 0);
	if (st !== 'Popup' && st !== 'Link' && !zero && !d.has(PDFName.of('AP'))) out.push('annotazione senza aspetto grafico (AP)');
	const fv = d.get(PDFName.of('F'));
	const flags = fv instanceof PDFNumber ? fv.asNumber() : 0;
	if (st !== 'Popup' && (flags & 4) === 0) out.push('annotazione non stampabile (flag Print assente)');
	if (flags & (1 | 2 | 32)) out.push('annotazione nascosta o invisibile');
}

function checkFontPdfa(doc: PDFDocument, d: PDFDict, out: string[]): void {
	const desc = nameOf(d, 'Type') === 'FontDescriptor' ? d : dictOf(doc.context.lookup(d.get(PDFName.of('FontDescriptor')) as PDFRef));
	if (nameOf(d, 'Type') === 'Font' && nameOf(d, 'Subtype') === 'Type0') return; // checked on its descendant
	if (nameOf(d, 'Type') === 'Font' && nameOf(d, 'Subtype') === 'Type3') return;
	if (!desc || !['FontFile', 'FontFile2', 'FontFile3'].some((k) => desc.has(PDFName.of(k)))) out.push('font non incorporato');
}
