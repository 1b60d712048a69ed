import * as pkijs from 'pkijs';
import { certificateName } from './certificate.ts';
import type { Controllo } from './types.ts';

export interface ChainResult {
	controllo: Controllo;
	issuer: pkijs.Certificate | null;
}

function sameName(a: pkijs.RelativeDistinguishedNames, b: pkijs.RelativeDistinguishedNames): boolean {
	return a.isEqual(b);
}

/**
 * Builds the path from `cert` to one of the Organismo's trusted certificates (with the
 * intermediates the signature carries), checked at `at`.
 */
export async function checkChain(
	cert: pkijs.Certificate,
	extra: pkijs.Certificate[],
	trusted: pkijs.Certificate[],
	at: Date
): Promise<ChainResult> {
	const issuerGuess = [...extra, ...trusted].find((c) => c !== cert && sameName(c.subject, cert.issuer)) ?? null;
	if (!trusted.length)
		return {
			controllo: { codice: 'catena', esito: 'nv', messaggio: 'Nessuna autorità di certificazione fidata configurata dall’Organismo.' },
			issuer: issuerGuess
		};
	try {
		const engine = new pkijs.CertificateChainValidationEngine({
			certs: [cert, ...extra.filter((c) => c !== cert)],
			trustedCerts: trusted,
			checkDate: at
		});
		const result = await engine.verify();
		if (result.result) {
			const path = result.certificatePath ?? [];
			const issuer = path.length > 1 ? path[1] : issuerGuess;
			return {
				controllo: { codice: 'catena', esito: 'ok', messaggio: `Emesso da un’autorità fidata (${certificateName(cert.issuer)}).` },
				issuer
			};
		}
		return {
			controllo: {
				codice: 'catena',
				esito: 'ko',
				messaggio: `Il certificato non è emesso da un’autorità fidata dall’Organismo (emittente: ${certificateName(cert.issuer)}).`
			},
			issuer: issuerGuess
		};
	} catch {
		return {
			controllo: {
				codice: 'catena',
				esito: 'ko',
				messaggio: `Il certificato non è emesso da un’autorità fidata dall’Organismo (emittente: ${certificateName(cert.issuer)}).`
			},
			issuer: issuerGuess
		};
	}
}
