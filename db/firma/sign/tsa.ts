import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID, toArrayBuffer } from '../verify/asn1.ts';

export class TsaError extends Error {}

/** RFC 3161 client: asks `url` for a timestamp token over `digest` (SHA-256). */
export async function requestTimestamp(url: string, digest: Uint8Array, timeoutMs = 10_000): Promise<pkijs.ContentInfo> {
	const req = new pkijs.TimeStampReq({
		version: 1,
		messageImprint: new pkijs.MessageImprint({
			hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
			hashedMessage: new asn1js.OctetString({ valueHex: toArrayBuffer(digest) })
		}),
		nonce: new asn1js.Integer({ valueHex: toArrayBuffer(new Uint8Array(randomBytes(8))) }),
		certReq: true
	});
	let body: Uint8Array;
	try {
		const res = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/timestamp-query' },
			body: Buffer.from(req.toSchema().toBER()),
			signal: AbortSignal.timeout(timeoutMs)
		});
		if (!res.ok) throw new TsaError(`Il servizio di marca temporale ha risposto ${res.status}.`);
		body = new Uint8Array(await res.arrayBuffer());
	} catch (err) {
		if (err instanceof TsaError) throw err;
		throw new TsaError('Servizio di marca temporale non raggiungibile.');
	}
	let resp: pkijs.TimeStampResp;
	try {
		resp = pkijs.TimeStampResp.fromBER(toArrayBuffer(body));
	} catch {
		throw new TsaError('Risposta del servizio di marca temporale illeggibile.');
	}
	if (resp.status.status > 1 || !resp.timeStampToken) throw new TsaError('Il servizio di marca temporale ha rifiutato la richiesta.');
	return resp.timeStampToken;
}
