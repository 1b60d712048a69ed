import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Credentials of the sender accounts are encrypted at rest with AES-256-GCM. The key comes from the
 * environment (ACCORDO_CREDENTIALS_KEY: 32 bytes as base64 or 64 hex digits) and never from the
 * database; the row id is the additional authenticated data, so a ciphertext copied onto another
 * account does not decrypt.
 */
export const CREDENTIALS_KEY_ENV = 'ACCORDO_CREDENTIALS_KEY';

export class CredentialsKeyError extends Error {}

export const MISSING_KEY_MESSAGE = `Chiave di cifratura delle credenziali non configurata: imposta ${CREDENTIALS_KEY_ENV} (32 byte in base64, ad esempio \`openssl rand -base64 32\`).`;

/** Parses the key from an environment (server/config.ts does it once at start-up). */
export function credentialsKey(env: Record<string, string | undefined>): Buffer {
	const raw = env[CREDENTIALS_KEY_ENV]?.trim();
	if (!raw) throw new CredentialsKeyError(MISSING_KEY_MESSAGE);
	const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
	if (key.length !== 32) throw new CredentialsKeyError(`${CREDENTIALS_KEY_ENV} deve contenere 32 byte (base64 o 64 cifre esadecimali).`);
	return key;
}

export function encryptSecret(plain: string, key: Buffer, aad: string): string {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', key, iv);
	cipher.setAAD(Buffer.from(aad, 'utf8'));
	const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
	return `v1:${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64')}`;
}

export function decryptSecret(stored: string, key: Buffer, aad: string): string {
	if (!stored.startsWith('v1:')) throw new CredentialsKeyError('Credenziali cifrate in un formato sconosciuto.');
	const buf = Buffer.from(stored.slice(3), 'base64');
	const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
	decipher.setAAD(Buffer.from(aad, 'utf8'));
	decipher.setAuthTag(buf.subarray(12, 28));
	try {
		return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString('utf8');
	} catch {
		throw new CredentialsKeyError('Impossibile decifrare le credenziali della casella: la chiave ACCORDO_CREDENTIALS_KEY è cambiata?');
	}
}
