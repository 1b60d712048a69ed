import { createHash } from 'node:crypto';
import { assembleSignedData, padesSignedAttributes } from './cms.ts';
import { coveredBytes, embedSignature, preparePlaceholder } from './pdf-incremental.ts';
import type { HashSigner } from './signer.ts';
import { requestTimestamp } from './tsa.ts';

export interface SignPdfOptions {
	fieldName?: string;
	reason?: string;
	location?: string;
	name?: string;
	/** RFC 3161 TSA: when set the signature is PAdES-B-T (signature timestamp). */
	tsaUrl?: string | null;
	signingTime?: Date;
}

const sha256 = (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());

/**
 * PAdES-B (B-T with a TSA) signature as an incremental update: the earlier signatures stay valid.
 * The CMS is built with pkijs; the signature value comes from `signer.signHash` (local key or a
 * remote provider).
 */
export async function signPdf(
	pdf: Uint8Array,
	signer: HashSigner,
	opts: SignPdfOptions = {}
): Promise<{ pdf: Uint8Array; fieldName: string }> {
	const placeholder = await preparePlaceholder(pdf, {
		fieldName: opts.fieldName,
		reason: opts.reason,
		location: opts.location,
		name: opts.name,
		signingTime: opts.signingTime ?? new Date()
	});
	const signed = padesSignedAttributes(sha256(coveredBytes(placeholder)), signer.certificate);
	const signature = await signer.signHash(sha256(signed.der));
	const timestampToken = opts.tsaUrl ? await requestTimestamp(opts.tsaUrl, sha256(signature)) : null;
	const cms = assembleSignedData({ certDer: signer.certificate, chain: signer.chain, signed, signature, timestampToken });
	return { pdf: embedSignature(placeholder, cms), fieldName: placeholder.fieldName };
}
