import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attemptLogin, INVALID_CREDENTIALS } from '../../db/auth/login.ts';
import { checkLoginRate } from '../../db/auth/rate-limit.ts';
import { verifyAuditChain } from '../../db/audit/repo.ts';
import { auditLog } from '../../db/schema.ts';
import { validateSessionToken } from '../../db/auth/session.ts';
import { createOrganismo, createTestDb, createUser } from '../helpers/db.ts';

const limits = { windowMs: 60_000, maxPerIp: 8, maxPerAccount: 3 };
let t: ReturnType<typeof createTestDb>;
let email: string;
beforeEach(async () => {
	t = createTestDb();
	const { organismoId } = createOrganismo(t.db);
	email = (await createUser(t.db, organismoId, 'avvocato', { email: 'Avv.Rossi@Prova.it' })).email;
});
afterEach(() => t.cleanup());

describe('login with rate limiting', () => {
	it('logs in with the right password (email case-insensitive) and audits it', async () => {
		const r = await attemptLogin(t.db, { email: 'avv.rossi@prova.it', password: 'password-di-prova', ip: '10.0.0.1' }, limits);
		expect(r.ok).toBe(true);
		if (r.ok) expect(validateSessionToken(t.db, r.token).user?.email).toBe(email);
		expect(
			t.db
				.select()
				.from(auditLog)
				.all()
				.map((a) => a.action)
		).toContain('auth.login');
	});

	it('wrong password and unknown account give the same Italian message', async () => {
		const a = await attemptLogin(t.db, { email, password: 'sbagliata', ip: '10.0.0.1' }, limits);
		const b = await attemptLogin(t.db, { email: 'nessuno@prova.it', password: 'x', ip: '10.0.0.1' }, limits);
		expect(a).toEqual({ ok: false, status: 400, message: INVALID_CREDENTIALS });
		expect(b).toEqual({ ok: false, status: 400, message: INVALID_CREDENTIALS });
		expect(
			t.db
				.select()
				.from(auditLog)
				.all()
				.filter((x) => x.action === 'auth.login_failed')
		).toHaveLength(2);
	});

	it('blocks an account after too many failures, even with the right password, from any IP', async () => {
		for (let i = 0; i < 3; i++) await attemptLogin(t.db, { email, password: 'sbagliata', ip: `10.0.0.${i}` }, limits);
		const r = await attemptLogin(t.db, { email, password: 'password-di-prova', ip: '10.9.9.9' }, limits);
		expect(r.ok).toBe(false);
		if (!r.ok) {
			expect(r.status).toBe(429);
			expect(r.message).toMatch(/^Troppi tentativi di accesso non riusciti\. Riprova tra \d+ minut[oi]\.$/);
		}
	});

	it('the block lifts when the window passes', async () => {
		const now = Date.now();
		for (let i = 0; i < 3; i++) await attemptLogin(t.db, { email, password: 'sbagliata', ip: '10.0.0.1' }, limits);
		expect(checkLoginRate(t.db, '10.0.0.1', email, limits, now).allowed).toBe(false);
		expect(checkLoginRate(t.db, '10.0.0.1', email, limits, now + 61_000).allowed).toBe(true);
	});

	it('blocks an IP that tries many accounts', async () => {
		for (let i = 0; i < 8; i++) await attemptLogin(t.db, { email: `x${i}@prova.it`, password: 'x', ip: '10.6.6.6' }, limits);
		const r = await attemptLogin(t.db, { email, password: 'password-di-prova', ip: '10.6.6.6' }, limits);
		expect(r).toMatchObject({ ok: false, status: 429 });
		const other = await attemptLogin(t.db, { email, password: 'password-di-prova', ip: '10.7.7.7' }, limits);
		expect(other.ok).toBe(true);
		expect(verifyAuditChain(t.db).ok).toBe(true);
	});
});
