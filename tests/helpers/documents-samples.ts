import { crc32, deflateSync } from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';

// Small real files, built in code, for the fascicolo tests (unit, integration, e2e).

const enc = new TextEncoder();
const u16 = (n: number) => [n & 0xff, (n >> 8) & 0xff];
const u32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];

/** A one-page PDF made with pdf-lib. */
export async function samplePdf(text = 'Memoria di prova'): Promise<Uint8Array> {
	const doc = await PDFDocument.create();
	const font = await doc.embedFont(StandardFonts.Helvetica);
	doc.addPage([300, 200]).drawText(text, { x: 20, y: 100, size: 14, font });
	return doc.save();
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
	const body = new Uint8Array([...enc.encode(type), ...data]);
	const len = data.length;
	return new Uint8Array([(len >>> 24) & 0xff, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff, ...body, ...u32be(crc32(body))]);
}
const u32be = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];

/** A valid 2x2 red PNG. */
export function samplePng(): Uint8Array {
	const ihdr = new Uint8Array([...u32be(2), ...u32be(2), 8, 2, 0, 0, 0]);
	const raw = new Uint8Array([0, 255, 0, 0, 255, 0, 0, 0, 255, 0, 0, 255, 0, 0]);
	const parts = [
		new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', ihdr),
		pngChunk('IDAT', deflateSync(raw)),
		pngChunk('IEND', new Uint8Array())
	];
	return new Uint8Array(parts.flatMap((p) => [...p]));
}

/** The start of a JFIF JPEG (SOI + APP0 + EOI): enough for any content sniffer. */
export function sampleJpeg(): Uint8Array {
	return new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);
}

/** A DOS/Windows executable header ("MZ" + PE offset). */
export function sampleExe(): Uint8Array {
	const b = new Uint8Array(256);
	b.set([0x4d, 0x5a, 0x90, 0]);
	b.set(u32(0x80), 0x3c);
	b.set(enc.encode('PE\0\0'), 0x80);
	return b;
}

/** A ZIP archive (stored entries) with the given files. */
export function sampleZip(files: Record<string, string> = { 'leggimi.txt': 'ciao' }): Uint8Array {
	const local: number[] = [];
	const central: number[] = [];
	for (const [name, text] of Object.entries(files)) {
		const n = enc.encode(name);
		const data = enc.encode(text);
		const crc = crc32(data);
		const offset = local.length;
		local.push(
			...u32(0x04034b50),
			...u16(20),
			...u16(0),
			...u16(0),
			...u16(0),
			...u16(0x21),
			...u32(crc),
			...u32(data.length),
			...u32(data.length),
			...u16(n.length),
			...u16(0),
			...n,
			...data
		);
		central.push(
			...u32(0x02014b50),
			...u16(20),
			...u16(20),
			...u16(0),
			...u16(0),
			...u16(0),
			...u16(0x21),
			...u32(crc),
			...u32(data.length),
			...u32(data.length),
			...u16(n.length),
			...u16(0),
			...u16(0),
			...u16(0),
			...u16(0),
			...u32(0),
			...u32(offset),
			...n
		);
	}
	const count = Object.keys(files).length;
	const eocd = [
		...u32(0x06054b50),
		...u16(0),
		...u16(0),
		...u16(count),
		...u16(count),
		...u32(central.length),
		...u32(local.length),
		...u16(0)
	];
	return new Uint8Array([...local, ...central, ...eocd]);
}

/** A minimal Word 2007+ document (docx): the parts a sniffer looks at. */
export function sampleDocx(): Uint8Array {
	return sampleZip({
		'[Content_Types].xml':
			'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
			'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
		'word/document.xml': '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
	});
}

/**
 * A Compound File (OLE2, the container of doc/xls/ppt/msg and msi) with one stream named `stream`:
 * header, one FAT sector, one directory sector (Root Entry + the stream).
 */
