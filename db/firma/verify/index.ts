import { createHash } from 'node:crypto';
import type * as pkijs from 'pkijs';
import { derFromAny, parseSignedData } from './asn1.ts';
import { verifyCades, type VerifyContext } from './cms.ts';
import { verifyPades } from './pades.ts';
import { loadPdf } from './pdf-objects.ts';
import type { RapportoVerifica, VerificaFirma } from './types.ts';

export type { RapportoVerifica, VerificaFirma } from './types.ts';

export interface VerifyInput {
	nome: string;
	bytes: Uint8Array;
	/** The Organismo's trusted CAs and TSAs. */
	trusted: pkijs.Certificate[];
	/** Codici fiscali expected among the signers. */
	attesi?: string[];
	/** For a detached .p7s: the signed document. */
	contenuto?: Uint8Array;
	now?: Date;
	/** Per revocation request (OCSP / CRL); default 5 s. */
	timeoutMs?: number;
}

/** A PDF starts with %PDF- (some writers put a few bytes before it); a DER envelope starts with 0x30. */
function isPdf(bytes: Uint8Array): boolean {
	if (bytes[0] === 0x30) return false;
	const at = Buffer.from(bytes.subarray(0, 1024)).indexOf('%PDF-');
	return at >= 0 && !Buffer.from(bytes.subarray(0, at)).toString('latin1').includes('-----BEGIN');
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export function summary(firme: VerificaFirma[], problemi: string[]): { esito: RapportoVerifica['esito']; sintesi: string } {
	if (!firme.length) return { esito: 'non_firmato', sintesi: problemi[0] ?? 'Il file non contiene firme digitali.' };
	const ko = firme.filter((f) => f.esito === 'non_valida').length;
	const nv = firme.filter((f) => f.esito === 'non_verificabile').length;
	const n = firme.length;
	const tot = n === 1 ? '1 firma' : `${n} firme`;
	if (ko) return { esito: 'non_valida', sintesi: `${tot}: ${ko} non ${ko === 1 ? 'valida' : 'valide'}.` };
	if (nv) return { esito: 'non_verificabile', sintesi: `${tot}: ${nv} non ${nv === 1 ? 'verificabile' : 'verificabili'} completamente.` };
	return { esito: 'valida', sintesi: n === 1 ? '1 firma valida.' : `${n} firme, tutte valide.` };
}

/**
 * Verifies any signed file: PAdES (every signature in the PDF), CAdES attached or nested `.p7m`
 * (and the PAdES signatures of the PDF inside), CAdES detached `.p7s` with its content. Returns the
 * rapporto di verifica (JSON); `renderRapportoPdf` makes its PDF.
 */
export async function verifyFile(input: VerifyInput): Promise<RapportoVerifica> {
	const ctx: VerifyContext = {
		trusted: input.trusted,
		attesi: (input.attesi ?? []).map((c) => c.toUpperCase()),
		now: input.now ?? new Date(),
		revocation: { timeoutMs: input.timeoutMs ?? 5000, crlCache: new Map() }
	};
	const base = {
		versione: 1 as const,
		verificatoIl: ctx.now.toISOString(),
		destinatariAttesi: ctx.attesi,
		file: {
			nome: input.nome,
			sha256: sha256(input.bytes),
			dimensione: input.bytes.length,
			formato: 'altro' as RapportoVerifica['file']['formato']
		}
	};
	const problemi: string[] = [];
	let firme: VerificaFirma[] = [];
	let pdfa: RapportoVerifica['pdfa'] = null;
	let contenuto: RapportoVerifica['contenuto'] = null;

	if (isPdf(input.bytes)) {
		base.file.formato = 'pdf';
		try {
			const r = await verifyPades(input.bytes, ctx, await loadPdf(input.bytes));
			firme = r.firme;
			problemi.push(...r.problemi);
			pdfa = r.pdfa;
		} catch {
			problemi.push('Il file PDF non è leggibile.');
		}
	} else {
		const der = derFromAny(input.bytes);
		const sd = der ? parseSignedData(der) : null;
		if (!der || !sd) {
			problemi.push('Il file non è firmato digitalmente: non è un PDF né una busta CAdES (.p7m / .p7s).');
		} else {
			const r = await verifyCades(der, ctx, input.contenuto);
			base.file.formato = r.firme.some((f) => f.formato === 'CAdES detached') ? 'p7s' : 'p7m';
			firme = r.firme;
			if (r.contenuto) {
				const inner = isPdf(r.contenuto);
				contenuto = { formato: inner ? 'pdf' : 'altro', sha256: sha256(r.contenuto), dimensione: r.contenuto.length };
				if (inner) {
					try {
						const p = await verifyPades(r.contenuto, ctx);
						for (const f of p.firme) firme.push({ ...f, indice: firme.length + 1 });
						problemi.push(...p.problemi);
						pdfa = p.pdfa;
					} catch {
						problemi.push('Il PDF contenuto nella busta non è leggibile.');
					}
				}
			}
		}
	}
	if (ctx.attesi.length && firme.length) {
		const found = new Set(firme.map((f) => f.firmatario?.codiceFiscale).filter(Boolean));
		const missing = ctx.attesi.filter((cf) => !found.has(cf));
		if (missing.length) problemi.push(`Manca la firma di: ${missing.map((cf) => `CF ${cf}`).join(', ')}.`);
	}
	const s = summary(firme, problemi);
	return { ...base, esito: s.esito, sintesi: s.sintesi, firme, problemi, pdfa, contenuto };
}
