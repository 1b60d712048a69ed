import { createPrivateKey, createSign, generateKeyPairSync, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID, toArrayBuffer } from './verify/asn1.ts';

/**
 * The certificate authority of the local (test and demo) signature provider: it issues the
 * one-shot certificates "on the spot, after identification", as a real provider's CA does after
 * SPID/CIE. Certificates look qualified like the test PKI's (serialNumber=TINIT-<CF>, QC
 * statements QcCompliance + QcSSCD + QcType esign, nonRepudiation) and point to the CA's CRL
 * and OCSP responder when given, so the in-app verification checks them like any other. Built
 * with pkijs (already our CMS library); the signature with node:crypto. RSA-2048 keys.
 */
export interface LocalCa {
	/** DER of the CA certificate. */
	certificate: Uint8Array;
	keyPem: string;
	crlUrl?: string | null;
	ocspUrl?: string | null;
	/** Validity of an issued certificate; default 30 days (real one-shot certificates live minutes, verified with a timestamp). */
	validityMs?: number;
}

export interface IssuedCertificate {
	certificate: Uint8Array;
	keyPem: string;
}

const SHA256_RSA = '1.2.840.113549.1.1.11';

const rsaSha256 = () => new pkijs.AlgorithmIdentifier({ algorithmId: SHA256_RSA, algorithmParams: new asn1js.Null() });

function ext(extnID: string, critical: boolean, value: asn1js.BaseBlock): pkijs.Extension {
	return new pkijs.Extension({ extnID, critical, extnValue: value.toBER(false) });
}

const uri = (value: string) => new pkijs.GeneralName({ type: 6, value });

/** QCStatements: QcCompliance, QcSSCD, QcType esign (ETSI EN 319 412-5). */
function qcStatements(): asn1js.Sequence {
	const stmt = (id: string, info?: asn1js.BaseBlock) =>
		new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: id }), ...(info ? [info] : [])] });
	return new asn1js.Sequence({
		value: [
			stmt(OID.qcCompliance),
			stmt(OID.qcSSCD),
			stmt(OID.qcType, new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.qcTypeEsign })] }))
		]
	});
}

/** Issues a signer certificate for `nome` / `codiceFiscale` with a new key pair. */
export function issueSignerCertificate(ca: LocalCa, subject: { nome: string; codiceFiscale: string }, now = new Date()): IssuedCertificate {
	const caCert = pkijs.Certificate.fromBER(toArrayBuffer(ca.certificate));
	const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const cert = new pkijs.Certificate();
	cert.version = 2;
	const serial = randomBytes(16);
	serial[0] &= 0x7f;
	cert.serialNumber = new asn1js.Integer({ valueHex: toArrayBuffer(new Uint8Array(serial)) });
	cert.signature = rsaSha256();
	cert.issuer = caCert.subject;
	cert.notBefore.value = new Date(now.getTime() - 60_000);
	cert.notAfter.value = new Date(now.getTime() + (ca.validityMs ?? 30 * 86_400_000));
	cert.subject.typesAndValues.push(
		new pkijs.AttributeTypeAndValue({ type: '2.5.4.6', value: new asn1js.PrintableString({ value: 'IT' }) }),
		new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: subject.nome }) }),
		new pkijs.AttributeTypeAndValue({
			type: '2.5.4.5',
			value: new asn1js.PrintableString({ value: `TINIT-${subject.codiceFiscale.toUpperCase()}` })
		})
	);
	cert.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(toArrayBuffer(new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }))));
	const keyUsage = new asn1js.BitString({ valueHex: new Uint8Array([0x40]).buffer, unusedBits: 6 }); // nonRepudiation
	const extensions = [
		ext('2.5.29.19', true, new pkijs.BasicConstraints({ cA: false }).toSchema()),
		ext(OID.keyUsage, true, keyUsage),
		ext(OID.qcStatements, false, qcStatements())
	];
	const ski = caCert.extensions?.find((e) => e.extnID === '2.5.29.14')?.parsedValue;
	if (ski instanceof asn1js.OctetString)
		extensions.push(ext('2.5.29.35', false, new pkijs.AuthorityKeyIdentifier({ keyIdentifier: ski }).toSchema()));
	if (ca.crlUrl)
		extensions.push(
			ext(
				OID.crlDistributionPoints,
				false,
				new pkijs.CRLDistributionPoints({
					distributionPoints: [new pkijs.DistributionPoint({ distributionPoint: [uri(ca.crlUrl)] })]
				}).toSchema()
			)
		);
	if (ca.ocspUrl)
		extensions.push(
			ext(
				OID.authorityInfoAccess,
				false,
				new pkijs.InfoAccess({
					accessDescriptions: [new pkijs.AccessDescription({ accessMethod: OID.ocsp, accessLocation: uri(ca.ocspUrl) })]
				}).toSchema()
			)
		);
	cert.extensions = extensions;
	cert.tbsView = new Uint8Array(cert.encodeTBS().toBER());
	const signature = createSign('sha256').update(cert.tbsView).sign(createPrivateKey(ca.keyPem));
	cert.signatureAlgorithm = rsaSha256();
	cert.signatureValue = new asn1js.BitString({ valueHex: toArrayBuffer(new Uint8Array(signature)) });
	return {
		certificate: new Uint8Array(cert.toSchema(false).toBER()),
		keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
	};
}
