import * as pkijs from 'pkijs';
import { derFromAny, toArrayBuffer } from './asn1.ts';

/** A certificate from DER, PEM or base64; null when it is not one. */
export function parseCertificate(bytes: Uint8Array): pkijs.Certificate | null {
	const der = derFromAny(bytes);
	if (!der) return null;
	try {
		return pkijs.Certificate.fromBER(toArrayBuffer(der));
	} catch {
		return null;
	}
}

/** Every PEM certificate in a bundle. */
export function parsePemBundle(text: string): pkijs.Certificate[] {
	const out: pkijs.Certificate[] = [];
	for (const m of text.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)) {
		const c = parseCertificate(new TextEncoder().encode(m[0]));
		if (c) out.push(c);
	}
	return out;
}

/**
 * The certificates of an EU / Italian trusted list (ETSI TS 119 612 XML): the base64 content of every
 * `X509Certificate` element, whatever its namespace prefix. Entries that are not certificates are
 * skipped and counted.
 */
export function certificatesFromTrustedList(xml: string): { certificati: pkijs.Certificate[]; scartati: number } {
	const certificati: pkijs.Certificate[] = [];
	let scartati = 0;
	for (const m of xml.matchAll(/<(?:[A-Za-z_][\w.-]*:)?X509Certificate\b[^>]*>([\s\S]*?)<\/(?:[A-Za-z_][\w.-]*:)?X509Certificate>/g)) {
		const body = m[1].replace(/\s+/g, '');
		const c = /^[A-Za-z0-9+/]+={0,2}$/.test(body) ? parseCertificate(new Uint8Array(Buffer.from(body, 'base64'))) : null;
		if (c) certificati.push(c);
		else scartati++;
	}
	return { certificati, scartati };
}
