import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '#db/auth/password.ts';

describe('argon2id passwords', () => {
	it('hashes with argon2id and verifies', async () => {
		const h = await hashPassword('una password lunga è sicura');
		expect(h.startsWith('$argon2id$')).toBe(true);
		expect(h).toContain('m=19456,t=2,p=1');
		expect(await verifyPassword(h, 'una password lunga è sicura')).toBe(true);
		expect(await verifyPassword(h, 'una password lunga e sicura')).toBe(false);
	});

	it('salts: the same password hashes differently', async () => {
		expect(await hashPassword('stessa')).not.toBe(await hashPassword('stessa'));
	});

	it('a malformed hash never matches', async () => {
		expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
	});
});
