import { PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { createHash } from 'node:crypto';

/**
 * PDF/A-2b identification for pdf-lib documents: XMP metadata matching the Info dictionary, an
 * sRGB output intent (a compact ICC v2 display profile built here, so no system package is
 * needed), and the trailer /ID. Fonts are embedded by the caller; no transparency, encryption or
 * JavaScript is used. Not validated with veraPDF in CI (not installable offline): docs/verbale.md.
 */
export function addPdfA2bMetadata(doc: PDFDocument, meta: { title: string; author: string; subject: string; date: Date }): void {
	const ctx = doc.context;
	const iso = meta.date.toISOString().replace(/\.\d{3}Z$/, 'Z');
	const keywords = doc.getKeywords() ?? '';
	const xmp = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>B</pdfaid:conformance>
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(meta.title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>${xml(meta.author)}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xml(meta.subject)}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>it-IT</rdf:li></rdf:Bag></dc:language>
<xmp:CreateDate>${iso}</xmp:CreateDate>
<xmp:ModifyDate>${iso}</xmp:ModifyDate>
<xmp:MetadataDate>${iso}</xmp:MetadataDate>
<xmp:CreatorTool>Accordo</xmp:CreatorTool>
<pdf:Producer>${xml(doc.getProducer() ?? '')}</pdf:Producer>
<pdf:Keywords>${xml(keywords)}</pdf:Keywords>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
	const metadata = ctx.stream(new TextEncoder().encode(xmp), { Type: 'Metadata', Subtype: 'XML' });
	doc.catalog.set(PDFName.of('Metadata'), ctx.register(metadata));

	const icc = srgbIccProfile();
	const profile = ctx.register(ctx.flateStream(icc, { N: 3 }));
	const intent = ctx.obj({
		Type: 'OutputIntent',
		S: 'GTS_PDFA1',
		OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'),
		Info: PDFString.of('sRGB IEC61966-2.1'),
		DestOutputProfile: profile
	});
	doc.catalog.set(PDFName.of('OutputIntents'), ctx.obj([ctx.register(intent)]));

	const id = createHash('md5').update(xmp).update(String(meta.date.getTime())).digest('hex');
	ctx.trailerInfo.ID = ctx.obj([PDFHexString.of(id), PDFHexString.of(id)]);
}

function xml(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

let iccCache: Uint8Array | null = null;

/** A minimal ICC v2 RGB display profile: sRGB primaries adapted to D50, gamma 2.2 curves. */
export function srgbIccProfile(): Uint8Array {
	if (iccCache) return iccCache;
	const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
	const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
	const s15 = (v: number) => u32(Math.round(v * 65536) >>> 0);
	const pad4 = (b: number[]) => (b.length % 4 ? [...b, ...new Array(4 - (b.length % 4)).fill(0)] : b);
	const xyz = (x: number, y: number, z: number) => [...ascii('XYZ '), 0, 0, 0, 0, ...s15(x), ...s15(y), ...s15(z)];
	const name = 'sRGB IEC61966-2.1 (Accordo)';
	const desc = [
		...ascii('desc'),
		0,
		0,
		0,
		0,
		...u32(name.length + 1),
		...ascii(name),
		0,
		...u32(0),
		...u32(0),
		0,
		0,
		0,
		...new Array(67).fill(0)
	];
	const cprt = [...ascii('text'), 0, 0, 0, 0, ...ascii('No copyright, use freely'), 0];
	const curv = [...ascii('curv'), 0, 0, 0, 0, ...u32(1), 0x02, 0x33];
	const tags: [string, number[]][] = [
		['desc', desc],
		['cprt', cprt],
		['wtpt', xyz(0.9642, 1.0, 0.8249)],
		['rXYZ', xyz(0.4361, 0.2225, 0.0139)],
		['gXYZ', xyz(0.3851, 0.7169, 0.0971)],
		['bXYZ', xyz(0.1431, 0.0606, 0.7141)],
		['rTRC', curv],
		['gTRC', curv],
		['bTRC', curv]
	];
	const tableSize = 4 + tags.length * 12;
	let offset = 128 + tableSize;
	const table: number[] = [...u32(tags.length)];
	const data: number[] = [];
	for (const [sig, body] of tags) {
		table.push(...ascii(sig), ...u32(offset), ...u32(body.length));
		const padded = pad4(body);
		data.push(...padded);
		offset += padded.length;
	}
	const size = 128 + tableSize + data.length;
	const header = [
		...u32(size),
		0,
		0,
		0,
		0,
		0x02,
		0x10,
		0,
		0,
		...ascii('mntr'),
		...ascii('RGB '),
		...ascii('XYZ '),
		...[2026, 1, 1, 0, 0, 0].flatMap((n) => [(n >> 8) & 255, n & 255]),
		...ascii('acsp'),
		...new Array(24).fill(0),
		...u32(0),
		...s15(0.9642),
		...s15(1.0),
		...s15(0.8249),
		...new Array(48).fill(0)
	];
	iccCache = new Uint8Array([...header, ...table, ...data]);
	return iccCache;
}