export function sampleCfb(stream = 'WordDocument'): Uint8Array {
	const b = new Uint8Array(512 * 3);
	const dv = new DataView(b.buffer);
	b.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
	dv.setUint16(24, 0x3e, true); // minor version
	dv.setUint16(26, 3, true); // major version 3: 512-byte sectors
	dv.setUint16(28, 0xfffe, true); // byte order
	dv.setUint16(30, 9, true); // sector shift
	dv.setUint16(32, 6, true); // mini sector shift
	dv.setUint32(44, 1, true); // number of FAT sectors
	dv.setUint32(48, 1, true); // first directory sector
	dv.setUint32(56, 4096, true); // mini stream cutoff
	dv.setUint32(60, 0xfffffffe, true); // no mini FAT
	dv.setUint32(68, 0xfffffffe, true); // no DIFAT sectors
	for (let i = 0; i < 109; i++) dv.setUint32(76 + i * 4, i === 0 ? 0 : 0xffffffff, true);
	// Sector 0: FAT (sector 0 = FAT, sector 1 = end of the directory chain).
	for (let i = 0; i < 128; i++) dv.setUint32(512 + i * 4, i === 0 ? 0xfffffffd : i === 1 ? 0xfffffffe : 0xffffffff, true);
	const entry = (at: number, name: string, type: number) => {
		for (let i = 0; i < name.length; i++) dv.setUint16(at + i * 2, name.charCodeAt(i), true);
		dv.setUint16(at + 64, (name.length + 1) * 2, true);
		b[at + 66] = type;
		b[at + 67] = 1; // black
		dv.setUint32(at + 68, 0xffffffff, true);
		dv.setUint32(at + 72, 0xffffffff, true);
		dv.setUint32(at + 76, 0xffffffff, true);
		dv.setUint32(at + 116, 0xfffffffe, true);
	};
	entry(1024, 'Root Entry', 5);
	dv.setUint32(1024 + 76, 1, true); // child: entry 1
	entry(1024 + 128, stream, 2);
	for (let e = 2; e < 4; e++) {
		dv.setUint32(1024 + e * 128 + 68, 0xffffffff, true);
		dv.setUint32(1024 + e * 128 + 72, 0xffffffff, true);
		dv.setUint32(1024 + e * 128 + 76, 0xffffffff, true);
	}
	return b;
}

