import * as pkijs from 'pkijs';
import { formatDataOraSecondi } from '../../shared/time.ts';
import { asnTime, encapsulatedContent, OID, parseSignedData, toArrayBuffer } from './asn1.ts';
import { describeCertificate, type CertInfo } from './certificate.ts';
import { checkChain } from './chain.ts';
import { checkRevocation, type RevocationOptions } from './revocation.ts';
import { signatureTimestampOf, verifyTimestampToken } from './timestamp.ts';
import { esitoDi, type Controllo, type MarcaTemporale, type VerificaFirma } from './types.ts';

export interface VerifyContext {
	trusted: pkijs.Certificate[];
	/** Codici fiscali of whoever is expected to have signed (empty: not checked). */
	attesi: string[];
	now: Date;
	revocation: RevocationOptions;
}

const fmt = formatDataOraSecondi;

function integrityMessage(err: unknown): string {
	const m = err instanceof Error ? err.message : String(err);
	if (/digest/i.test(m)) return 'Il contenuto è stato alterato dopo la firma: l’impronta non corrisponde.';
	if (/certificate/i.test(m) && /not found|Unable/i.test(m)) return 'Il file non contiene il certificato del firmatario.';
	return 'La firma non è integra: il file o la firma sono stati alterati.';
}

/** The checks shared by CAdES and PAdES for one SignerInfo whose integrity result is known. */
export async function checkSigner(
	sd: pkijs.SignedData,
	index: number,
	integrity: { ok: boolean; message: string; cert: pkijs.Certificate | null },
	ctx: VerifyContext,
	extra: { oraDichiarata?: Date | null } = {}
): Promise<Pick<VerificaFirma, 'firmatario' | 'oraDichiarata' | 'marcaTemporale' | 'oraRiferimento' | 'controlli' | 'esito'>> {
	const si = sd.signerInfos[index];
	const controlli: Controllo[] = [{ codice: 'integrita', esito: integrity.ok ? 'ok' : 'ko', messaggio: integrity.message }];
	const certs = (sd.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
	let cert = integrity.cert;
	if (!cert && si.sid instanceof pkijs.IssuerAndSerialNumber) {
		const sid = si.sid;
		cert = certs.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber)) ?? null;
	}
	const signingAttr = si.signedAttrs?.attributes.find((a) => a.type === OID.signingTime);
	const oraDichiarata = extra.oraDichiarata ?? (signingAttr ? asnTime(signingAttr.values[0]) : null);

	let marca: MarcaTemporale | null = null;
	let trustedTime: Date | null = null;
	const token = signatureTimestampOf(si);
	if (token) {
		const r = await verifyTimestampToken(token, new Uint8Array(si.signature.valueBlock.valueHexView), ctx.trusted);
		marca = r.marca;
		trustedTime = r.time;
		controlli.push({ codice: 'marca_temporale', esito: r.marca.valida ? 'ok' : 'avviso', messaggio: r.marca.messaggio });
	}
	const at = trustedTime ?? ctx.now;

	let firmatario: CertInfo | null = null;
	if (!cert) {
		controlli.push({ codice: 'certificato', esito: 'ko', messaggio: 'Il file non contiene il certificato del firmatario.' });
	} else {
		firmatario = describeCertificate(cert);
		const from = cert.notBefore.value;
		const to = cert.notAfter.value;
		const when = trustedTime ? `alla data della marca temporale (${fmt(at)})` : `alla data della verifica (${fmt(at)})`;
		if (at < from)
			controlli.push({ codice: 'validita', esito: 'ko', messaggio: `Certificato non ancora valido ${when}: valido dal ${fmt(from)}.` });
		else if (at > to)
			controlli.push({ codice: 'validita', esito: 'ko', messaggio: `Certificato scaduto il ${fmt(to)} (controllato ${when}).` });
		else controlli.push({ codice: 'validita', esito: 'ok', messaggio: `Certificato valido ${when}: dal ${fmt(from)} al ${fmt(to)}.` });

		controlli.push(
			firmatario.nonRipudio
				? { codice: 'non_ripudio', esito: 'ok', messaggio: 'Il certificato è destinato alla firma (non ripudio).' }
				: {
						codice: 'non_ripudio',
						esito: 'ko',
						messaggio: 'Il certificato non ha l’uso "non ripudio": non è un certificato di firma digitale.'
					}
		);
		controlli.push(
			firmatario.qualificato
				? {
						codice: 'qualificato',
						esito: 'ok',
						messaggio: `Certificato qualificato${firmatario.dispositivoQualificato ? ' su dispositivo qualificato (QSCD)' : ''}.`
					}
				: { codice: 'qualificato', esito: 'ko', messaggio: 'Il certificato non è qualificato (manca la dichiarazione QcCompliance).' }
		);
		const chain = await checkChain(cert, certs, ctx.trusted, at);
		controlli.push(chain.controllo);
		if (chain.controllo.esito === 'ok')
			controlli.push(await checkRevocation(cert, firmatario, chain.issuer, at, trustedTime !== null, ctx.revocation));
		else controlli.push({ codice: 'revoca', esito: 'nv', messaggio: 'Revoca non verificata: emittente non fidato.' });
		if (ctx.attesi.length) {
			const cf = firmatario.codiceFiscale;
			controlli.push(
				cf && ctx.attesi.includes(cf)
					? { codice: 'destinatario', esito: 'ok', messaggio: `Firmata dal firmatario atteso (CF ${cf}).` }
					: {
							codice: 'destinatario',
							esito: 'avviso',
							messaggio: `Firmata da ${firmatario.nome}${cf ? ` (CF ${cf})` : ''}, non da un firmatario atteso.`
						}
			);
		}
	}
	return {
		firmatario,
		oraDichiarata: oraDichiarata ? oraDichiarata.toISOString() : null,
		marcaTemporale: marca,
		oraRiferimento: at.toISOString(),
		controlli,
		esito: esitoDi(controlli)
	};
}

