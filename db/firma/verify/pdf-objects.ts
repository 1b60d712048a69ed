import {
	decodePDFRawStream,
	PDFArray,
	PDFDict,
	PDFDocument,
	PDFHexString,
	PDFName,
	PDFNumber,
	PDFRawStream,
	PDFRef,
	PDFStream,
	PDFString,
	type PDFObject
} from 'pdf-lib';

/** Small helpers over pdf-lib's object model, for reading signed PDFs without changing them. */

export async function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
	return PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
}

export function dictOf(obj: PDFObject | undefined): PDFDict | null {
	if (obj instanceof PDFDict) return obj;
	if (obj instanceof PDFStream) return obj.dict;
	return null;
}

export function nameOf(dict: PDFDict | null, key: string): string | null {
	const v = dict?.get(PDFName.of(key));
	return v instanceof PDFName ? v.decodeText() : null;
}

export function textOf(obj: PDFObject | undefined): string | null {
	if (obj instanceof PDFString || obj instanceof PDFHexString) return obj.decodeText();
	return null;
}

export function numbersOf(obj: PDFObject | undefined): number[] | null {
	if (!(obj instanceof PDFArray)) return null;
	const out: number[] = [];
	for (const v of obj.asArray()) {
		if (!(v instanceof PDFNumber)) return null;
		out.push(v.asNumber());
	}
	return out;
}

export function streamBytes(obj: PDFObject | undefined): Uint8Array | null {
	if (obj instanceof PDFRawStream) {
		try {
			return decodePDFRawStream(obj).decode();
		} catch {
			return obj.contents;
		}
	}
	if (obj instanceof PDFStream) return obj.getContents();
	return null;
}

/** A stable serialization used to tell whether an object changed between two revisions. */
export function fingerprint(obj: PDFObject): string {
	if (obj instanceof PDFRawStream) return obj.dict.toString() + '\n' + Buffer.from(obj.contents).toString('latin1');
	if (obj instanceof PDFStream) return obj.dict.toString() + '\n' + Buffer.from(obj.getContents()).toString('latin1');
	return obj.toString();
}

/** Every indirect reference found inside `obj` (not following them). */
export function refsIn(obj: PDFObject | undefined, out: PDFRef[] = [], skipKeys: string[] = []): PDFRef[] {
	if (!obj) return out;
	if (obj instanceof PDFRef) out.push(obj);
	else if (obj instanceof PDFArray) for (const v of obj.asArray()) refsIn(v, out, skipKeys);
	else if (obj instanceof PDFDict || obj instanceof PDFStream) {
		const d = obj instanceof PDFStream ? obj.dict : obj;
		for (const [k, v] of d.entries()) if (!skipKeys.includes(k.decodeText())) refsIn(v, out, skipKeys);
	}
	return out;
}

/** Tags of every object reachable from `roots` (skipping keys such as /P and /Parent). */
export function reachable(doc: PDFDocument, roots: PDFObject[], skipKeys: string[], limit = 10_000): Set<string> {
	const seen = new Set<string>();
	const queue: PDFObject[] = [...roots];
	while (queue.length && seen.size < limit) {
		const o = queue.pop();
		for (const ref of refsIn(o, [], skipKeys)) {
			if (seen.has(ref.tag)) continue;
			seen.add(ref.tag);
			queue.push(doc.context.lookup(ref) as PDFObject);
		}
	}
	return seen;
}

export const ANNOT_SUBTYPES = new Set([
	'Text',
	'Link',
	'FreeText',
	'Line',
	'Square',
	'Circle',
	'Polygon',
	'PolyLine',
	'Highlight',
	'Underline',
	'Squiggly',
	'StrikeOut',
	'Stamp',
	'Caret',
	'Ink',
	'Popup',
	'FileAttachment',
	'Sound',
	'Movie',
	'Widget',
	'Screen',
	'PrinterMark',
	'TrapNet',
	'Watermark',
	'3D',
	'Redact'
]);

export function isAnnotation(d: PDFDict): boolean {
	const t = nameOf(d, 'Type');
	const st = nameOf(d, 'Subtype');
	return (t === 'Annot' || t === null) && st !== null && ANNOT_SUBTYPES.has(st) && d.has(PDFName.of('Rect'));
}

/** The XMP metadata packet of the catalog, as text. */
export function xmpOf(doc: PDFDocument): string | null {
	const ref = doc.catalog.get(PDFName.of('Metadata'));
	const bytes = streamBytes(ref instanceof PDFRef ? doc.context.lookup(ref) : ref);
	return bytes ? Buffer.from(bytes).toString('utf8') : null;
}

export function declaresPdfa(xmp: string | null): boolean {
	return !!xmp && /pdfaid:part/.test(xmp);
}

export { PDFArray, PDFDict, PDFName, PDFRef, PDFStream, PDFRawStream, PDFHexString, PDFString, PDFNumber };
