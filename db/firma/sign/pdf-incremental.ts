import { randomBytes } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFObject } from 'pdf-lib';

/**
 * Our own incremental-update writer for signatures, on top of pdf-lib's parser: the original bytes
 * are never rewritten; the signature dictionary, the signed field (and, for a new field, the page's
 * /Annots and the AcroForm) are appended with a new cross-reference section (a table, or a
 * cross-reference stream when the file uses them) whose /Prev points at the previous one.
 * Earlier signatures keep covering exactly the bytes they covered.
 */

export class PdfSignError extends Error {}

export interface Placeholder {
	/** The PDF with the placeholder, to be completed by `embedSignature`. */
	pdf: Uint8Array;
	byteRange: [number, number, number, number];
	/** Capacity of /Contents in bytes (the hex string holds twice as many digits). */
	capacity: number;
	fieldName: string;
}

export interface PlaceholderOptions {
	/** An existing empty signature field; when missing, a new invisible field is added. */
	fieldName?: string;
	reason?: string;
	location?: string;
	name?: string;
	signingTime: Date;
	/** Bytes reserved for the CMS (default 16 KiB). */
	capacity?: number;
}

const enc = new TextEncoder();

function pdfDate(d: Date): string {
	const p = (n: number) => String(n).padStart(2, '0');
	return `D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

function fieldName(d: PDFDict): string | null {
	const t = d.get(PDFName.of('T'));
	return t instanceof PDFString || t instanceof PDFHexString ? t.decodeText() : null;
}

/** Terminal fields of the AcroForm with their refs (walking /Kids). */
function listFields(doc: PDFDocument): { ref: PDFRef; dict: PDFDict; name: string }[] {
	const acro = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
	const fields = acro?.lookupMaybe(PDFName.of('Fields'), PDFArray);
	const out: { ref: PDFRef; dict: PDFDict; name: string }[] = [];
	const walk = (arr: PDFArray | undefined, prefix: string, depth: number) => {
		if (!arr || depth > 20) return;
		for (const item of arr.asArray()) {
			if (!(item instanceof PDFRef)) continue;
			const d = doc.context.lookup(item);
			if (!(d instanceof PDFDict)) continue;
			const own = fieldName(d);
			const full = own ? (prefix ? `${prefix}.${own}` : own) : prefix;
			const kids = d.lookupMaybe(PDFName.of('Kids'), PDFArray);
			const kidFields = kids
				?.asArray()
				.some((k) => k instanceof PDFRef && doc.context.lookup(k) instanceof PDFDict && fieldName(doc.context.lookup(k) as PDFDict));
			if (kids && kidFields) walk(kids, full, depth + 1);
			else out.push({ ref: item, dict: d, name: full });
		}
	};
	walk(fields, '', 0);
	return out;
}

/** Names of the signature fields and whether each is already signed. */
export async function signatureFields(pdf: Uint8Array): Promise<{ name: string; signed: boolean }[]> {
	const doc = await PDFDocument.load(pdf, { updateMetadata: false, ignoreEncryption: true });
	return listFields(doc)
		.filter((f) => f.dict.get(PDFName.of('FT'))?.toString() === '/Sig')
		.map((f) => ({ name: f.name, signed: f.dict.has(PDFName.of('V')) }));
}

function previousStartXref(bytes: Uint8Array): number {
	const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2048))).toString('latin1');
	const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
	if (!m) throw new PdfSignError('PDF non valido: manca la sezione finale (startxref).');
	return Number(m[1]);
}

function usesXrefStream(bytes: Uint8Array, offset: number): boolean {
	return !Buffer.from(bytes.subarray(offset, offset + 16))
		.toString('latin1')
		.trimStart()
		.startsWith('xref');
}

function serialize(ref: PDFRef, obj: PDFObject): string {
	return `${ref.objectNumber} ${ref.generationNumber} obj\n${obj.toString()}\nendobj\n`;
}

/** Adds a signature dictionary with an empty /Contents of `capacity` bytes, as an incremental update. */
export async function preparePlaceholder(original: Uint8Array, opts: PlaceholderOptions): Promise<Placeholder> {
	let doc: PDFDocument;
	try {
		doc = await PDFDocument.load(original, { updateMetadata: false });
	} catch {
		throw new PdfSignError('Il file non è un PDF leggibile o è cifrato.');
	}
	const ctx = doc.context;
	if (ctx.trailerInfo.Encrypt) throw new PdfSignError('Il PDF è cifrato: non può essere firmato.');
	const capacity = opts.capacity ?? 16 * 1024;
	const changed = new Map<string, { ref: PDFRef; obj: PDFObject }>();
	const touch = (ref: PDFRef, obj: PDFObject) => changed.set(ref.tag, { ref, obj });

	const sigRef = ctx.nextRef();
	const fields = listFields(doc);
	let field = opts.fieldName ? fields.find((f) => f.name === opts.fieldName) : undefined;
	if (opts.fieldName && !field) throw new PdfSignError(`Campo firma «${opts.fieldName}» non trovato nel PDF.`);
	if (field) {
		if (field.dict.get(PDFName.of('FT'))?.toString() !== '/Sig') throw new PdfSignError(`Il campo «${field.name}» non è un campo firma.`);
		if (field.dict.has(PDFName.of('V'))) throw new PdfSignError(`Il campo «${field.name}» è già firmato.`);
	}
	let name = field?.name ?? '';
	if (!field) {
		// A new invisible signature field on the last page.
		const taken = new Set(fields.map((f) => f.name));
		let n = fields.length + 1;
		while (taken.has(`Firma${n}`)) n++;
		name = `Firma${n}`;
		const page = doc.getPages()[doc.getPageCount() - 1];
		const widget = ctx.obj({
			Type: 'Annot',
			Subtype: 'Widget',
			FT: 'Sig',
			T: PDFHexString.fromText(name),
			Rect: [0, 0, 0, 0],
			F: 132,
			P: page.ref
		}) as PDFDict;
		const widgetRef = ctx.register(widget);
		const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
		const annotsRaw = page.node.get(PDFName.of('Annots'));
		if (annotsRaw instanceof PDFRef && annots) {
			annots.push(widgetRef);
			touch(annotsRaw, annots);
		} else {
			const list = annots ?? ctx.obj([]);
			list.push(widgetRef);
			page.node.set(PDFName.of('Annots'), list);
			touch(page.ref, page.node);
		}
		const acroRaw = doc.catalog.get(PDFName.of('AcroForm'));
		let acro = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
		if (!acro) {
			acro = ctx.obj({ Fields: [] }) as PDFDict;
			const acroRef = ctx.register(acro);
			doc.catalog.set(PDFName.of('AcroForm'), acroRef);
			touch(ctx.trailerInfo.Root as PDFRef, doc.catalog);
			touch(acroRef, acro);
		} else if (acroRaw instanceof PDFRef) touch(acroRaw, acro);
		else touch(ctx.trailerInfo.Root as PDFRef, doc.catalog);
		const fieldsArr = acro.lookupMaybe(PDFName.of('Fields'), PDFArray) ?? ctx.obj([]);
		const fieldsRaw = acro.get(PDFName.of('Fields'));
		fieldsArr.push(widgetRef);
		if (fieldsRaw instanceof PDFRef) touch(fieldsRaw, fieldsArr);
		else acro.set(PDFName.of('Fields'), fieldsArr);
		acro.set(PDFName.of('SigFlags'), PDFNumber.of(3));
		field = { ref: widgetRef, dict: widget, name };
	} else {
		const acroRaw = doc.catalog.get(PDFName.of('AcroForm'));
		const acro = doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict);
		const flags = acro.get(PDFName.of('SigFlags'));
		if (!(flags instanceof PDFNumber) || flags.asNumber() !== 3) {
			acro.set(PDFName.of('SigFlags'), PDFNumber.of(3));
			touch(acroRaw instanceof PDFRef ? acroRaw : (ctx.trailerInfo.Root as PDFRef), acroRaw instanceof PDFRef ? acro : doc.catalog);
		}
	}
	field.dict.set(PDFName.of('V'), sigRef);
	touch(field.ref, field.dict);

	// The signature dictionary is written by hand so that /ByteRange and /Contents have fixed widths.
	const parts: string[] = [
		'/Type /Sig',
		'/Filter /Adobe.PPKLite',
		'/SubFilter /ETSI.CAdES.detached',
		'/ByteRange [0 0000000000 0000000000 0000000000]',
		`/Contents <${'0'.repeat(capacity * 2)}>`,
		`/M (${pdfDate(opts.signingTime)})`
	];
	if (opts.name) parts.push(`/Name ${PDFHexString.fromText(opts.name).toString()}`);
	if (opts.reason) parts.push(`/Reason ${PDFHexString.fromText(opts.reason).toString()}`);
	if (opts.location) parts.push(`/Location ${PDFHexString.fromText(opts.location).toString()}`);
	const sigText = `${sigRef.objectNumber} 0 obj\n<< ${parts.join(' ')} >>\nendobj\n`;

	const prev = previousStartXref(original);
	const xrefStream = usesXrefStream(original, prev);
	const needsNl = original[original.length - 1] !== 0x0a;
	let body = needsNl ? '\n' : '';
	const offsets = new Map<number, number>();
	const start = original.length;
	const pos = () => start + Buffer.byteLength(body, 'latin1');
	const objects = [...changed.values()].sort((a, b) => a.ref.objectNumber - b.ref.objectNumber);
	for (const { ref, obj } of objects) {
		offsets.set(ref.objectNumber, pos());
		body += serialize(ref, obj);
	}
	offsets.set(sigRef.objectNumber, pos());
	const sigStart = pos();
	body += sigText;

	const size = ctx.largestObjectNumber + 1;
	const trailerExtras = [
		`/Root ${ctx.trailerInfo.Root?.toString()}`,
		ctx.trailerInfo.Info ? `/Info ${ctx.trailerInfo.Info.toString()}` : '',
		ctx.trailerInfo.ID
			? `/ID ${ctx.trailerInfo.ID.toString()}`
			: `/ID [<${randomBytes(16).toString('hex')}> <${randomBytes(16).toString('hex')}>]`,
		`/Prev ${prev}`
	]
		.filter(Boolean)
		.join(' ');
	let tailBin: Buffer;
	const xrefOffset = pos();
	if (!xrefStream) {
		const nums = [...offsets.keys()].sort((a, b) => a - b);
		let table = 'xref\n';
		for (let i = 0; i < nums.length;) {
			let j = i;
			while (j + 1 < nums.length && nums[j + 1] === nums[j] + 1) j++;
			table += `${nums[i]} ${j - i + 1}\n`;
			for (let k = i; k <= j; k++) table += `${String(offsets.get(nums[k])).padStart(10, '0')} 00000 n\r\n`;
			i = j + 1;
		}
		table += `trailer\n<< /Size ${size} ${trailerExtras} >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
		tailBin = Buffer.from(table, 'latin1');
	} else {
		const xrefNum = size;
		offsets.set(xrefNum, xrefOffset);
		const nums = [...offsets.keys()].sort((a, b) => a - b);
		const index: number[] = [];
		const rows: Buffer[] = [];
		for (let i = 0; i < nums.length;) {
			let j = i;
			while (j + 1 < nums.length && nums[j + 1] === nums[j] + 1) j++;
			index.push(nums[i], j - i + 1);
			for (let k = i; k <= j; k++) {
				const row = Buffer.alloc(7);
				row[0] = 1;
				row.writeUInt32BE(offsets.get(nums[k])!, 1);
				row.writeUInt16BE(0, 5);
				rows.push(row);
			}
			i = j + 1;
		}
		const data = Buffer.concat(rows);
		const head = `${xrefNum} 0 obj\n<< /Type /XRef /Size ${xrefNum + 1} /W [1 4 2] /Index [${index.join(' ')}] ${trailerExtras} /Length ${data.length} >>\nstream\n`;
		tailBin = Buffer.concat([
			Buffer.from(head, 'latin1'),
			data,
			Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefOffset}\n%%EOF\n`, 'latin1')
		]);
	}
	const pdf = new Uint8Array(Buffer.concat([Buffer.from(original), Buffer.from(body, 'latin1'), tailBin]));

	// Byte range: everything but the /Contents hex string (including its angle brackets).
	const sigSlice = Buffer.from(pdf.subarray(sigStart, sigStart + sigText.length)).toString('latin1');
	const contentsAt = sigStart + sigSlice.indexOf('/Contents <') + '/Contents '.length;
	const contentsEnd = contentsAt + capacity * 2 + 2;
	const byteRange: [number, number, number, number] = [0, contentsAt, contentsEnd, pdf.length - contentsEnd];
	const brText = `[0 ${byteRange
		.slice(1)
		.map((n) => String(n).padStart(10, ' '))
		.join(' ')}]`;
	const brAt = sigStart + sigSlice.indexOf('/ByteRange [') + '/ByteRange '.length;
	pdf.set(enc.encode(brText), brAt);
	return { pdf, byteRange, capacity, fieldName: name };
}

/** The bytes covered by the byte range (what is hashed). */
export function coveredBytes(p: Placeholder): Uint8Array {
	const [, b, c, d] = p.byteRange;
	const out = new Uint8Array(b + d);
	out.set(p.pdf.subarray(0, b), 0);
	out.set(p.pdf.subarray(c, c + d), b);
	return out;
}

/** Writes the CMS into /Contents. */
export function embedSignature(p: Placeholder, cms: Uint8Array): Uint8Array {
	if (cms.length > p.capacity) throw new PdfSignError('La firma non entra nello spazio riservato nel PDF.');
	const hex = Buffer.from(cms)
		.toString('hex')
		.padEnd(p.capacity * 2, '0');
	const out = new Uint8Array(p.pdf);
	out.set(enc.encode(hex), p.byteRange[1] + 1);
	return out;
}
