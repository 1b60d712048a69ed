import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { hex, OID } from './asn1.ts';

/** What the report says about a certificate. */
export interface CertInfo {
	nome: string;
	/** Codice fiscale from serialNumber "TINIT-<CF>" (ETSI EN 319 412-1 semantics identifier). */
	codiceFiscale: string | null;
	/** The whole subject serialNumber when it is another kind of identifier (IDCIT-, PASIT-, …). */
	identificativo: string | null;
	organizzazione: string | null;
	emittente: string;
	seriale: string;
	validoDal: string;
	validoAl: string;
	impronta: string;
	nonRipudio: boolean;
	/** QcCompliance present: an EU qualified certificate. */
	qualificato: boolean;
	/** QcSSCD: the key is on a qualified signature creation device. */
	dispositivoQualificato: boolean;
	/** QcType: esign / eseal / other. */
	tipoQc: 'firma' | 'sigillo' | null;
	crl: string[];
	ocsp: string[];
}

const ATTR = { cn: '2.5.4.3', surname: '2.5.4.4', serialNumber: '2.5.4.5', given: '2.5.4.42', org: '2.5.4.10', country: '2.5.4.6' };

function attr(name: pkijs.RelativeDistinguishedNames, oid: string): string | null {
	const tv = name.typesAndValues.find((t) => t.type === oid);
	if (!tv) return null;
	const v = (tv.value as { valueBlock: { value: unknown } }).valueBlock.value;
	return typeof v === 'string' ? v : null;
}

export function certificateName(name: pkijs.RelativeDistinguishedNames): string {
	const cn = attr(name, ATTR.cn);
	if (cn) return cn;
	const parts = [attr(name, ATTR.given), attr(name, ATTR.surname)].filter(Boolean);
	return parts.length ? parts.join(' ') : (attr(name, ATTR.org) ?? 'sconosciuto');
}

function extension(cert: pkijs.Certificate, oid: string): pkijs.Extension | undefined {
	return cert.extensions?.find((e) => e.extnID === oid);
}

function uris(names: pkijs.GeneralName[] | undefined): string[] {
	return (names ?? []).filter((g) => g.type === 6 && typeof g.value === 'string').map((g) => g.value as string);
}

export function keyUsageBits(cert: pkijs.Certificate): { digitalSignature: boolean; nonRepudiation: boolean } | null {
	const ext = extension(cert, OID.keyUsage);
	if (!ext) return null;
	const bits = ext.parsedValue instanceof asn1js.BitString ? new Uint8Array(ext.parsedValue.valueBlock.valueHexView) : null;
	const b0 = bits?.[0] ?? 0;
	return { digitalSignature: (b0 & 0x80) !== 0, nonRepudiation: (b0 & 0x40) !== 0 };
}

export function describeCertificate(cert: pkijs.Certificate): CertInfo {
	const serialNumber = attr(cert.subject, ATTR.serialNumber);
	const cfMatch = serialNumber ? /^TINIT-([A-Z0-9]{16}|[0-9]{11})$/i.exec(serialNumber.trim()) : null;
	const qc = extension(cert, OID.qcStatements)?.parsedValue as pkijs.QCStatements | undefined;
	const qcIds = qc?.values?.map((v) => v.id) ?? [];
	let tipoQc: CertInfo['tipoQc'] = null;
	const typeStmt = qc?.values?.find((v) => v.id === OID.qcType);
	if (typeStmt?.type) {
		const text = JSON.stringify((typeStmt.type as asn1js.BaseBlock).toJSON?.() ?? '');
		if (text.includes(OID.qcTypeEsign)) tipoQc = 'firma';
		else if (text.includes(OID.qcTypeEseal)) tipoQc = 'sigillo';
	}
	const cdp = extension(cert, OID.crlDistributionPoints)?.parsedValue as pkijs.CRLDistributionPoints | undefined;
	const aia = extension(cert, OID.authorityInfoAccess)?.parsedValue as pkijs.InfoAccess | undefined;
	const der = new Uint8Array(cert.toSchema(true).toBER());
	return {
		nome: certificateName(cert.subject),
		codiceFiscale: cfMatch ? cfMatch[1].toUpperCase() : null,
		identificativo: serialNumber && !cfMatch ? serialNumber : null,
		organizzazione: attr(cert.subject, ATTR.org),
		emittente: certificateName(cert.issuer),
		seriale: hex(cert.serialNumber.valueBlock.valueHexView),
		validoDal: cert.notBefore.value.toISOString(),
		validoAl: cert.notAfter.value.toISOString(),
		impronta: createHash('sha256').update(der).digest('hex'),
		nonRipudio: keyUsageBits(cert)?.nonRepudiation ?? false,
		qualificato: qcIds.includes(OID.qcCompliance),
		dispositivoQualificato: qcIds.includes(OID.qcSSCD),
		tipoQc,
		crl: (cdp?.distributionPoints ?? []).flatMap((dp) => uris(dp.distributionPoint as pkijs.GeneralName[] | undefined)),
		ocsp: (aia?.accessDescriptions ?? []).filter((a) => a.accessMethod === OID.ocsp).flatMap((a) => uris([a.accessLocation]))
	};
}

export function certificateDer(cert: pkijs.Certificate): Uint8Array {
	return new Uint8Array(cert.toSchema(true).toBER());
}
