import { randomInt, randomUUID } from 'node:crypto';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { rsaSignDigest } from './sign/signer.ts';

/**
 * Remote and one-shot signature, shaped like the Cloud Signature Consortium API v2:
 * credentials/list, credentials/sendOTP, credentials/authorize (OTP -> SAD bound to the hashes),
 * signatures/signHash. GoSign-, Namirial- or Aruba-like services implement it over HTTP; the
 * local provider below (backed by a test CA) is the test and demo implementation.
 */
export interface CscCredential {
	id: string;
	nome: string;
	codiceFiscale: string | null;
	/** DER */
	certificate: Uint8Array;
	chain: Uint8Array[];
}

export interface OneShotIdentity {
	nome: string;
	codiceFiscale: string;
	/** How the provider identified the signer (e.g. "SPID", "CIE"). */
	identificazione: string;
}

export interface RemoteSignatureProvider {
	readonly nome: string;
	listCredentials(codiceFiscale: string): Promise<CscCredential[]>;
	sendOtp(credentialId: string): Promise<void>;
	/** Returns the Signature Activation Data for exactly these SHA-256 hashes. */
	authorize(credentialId: string, otp: string, hashes: Uint8Array[]): Promise<string>;
	signHash(credentialId: string, sad: string, hashes: Uint8Array[]): Promise<Uint8Array[]>;
	/** A one-shot certificate issued after the signer's identification at the provider. */
	issueOneShot(identity: OneShotIdentity): Promise<CscCredential>;
}

export class ProviderError extends Error {
	override name = 'ProviderError';
}

/**
 * A provider's refusal, also when it comes from another copy of this module (the provider is built
 * by the composition root, outside the SvelteKit bundle, so `instanceof` alone is not enough).
 */
export function isProviderError(err: unknown): err is ProviderError {
	return err instanceof ProviderError || (err instanceof Error && err.name === 'ProviderError');
}

interface LocalCredential extends CscCredential {
	key: KeyObject;
}

export interface LocalProviderOptions {
	credentials: (CscCredential & { keyPem: string })[];
	/** Issues the one-shot certificate (the test CA). */
	oneShot?: (identity: OneShotIdentity) => Promise<CscCredential & { keyPem: string }>;
	/** Delivers a new OTP to the signer (the demo's "SMS"): a file the test reads, a log line. */
	onOtp?: (credentialId: string, otp: string) => void;
}

/** The fake provider: keys in memory, OTPs readable by the test (or shown by the demo). */
export class LocalCscProvider implements RemoteSignatureProvider {
	readonly nome = 'Firma remota di prova';
	#creds = new Map<string, LocalCredential>();
	#otp = new Map<string, string>();
	#sad = new Map<string, { credentialId: string; hashes: string[] }>();
	#oneShot: LocalProviderOptions['oneShot'];
	#onOtp: LocalProviderOptions['onOtp'];
	/** Fault injection for tests: the next call (or the next call of `faultOn`) fails or never answers. */
	fault: 'errore' | 'timeout' | null = null;
	faultOn: 'listCredentials' | 'sendOtp' | 'authorize' | 'signHash' | 'issueOneShot' | null = null;

	constructor(opts: LocalProviderOptions) {
		for (const c of opts.credentials) this.#add(c);
		this.#oneShot = opts.oneShot;
		this.#onOtp = opts.onOtp;
	}

	/** Adds (or replaces) a credential: the directory-backed provider loads new ones as they appear. */
	addCredential(c: CscCredential & { keyPem: string }): void {
		this.#add(c);
	}

	#add(c: CscCredential & { keyPem: string }): LocalCredential {
		const cred = {
			id: c.id,
			nome: c.nome,
			codiceFiscale: c.codiceFiscale,
			certificate: c.certificate,
			chain: c.chain,
			key: createPrivateKey(c.keyPem)
		};
		this.#creds.set(cred.id, cred);
		return cred;
	}

	async #maybeFail(method: NonNullable<LocalCscProvider['faultOn']>): Promise<void> {
		if (this.faultOn && this.faultOn !== method) return;
		const f = this.fault;
		this.fault = null;
		this.faultOn = null;
		if (f === 'errore') throw new ProviderError('Errore interno del servizio di firma.');
		if (f === 'timeout') await new Promise(() => {});
	}

	/** The OTP last sent for a credential (what the signer reads on their phone). */
	otpFor(credentialId: string): string | null {
		return this.#otp.get(credentialId) ?? null;
	}

	async listCredentials(codiceFiscale: string): Promise<CscCredential[]> {
		await this.#maybeFail('listCredentials');
		return [...this.#creds.values()].filter((c) => c.codiceFiscale === codiceFiscale.toUpperCase()).map(({ key: _k, ...c }) => c);
	}
	async sendOtp(credentialId: string): Promise<void> {
		await this.#maybeFail('sendOtp');
		if (!this.#creds.has(credentialId)) throw new ProviderError('Credenziale di firma sconosciuta.');
		const otp = String(randomInt(0, 1_000_000)).padStart(6, '0');
		this.#otp.set(credentialId, otp);
		this.#onOtp?.(credentialId, otp);
	}
	async authorize(credentialId: string, otp: string, hashes: Uint8Array[]): Promise<string> {
		await this.#maybeFail('authorize');
		const expected = this.#otp.get(credentialId);
		if (!expected || expected !== otp) throw new ProviderError('Codice OTP errato o scaduto.');
		this.#otp.delete(credentialId);
		const sad = randomUUID();
		this.#sad.set(sad, { credentialId, hashes: hashes.map((h) => Buffer.from(h).toString('hex')) });
		return sad;
	}
	async signHash(credentialId: string, sad: string, hashes: Uint8Array[]): Promise<Uint8Array[]> {
		await this.#maybeFail('signHash');
		const auth = this.#sad.get(sad);
		this.#sad.delete(sad);
		const cred = this.#creds.get(credentialId);
		if (!auth || !cred || auth.credentialId !== credentialId) throw new ProviderError('Autorizzazione alla firma non valida.');
		if (hashes.some((h) => !auth.hashes.includes(Buffer.from(h).toString('hex')))) throw new ProviderError('Impronta non autorizzata.');
		return hashes.map((h) => rsaSignDigest(cred.key, h));
	}
	async issueOneShot(identity: OneShotIdentity): Promise<CscCredential> {
		await this.#maybeFail('issueOneShot');
		if (!this.#oneShot) throw new ProviderError('Firma one-shot non disponibile presso questo servizio.');
		const { key: _k, ...c } = this.#add(await this.#oneShot(identity));
		return c;
	}
}

/** Rejects with `message` when `p` takes longer than `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
	let timer: NodeJS.Timeout;
	return Promise.race([
		p.finally(() => clearTimeout(timer)),
		new Promise<T>((_, reject) => {
			timer = setTimeout(() => reject(new ProviderError(message)), ms);
		})
	]);
}