/** Verifies signer `index` of `sd` over `data` (the detached content) or its encapsulated content. */
export async function verifySignerIntegrity(
	sd: pkijs.SignedData,
	index: number,
	data?: Uint8Array
): Promise<{ ok: boolean; message: string; cert: pkijs.Certificate | null }> {
	try {
		const r = await sd.verify({ signer: index, data: data ? toArrayBuffer(data) : undefined, extendedMode: true, checkChain: false });
		return r.signatureVerified
			? { ok: true, message: 'La firma è integra: il contenuto non è stato modificato.', cert: r.signerCertificate ?? null }
			: { ok: false, message: 'La firma non è integra: il file o la firma sono stati alterati.', cert: r.signerCertificate ?? null };
	} catch (err) {
		const e = err as pkijs.SignedDataVerifyError;
		return { ok: false, message: integrityMessage(err), cert: e?.signerCertificate ?? null };
	}
}

export interface CadesResult {
	firme: VerificaFirma[];
	/** The innermost content (the signed document), when attached. */
	contenuto: Uint8Array | null;
}

/**
 * CAdES: every SignerInfo of the envelope (parallel signatures) and, when the content is itself a
 * CAdES envelope (nested .p7m.p7m), every signer of the inner ones.
 */
export async function verifyCades(der: Uint8Array, ctx: VerifyContext, detached?: Uint8Array): Promise<CadesResult> {
	const firme: VerificaFirma[] = [];
	let current: Uint8Array | null = der;
	let level = 1;
	let contenuto: Uint8Array | null = null;
	while (current) {
		const sd = parseSignedData(current);
		if (!sd) break;
		const inner = encapsulatedContent(sd);
		const data = inner ? undefined : level === 1 ? detached : undefined;
		for (let i = 0; i < sd.signerInfos.length; i++) {
			const integrity =
				inner || data
					? await verifySignerIntegrity(sd, i, data)
					: { ok: false, message: 'Firma separata (.p7s): manca il documento firmato.', cert: null };
			const checks = await checkSigner(sd, i, integrity, ctx);
			firme.push({ indice: firme.length + 1, formato: inner ? 'CAdES' : 'CAdES detached', livello: level, ...checks });
		}
		contenuto = inner ?? data ?? null;
		current = inner && parseSignedData(inner) ? inner : null;
		level++;
	}
	return { firme, contenuto };
}
