import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID, toArrayBuffer } from '../verify/asn1.ts';

/** ESS signing-certificate-v2 (RFC 5035) for `cert`: SHA-256 of the certificate and its issuer/serial. */
function signingCertificateV2(cert: pkijs.Certificate, der: Uint8Array): asn1js.Sequence {
	const hash = createHash('sha256').update(der).digest();
	return new asn1js.Sequence({
		value: [
			new asn1js.Sequence({
				value: [
					new asn1js.Sequence({
						value: [
							new asn1js.OctetString({ valueHex: toArrayBuffer(new Uint8Array(hash)) }),
							new asn1js.Sequence({
								value: [
									new asn1js.Sequence({
										value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [cert.issuer.toSchema()] })]
									}),
									new asn1js.Integer({ valueHex: toArrayBuffer(new Uint8Array(cert.serialNumber.valueBlock.valueHexView)) })
								]
							})
						]
					})
				]
			})
		]
	});
}

export interface SignedAttributes {
	attributes: pkijs.Attribute[];
	/** DER of the attributes as a SET OF: what is hashed and signed. */
	der: Uint8Array;
}

/**
 * PAdES-baseline signed attributes: content-type, message-digest, signing-certificate-v2. No
 * signing-time (the claimed time is the signature dictionary's /M, as ETSI EN 319 142-1 wants).
 * DER order of the SET OF.
 */
export function padesSignedAttributes(documentDigest: Uint8Array, certDer: Uint8Array): SignedAttributes {
	const cert = pkijs.Certificate.fromBER(toArrayBuffer(certDer));
	const attrs = [
		new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
		new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: toArrayBuffer(documentDigest) })] }),
		new pkijs.Attribute({ type: OID.signingCertificateV2, values: [signingCertificateV2(cert, certDer)] })
	];
	const encoded = attrs.map((a) => ({ a, der: Buffer.from(a.toSchema().toBER()) }));
	encoded.sort((x, y) => Buffer.compare(x.der, y.der));
	const sorted = encoded.map((e) => e.a);
	const set = new asn1js.Set({ value: sorted.map((a) => a.toSchema()) });
	return { attributes: sorted, der: new Uint8Array(set.toBER()) };
}

/** A CMS SignedData (detached) from the signed attributes, the signature value and an optional timestamp token. */
export function assembleSignedData(opts: {
	certDer: Uint8Array;
	chain: Uint8Array[];
	signed: SignedAttributes;
	signature: Uint8Array;
	timestampToken?: pkijs.ContentInfo | null;
}): Uint8Array {
	const cert = pkijs.Certificate.fromBER(toArrayBuffer(opts.certDer));
	const sha256 = new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 });
	const signerInfo = new pkijs.SignerInfo({
		version: 1,
		sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
		digestAlgorithm: sha256,
		signedAttrs: new pkijs.SignedAndUnsignedAttributes({
			type: 0,
			attributes: opts.signed.attributes,
			encodedValue: toArrayBuffer(opts.signed.der)
		}),
		signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.rsaEncryption, algorithmParams: new asn1js.Null() }),
		signature: new asn1js.OctetString({ valueHex: toArrayBuffer(opts.signature) })
	});
	if (opts.timestampToken)
		signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
			type: 1,
			attributes: [new pkijs.Attribute({ type: OID.signatureTimeStampToken, values: [opts.timestampToken.toSchema()] })]
		});
	const sd = new pkijs.SignedData({
		version: 1,
		digestAlgorithms: [sha256],
		encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
		certificates: [cert, ...opts.chain.map((c) => pkijs.Certificate.fromBER(toArrayBuffer(c)))],
		signerInfos: [signerInfo]
	});
	const ci = new pkijs.ContentInfo({ contentType: OID.signedData, content: sd.toSchema(true) });
	return new Uint8Array(ci.toSchema().toBER());
}
