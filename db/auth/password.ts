import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's minimum recommendation (19 MiB, 2 iterations, 1 lane).
const OPTIONS = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false; // malformed hash: never a match
	}
}

/** Pre-computed hash used to spend the same time when the account does not exist. */
let dummyHash: Promise<string> | null = null;
export async function burnPasswordCheck(password: string): Promise<void> {
	dummyHash ??= hashPassword('accordo-timing-equaliser');
	await verifyPassword(await dummyHash, password);
}