/** A real CAdES attached signature (DER) of the text "ciao\n", made with `openssl cms -sign -nodetach`. */
export const SAMPLE_P7M_BASE64 =
	'MIIFfQYJKoZIhvcNAQcCoIIFbjCCBWoCAQExDTALBglghkgBZQMEAgEwFAYJKoZIhvcNAQcBoAcEBWNpYW8KoIIDAzCCAv8wggHn' +
	'oAMCAQICFA7xMJspLVbsp+RER+z1OXZhjDc8MA0GCSqGSIb3DQEBCwUAMA8xDTALBgNVBAMMBHRlc3QwHhcNMjYxMTI2MTIyOTQz' +
	'WhcNMjYxMTI3MTIyOTQzWjAPMQ0wCwYDVQQDDAR0ZXN0MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAp4lEbakZG2vf' +
	'h1/ywfZV/mp3rkmadUL14hnJU7Je/BS9BJhCJl+mWsLHNjEzR9U77F8cBWf+QGTrl/mxzUSyWRyaSoqvpfg5XworCH9WM7jhRar7' +
	'IVVBoW7wW8L+3EDqsWe+xYIYQqRiIuBiBeoYQ2LAJmCImheH6q0hEdrNwJsbvIaVUkbsiUKhKFrhi8vyWHFS2xleoSaTRQSjoPXO' +
	'KNPCWfrvCYjkkZIpIxOPepI0szw8Kzso870SwCORtLbnPjYwXs7TxoHT5dq1CHNlD7c4qAEhhrKHJiB5AmC61aOEymBnoAsVSzQY' +
	'/eJgB5mczIjx6yzVlAbbPUuqxsR5dwIDAQABo1MwUTAdBgNVHQ4EFgQUvBypTeg2drivoGjuMVcamlPacecwHwYDVR0jBBgwFoAU' +
	'vBypTeg2drivoGjuMVcamlPacecwDwYDVR0TAQH/BAUwAwEB/zANBgkqhkiG9w0BAQsFAAOCAQEATY6sU3Et5bULmS2ti++FUy0L' +
	'b0MCl05ER8Q8heu0OmHJ7PBf7gwu6gYu51SYXB6/A2lynVBPAvLTJen/ozsw3mOyAzPwdgi2AWw4xWvYSqnjHnrHyD0pfyQzT218' +
	'i9/OoVpdHVC0i7oCi8JA6tlDlvj+qkxJJaU30SSwfqdEcwQsqXWgzSw4mKppfx8A9QGDSgsIn0ijHyx/NNz0KDAuouFzYGWbjeJZ' +
	'e/D6GAC8Jb33dPJFvJErAQVWaJZ974tQfol8OcGUl11l8hT10sgODfYZuQhlcHLtCbqU35d5F/RCvXrnfbtrofLp/fRXXyFMijRB' +
	'fQM4FgfaB1cry8z9MjGCAjcwggIzAgEBMCcwDzENMAsGA1UEAwwEdGVzdAIUDvEwmyktVuyn5ERH7PU5dmGMNzwwCwYJYIZIAWUD' +
	'BAIBoIHkMBgGCSqGSIb3DQEJAzELBgkqhkiG9w0BBwEwHAYJKoZIhvcNAQkFMQ8XDTI2MTEyNjEyMjk0M1owLwYJKoZIhvcNAQkE' +
	'MSIEIG8DePIaSV9cEyRzF9FY6dUdpFpb9o/C82bkUN6v3IMCMHkGCSqGSIb3DQEJDzFsMGowCwYJYIZIAWUDBAEqMAsGCWCGSAFl' +
	'AwQBFjALBglghkgBZQMEAQIwCgYIKoZIhvcNAwcwDgYIKoZIhvcNAwICAgCAMA0GCCqGSIb3DQMCAgFAMAcGBSsOAwIHMA0GCCqG' +
	'SIb3DQMCAgEoMA0GCSqGSIb3DQEBAQUABIIBAAY+kBhiUdGNcQ+xa+lWMHbqP1Gny1hVg0Dz472cQI7UyuvBPgZ+QaWeKkvNgkgn' +
	'yDFuTxsv2XNn58i1d2mCzVkkIvcumAJVuGdv2mPVy+d/by7eaVSobRMDh/7qrKUitRlt8oH7ncdX5sKbiCFL1hyA50YQ/CMI9Jj4' +
	'2bw8ciCCE98dkI7wpQMvaLRSfkjH9rBTDvKE4YASVRF41P4hiz81wRRk6WzdIB8rZeE+N6O1B9sMSDBflUoXwk3CcUtjXvw/cdQM' +
	'+MV+nFNXhqI6DSDJKabkm5Zu9mdMCUfNhMybRSHNjq2pfW2ku6it9hwzQB7IDwAAYtEwQBL2kxkTnPE=';

export function sampleP7m(): Uint8Array {
	return new Uint8Array(Buffer.from(SAMPLE_P7M_BASE64, 'base64'));
}

/** The same signature as PEM ("-----BEGIN PKCS7-----"). */
export function sampleP7mPem(): Uint8Array {
	const lines = SAMPLE_P7M_BASE64.match(/.{1,64}/g) ?? [];
	return enc.encode(`-----BEGIN PKCS7-----\n${lines.join('\n')}\n-----END PKCS7-----\n`);
}

/** `size` bytes of a valid PDF header followed by padding: a file just over a size limit. */
export function bigPdfLike(size: number): Uint8Array {
	const b = new Uint8Array(size);
	b.set(enc.encode('%PDF-1.7\n%\u00e2\u00e3\n'));
	b.fill(0x20, 16);
	return b;
}
