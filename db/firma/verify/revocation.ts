import * as asn1js from 'asn1js';
import { formatDataOraSecondi } from '../../shared/time.ts';
import * as pkijs from 'pkijs';
import { asnTime, toArrayBuffer } from './asn1.ts';
import type { CertInfo } from './certificate.ts';
import type { Controllo } from './types.ts';

export interface RevocationOptions {
	/** Per request; default 5 s. */
	timeoutMs?: number;
	/** CRLs fetched in this verification run, by URL. */
	crlCache?: Map<string, pkijs.CertificateRevocationList | null>;
}

type Status = { state: 'good'; via: string } | { state: 'revoked'; at: Date | null; via: string } | { state: 'unknown'; reason: string };

async function post(url: string, body: Uint8Array, type: string, timeoutMs: number): Promise<Uint8Array> {
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': type },
		body: Buffer.from(body),
		signal: AbortSignal.timeout(timeoutMs)
	});
	if (!res.ok) throw new Error(`HTTP ${res.status}`);
	return new Uint8Array(await res.arrayBuffer());
}

async function get(url: string, timeoutMs: number): Promise<Uint8Array> {
	const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
	if (!res.ok) throw new Error(`HTTP ${res.status}`);
	return new Uint8Array(await res.arrayBuffer());
}

async function viaOcsp(url: string, cert: pkijs.Certificate, issuer: pkijs.Certificate, timeoutMs: number): Promise<Status> {
	try {
		const req = new pkijs.OCSPRequest();
		await req.createForCertificate(cert, { hashAlgorithm: 'SHA-1', issuerCertificate: issuer });
		const der = new Uint8Array(req.toSchema(true).toBER());
		const bytes = await post(url, der, 'application/ocsp-request', timeoutMs);
		const resp = pkijs.OCSPResponse.fromBER(toArrayBuffer(bytes));
		if (resp.responseStatus.valueBlock.valueDec !== 0 || !resp.responseBytes)
			return { state: 'unknown', reason: `il servizio OCSP ha risposto con errore (${resp.responseStatus.valueBlock.valueDec})` };
		const basic = pkijs.BasicOCSPResponse.fromBER(toArrayBuffer(new Uint8Array(resp.responseBytes.response.valueBlock.valueHexView)));
		let signed = false;
		try {
			signed = await basic.verify({ trustedCerts: [issuer], issuerCerts: [issuer] });
		} catch {
			signed = false;
		}
		if (!signed) return { state: 'unknown', reason: 'la risposta OCSP non è firmata da un responder autorizzato' };
		const status = await basic.getCertificateStatus(cert, issuer);
		if (!status.isForCertificate) return { state: 'unknown', reason: 'la risposta OCSP non riguarda questo certificato' };
		if (status.status === 0) return { state: 'good', via: 'OCSP' };
		if (status.status === 1) {
			const single = basic.tbsResponseData.responses.find((r) => r.certStatus?.idBlock?.tagNumber === 1);
			const inner = single?.certStatus?.valueBlock?.value?.[0];
			let at: Date | null = null;
			if (inner instanceof asn1js.GeneralizedTime) at = inner.toDate();
			else if (inner && 'valueBlock' in inner) {
				try {
					at = new asn1js.GeneralizedTime({ valueHex: (inner as asn1js.Primitive).valueBlock.valueHexView }).toDate();
				} catch {
					at = null;
				}
			}
			return { state: 'revoked', at, via: 'OCSP' };
		}
		return { state: 'unknown', reason: 'il servizio OCSP non conosce il certificato' };
	} catch (err) {
		return { state: 'unknown', reason: `servizio OCSP non raggiungibile (${(err as Error).message})` };
	}
}

async function viaCrl(url: string, cert: pkijs.Certificate, issuer: pkijs.Certificate, opts: RevocationOptions): Promise<Status> {
	const timeoutMs = opts.timeoutMs ?? 5000;
	let crl = opts.crlCache?.get(url);
	if (crl === undefined) {
		try {
			const bytes = await get(url, timeoutMs);
			crl = pkijs.CertificateRevocationList.fromBER(toArrayBuffer(bytes));
			if (!(await crl.verify({ issuerCertificate: issuer }))) crl = null;
		} catch {
			crl = null;
		}
		opts.crlCache?.set(url, crl);
	}
	if (!crl) return { state: 'unknown', reason: 'lista di revoca (CRL) non raggiungibile o non firmata dall’emittente' };
	const next = crl.nextUpdate ? (asnTime(crl.nextUpdate.value) ?? crl.nextUpdate.value) : null;
	if (next && next.getTime() < Date.now()) return { state: 'unknown', reason: 'la lista di revoca (CRL) è scaduta' };
	if (crl.isCertificateRevoked(cert)) {
		const serial = cert.serialNumber.valueBlock.valueHexView;
		const entry = crl.revokedCertificates?.find(
			(r) => Buffer.compare(Buffer.from(r.userCertificate.valueBlock.valueHexView), Buffer.from(serial)) === 0
		);
		return { state: 'revoked', at: entry ? entry.revocationDate.value : null, via: 'CRL' };
	}
	return { state: 'good', via: 'CRL' };
}

const fmt = formatDataOraSecondi;

/**
 * Revocation of `cert` at `at`: OCSP first (when the certificate names a responder), then the CRL.
 * When neither answers the result is "non verificabile", never "valida".
 */
export async function checkRevocation(
	cert: pkijs.Certificate,
	info: CertInfo,
	issuer: pkijs.Certificate | null,
	at: Date,
	hasTrustedTime: boolean,
	opts: RevocationOptions = {}
): Promise<Controllo> {
	if (!issuer) return { codice: 'revoca', esito: 'nv', messaggio: 'Revoca non verificabile: certificato dell’emittente non disponibile.' };
	if (!info.ocsp.length && !info.crl.length)
		return { codice: 'revoca', esito: 'nv', messaggio: 'Revoca non verificabile: il certificato non indica servizi OCSP o CRL.' };
	const reasons: string[] = [];
	let status: Status | null = null;
	for (const url of info.ocsp) {
		const s = await viaOcsp(url, cert, issuer, opts.timeoutMs ?? 5000);
		if (s.state !== 'unknown') {
			status = s;
			break;
		}
		reasons.push(s.reason);
	}
	if (!status) {
		for (const url of info.crl) {
			const s = await viaCrl(url, cert, issuer, opts);
			if (s.state !== 'unknown') {
				status = s;
				break;
			}
			reasons.push(s.reason);
		}
	}
	if (!status) return { codice: 'revoca', esito: 'nv', messaggio: `Revoca non verificabile: ${reasons.join('; ')}.` };
	if (status.state === 'good') return { codice: 'revoca', esito: 'ok', messaggio: `Certificato non revocato (${status.via}).` };
	if (status.at && hasTrustedTime && status.at.getTime() > at.getTime())
		return {
			codice: 'revoca',
			esito: 'ok',
			messaggio: `Certificato revocato il ${fmt(status.at)} (${status.via}), dopo la marca temporale della firma.`
		};
	return {
		codice: 'revoca',
		esito: 'ko',
		messaggio: `Certificato revocato${status.at ? ` il ${fmt(status.at)}` : ''} (${status.via}).`
	};
}
