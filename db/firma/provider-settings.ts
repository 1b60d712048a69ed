import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { issueSignerCertificate } from './local-ca.ts';
import { LocalCscProvider, ProviderError, type CscCredential, type OneShotIdentity, type RemoteSignatureProvider } from './provider.ts';

/**
 * Which remote signature service the web process uses (server/config.ts parses the environment):
 * - `FIRMA_PROVIDER=nessuno` (default): remote and one-shot signing are not offered;
 * - `FIRMA_PROVIDER=locale` with `FIRMA_PROVIDER_DIR`: the local CSC-shaped provider for tests and
 *   demos, backed by a test CA. Its credentials are JSON files in `<dir>/credenziali/` (read again
 *   on every request, so a test can add signers while the server runs); each OTP it "sends" is
 *   written to `<dir>/otp/<credentialId>.txt`, the demo's stand-in for the SMS. One-shot
 *   certificates are issued on the spot by the CA in `<dir>/ca.json` (LocalCaFile: the test CA's
 *   certificate and key, and its CRL / OCSP addresses to write into what it issues); without that
 *   file the provider offers no one-shot signature.
 * A real CSC HTTP client (GoSign, Namirial, Aruba) is a third value still to write.
 * `FIRMA_TSA_URL`: the RFC 3161 timestamping service for PAdES-B-T (none: PAdES-B).
 */
export interface FirmaConfig {
	provider: 'nessuno' | 'locale';
	providerDir: string | null;
	tsaUrl: string | null;
	providerTimeoutMs: number;
}

/** One credential file of the local provider. */
export const LocalCredentialFile = z.object({
	id: z.string().min(1).max(200),
	nome: z.string().min(1).max(200),
	codiceFiscale: z.string().min(11).max(16).nullable(),
	certificatePem: z.string().min(1),
	keyPem: z.string().min(1),
	chainPem: z.array(z.string()).default([])
});
export type LocalCredentialFile = z.infer<typeof LocalCredentialFile>;

/** The local provider's CA for one-shot certificates (`<dir>/ca.json`). */
export const LocalCaFile = z.object({
	certificatePem: z.string().min(1),
	keyPem: z.string().min(1),
	crlUrl: z.url().nullish(),
	ocspUrl: z.url().nullish()
});
export type LocalCaFile = z.infer<typeof LocalCaFile>;

const pemToDer = (pem: string) =>
	new Uint8Array(Buffer.from(pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, ''), 'base64'));

/** The local provider over a directory (see FirmaSettings). */
export class DirectoryCscProvider implements RemoteSignatureProvider {
	readonly nome = 'Firma remota di prova';
	readonly #inner: LocalCscProvider;
	readonly #dir: string;
	#seen = new Map<string, number>();

	constructor(dir: string) {
		this.#dir = dir;
		this.#inner = new LocalCscProvider({
			credentials: [],
			oneShot: async (identity) => this.#issue(identity),
			onOtp: (id, otp) => {
				const otpDir = join(dir, 'otp');
				mkdirSync(otpDir, { recursive: true });
				writeFileSync(join(otpDir, `${id.replace(/[^A-Za-z0-9_-]/g, '_')}.txt`), otp, { mode: 0o600 });
			}
		});
	}

	/** A one-shot certificate from the directory's CA (read on every request, like the credentials). */
	#issue(identity: OneShotIdentity): CscCredential & { keyPem: string } {
		let text: string;
		try {
			text = readFileSync(join(this.#dir, 'ca.json'), 'utf8');
		} catch {
			throw new ProviderError('Firma one-shot non disponibile presso questo servizio.');
		}
		const parsed = LocalCaFile.safeParse(JSON.parse(text));
		if (!parsed.success)
			throw new ProviderError('Firma one-shot non disponibile: autorità di certificazione del servizio non configurata.');
		const ca = parsed.data;
		const issued = issueSignerCertificate(
			{ certificate: pemToDer(ca.certificatePem), keyPem: ca.keyPem, crlUrl: ca.crlUrl, ocspUrl: ca.ocspUrl },
			identity
		);
		return {
			id: `oneshot-${randomUUID()}`,
			nome: identity.nome,
			codiceFiscale: identity.codiceFiscale.toUpperCase(),
			certificate: issued.certificate,
			chain: [],
			keyPem: issued.keyPem
		};
	}

	get fault() {
		return this.#inner.fault;
	}
	set fault(f) {
		this.#inner.fault = f;
	}

	/** Loads new or changed credential files; a malformed file is skipped (and said once). */
	#sync(): void {
		const credDir = join(this.#dir, 'credenziali');
		let names: string[];
		try {
			names = readdirSync(credDir).filter((n) => n.endsWith('.json'));
		} catch {
			return;
		}
		for (const name of names) {
			const path = join(credDir, name);
			let text: string;
			try {
				text = readFileSync(path, 'utf8');
			} catch {
				continue;
			}
			const hash = text.length ^ [...text].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) | 0, 7);
			if (this.#seen.get(name) === hash) continue;
			this.#seen.set(name, hash);
			const parsed = LocalCredentialFile.safeParse(JSON.parse(text));
			if (!parsed.success) {
				console.warn(`accordo firma: credential file ${name} ignored (${parsed.error.issues[0]?.message})`);
				continue;
			}
			const c = parsed.data;
			const cred: CscCredential & { keyPem: string } = {
				id: c.id,
				nome: c.nome,
				codiceFiscale: c.codiceFiscale?.toUpperCase() ?? null,
				certificate: pemToDer(c.certificatePem),
				chain: c.chainPem.map(pemToDer),
				keyPem: c.keyPem
			};
			this.#inner.addCredential(cred);
		}
	}

	listCredentials(codiceFiscale: string) {
		this.#sync();
		return this.#inner.listCredentials(codiceFiscale);
	}
	sendOtp(credentialId: string) {
		return this.#inner.sendOtp(credentialId);
	}
	authorize(credentialId: string, otp: string, hashes: Uint8Array[]) {
		return this.#inner.authorize(credentialId, otp, hashes);
	}
	signHash(credentialId: string, sad: string, hashes: Uint8Array[]) {
		return this.#inner.signHash(credentialId, sad, hashes);
	}
	issueOneShot(identity: Parameters<RemoteSignatureProvider['issueOneShot']>[0]) {
		return this.#inner.issueOneShot(identity);
	}
}

/** The configured provider, or null when remote signing is off. */
export function providerFromConfig(c: FirmaConfig): RemoteSignatureProvider | null {
	if (c.provider === 'locale' && c.providerDir) return new DirectoryCscProvider(c.providerDir);
	return null;
}
