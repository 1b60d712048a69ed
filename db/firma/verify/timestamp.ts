import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { certificateName } from './certificate.ts';
import { checkChain } from './chain.ts';
import { encapsulatedContent, OID, toArrayBuffer } from './asn1.ts';
import type { MarcaTemporale } from './types.ts';

/**
 * Verifies an RFC 3161 timestamp token (a CMS SignedData over a TSTInfo) whose message imprint must
 * be the digest of `imprinted` (the signature value for a signature timestamp, the signed bytes for
 * a document timestamp). The TSA must chain to the trust store.
 */
export async function verifyTimestampToken(
	token: pkijs.ContentInfo,
	imprinted: Uint8Array,
	trusted: pkijs.Certificate[]
): Promise<{ marca: MarcaTemporale; time: Date | null }> {
	try {
		const sd = new pkijs.SignedData({ schema: token.content });
		if (sd.encapContentInfo.eContentType !== OID.tstInfo) throw new Error('not a TSTInfo');
		const content = encapsulatedContent(sd);
		if (!content) throw new Error('empty TSTInfo');
		const tst = pkijs.TSTInfo.fromBER(content.buffer.slice(content.byteOffset, content.byteOffset + content.byteLength) as ArrayBuffer);
		const time = tst.genTime;
		const certs = (sd.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
		let signed = false;
		let tsaCert: pkijs.Certificate | null = null;
		try {
			// For a TSTInfo, pkijs checks the message imprint against `data`: the timestamped bytes.
			const r = await sd.verify({ signer: 0, data: toArrayBuffer(imprinted), extendedMode: true, checkChain: false });
			signed = Boolean(r.signatureVerified);
			tsaCert = r.signerCertificate ?? null;
		} catch {
			signed = false;
		}
		const tsa = tsaCert ? certificateName(tsaCert.subject) : null;
		const ora = time.toISOString();
		if (!signed || !tsaCert) return { marca: { ora, tsa, valida: false, messaggio: 'Marca temporale non integra.' }, time: null };
		const imprintOk = await tst.verify({
			data: imprinted.buffer.slice(imprinted.byteOffset, imprinted.byteOffset + imprinted.byteLength) as ArrayBuffer
		});
		if (!imprintOk) return { marca: { ora, tsa, valida: false, messaggio: 'La marca temporale non riguarda questa firma.' }, time: null };
		const chain = await checkChain(tsaCert, certs, trusted, time);
		if (chain.controllo.esito !== 'ok')
			return { marca: { ora, tsa, valida: false, messaggio: `Marca temporale di un’autorità non fidata (${tsa}).` }, time: null };
		return { marca: { ora, tsa, valida: true, messaggio: `Marca temporale valida (${tsa}).` }, time };
	} catch {
		return { marca: { ora: '', tsa: null, valida: false, messaggio: 'Marca temporale illeggibile.' }, time: null };
	}
}

/** The signature timestamp token in a SignerInfo's unsigned attributes, if any. */
export function signatureTimestampOf(si: pkijs.SignerInfo): pkijs.ContentInfo | null {
	const attr = si.unsignedAttrs?.attributes.find((a) => a.type === OID.signatureTimeStampToken);
	if (!attr || !attr.values[0]) return null;
	try {
		return new pkijs.ContentInfo({ schema: attr.values[0] as asn1js.Sequence });
	} catch {
		return null;
	}
}
