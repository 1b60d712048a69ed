import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/** OIDs used by the verifier and the signer. */
export const OID = {
	data: '1.2.840.113549.1.7.1',
	signedData: '1.2.840.113549.1.7.2',
	tstInfo: '1.2.840.113549.1.9.16.1.4',
	contentType: '1.2.840.113549.1.9.3',
	messageDigest: '1.2.840.113549.1.9.4',
	signingTime: '1.2.840.113549.1.9.5',
	signingCertificate: '1.2.840.113549.1.9.16.2.12',
	signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
	signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
	sha256: '2.16.840.1.101.3.4.2.1',
	sha384: '2.16.840.1.101.3.4.2.2',
	sha512: '2.16.840.1.101.3.4.2.3',
	sha1: '1.3.14.3.2.26',
	rsaEncryption: '1.2.840.113549.1.1.1',
	sha256WithRSA: '1.2.840.113549.1.1.11',
	ecdsaWithSHA256: '1.2.840.10045.4.3.2',
	keyUsage: '2.5.29.15',
	crlDistributionPoints: '2.5.29.31',
	authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
	ocsp: '1.3.6.1.5.5.7.48.1',
	qcStatements: '1.3.6.1.5.5.7.1.3',
	qcCompliance: '0.4.0.1862.1.1',
	qcSSCD: '0.4.0.1862.1.4',
	qcType: '0.4.0.1862.1.6',
	qcTypeEsign: '0.4.0.1862.1.6.1',
	qcTypeEseal: '0.4.0.1862.1.6.2'
} as const;

/** A copy of the bytes as a standalone ArrayBuffer (what pkijs and WebCrypto want). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
	return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

export function hex(bytes: ArrayBuffer | Uint8Array): string {
	return Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('hex');
}

/** DER, PEM ("-----BEGIN PKCS7/CMS/CERTIFICATE-----") or bare base64 -> DER bytes; null if none of them. */
export function derFromAny(bytes: Uint8Array): Uint8Array | null {
	if (bytes.length > 1 && bytes[0] === 0x30) return bytes;
	const text = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 64 * 1024 * 1024))).toString('latin1');
	const pem = /-----BEGIN [A-Z0-9 ]+-----([\s\S]*?)-----END [A-Z0-9 ]+-----/.exec(text);
	const body = (pem ? pem[1] : text).replace(/\s+/g, '');
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body) || body.length < 16) return null;
	const der = new Uint8Array(Buffer.from(body, 'base64'));
	return der[0] === 0x30 ? der : null;
}

/** Parses a CMS ContentInfo holding SignedData; null when the bytes are not one. */
export function parseSignedData(der: Uint8Array): pkijs.SignedData | null {
	try {
		const asn = asn1js.fromBER(toArrayBuffer(der));
		if (asn.offset === -1) return null;
		const info = new pkijs.ContentInfo({ schema: asn.result });
		if (info.contentType !== OID.signedData) return null;
		return new pkijs.SignedData({ schema: info.content });
	} catch {
		return null;
	}
}

/** The encapsulated content of a SignedData (constructed BER octet strings are joined), or null when detached. */
export function encapsulatedContent(sd: pkijs.SignedData): Uint8Array | null {
	const e = sd.encapContentInfo.eContent;
	if (!e) return null;
	if (e.idBlock.isConstructed) {
		const parts = (e.valueBlock.value as asn1js.OctetString[]).map((p) => new Uint8Array(p.valueBlock.valueHexView));
		return new Uint8Array(Buffer.concat(parts));
	}
	return new Uint8Array(e.valueBlock.valueHexView);
}

export const DIGEST_NAMES: Record<string, string> = {
	[OID.sha1]: 'SHA-1',
	[OID.sha256]: 'SHA-256',
	[OID.sha384]: 'SHA-384',
	[OID.sha512]: 'SHA-512'
};

export async function digest(algorithmOid: string, data: Uint8Array): Promise<Uint8Array> {
	const name = DIGEST_NAMES[algorithmOid];
	if (!name) throw new Error(`unsupported digest ${algorithmOid}`);
	return new Uint8Array(await crypto.subtle.digest(name, toArrayBuffer(data)));
}

/** Reads an ASN.1 time (UTCTime / GeneralizedTime) value. */
export function asnTime(value: unknown): Date | null {
	if (value instanceof asn1js.UTCTime || value instanceof asn1js.GeneralizedTime) return value.toDate();
	return null;
}
