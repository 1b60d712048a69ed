import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attemptLogin, INVALID_CREDENTIALS } from '#db/auth/login.ts';
import { checkLoginRate, MAX_ACCOUNT_DELAY_MS, recordLoginAttempt } from '#db/auth/rate-limit.ts';
import { verifyAuditChain } from '#db/audit/repo.ts';
import { auditLog } from '#db/schema.ts';
import { validateSessionToken } from '#db/auth/session.ts';
import { createOrganismo, createTestDb, createUser } from '../helpers/db.ts';

const limits = { windowMs: 60_000, maxPerIp: 8, maxPerAccount: 3 };
let t: ReturnType<typeof createTestDb>;
let email: string;
let organismoId: string;
beforeEach(async () => {
	t = createTestDb();
	({ organismoId } = createOrganismo(t.db));
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
		expect(a).toEqual({ ok: false, code: 'invalid', message: INVALID_CREDENTIALS });
		expect(b).toEqual({ ok: false, code: 'invalid', message: INVALID_CREDENTIALS });
		expect(
			t.db
				.select()
				.from(auditLog)
				.all()
				.filter((x) => x.action === 'auth.login_failed')
		).toHaveLength(2);
	});

	it('slows an account down after too many failures, even with the right password, from any IP', async () => {
		for (let i = 0; i < 3; i++) await attemptLogin(t.db, { email, password: 'sbagliata', ip: `10.0.0.${i}` }, limits);
		const r = await attemptLogin(t.db, { email, password: 'password-di-prova', ip: '10.9.9.9' }, limits);
		expect(r.ok).toBe(false);
		if (!r.ok) {
			expect(r.code).toBe('too_many');
			expect(r.message).toMatch(/^Troppi tentativi di accesso non riusciti\. Riprova tra \d+ second[oi]\.$/);
		}
	});

	it('the account is slowed down (doubling waits, at most a minute), never locked for the window', () => {
		const now = Date.now();
		const fail = (at: number) => recordLoginAttempt(t.db, '10.0.0.1', email, false, at);
		for (let i = 0; i < 3; i++) fail(now - 1000 + i);
		expect(checkLoginRate(t.db, '10.0.0.2', email, limits, now)).toMatchObject({ allowed: false, scope: 'account' });
		expect(checkLoginRate(t.db, '10.0.0.2', email, limits, now + 1000).allowed).toBe(true);
		// 20 more failures: the wait is capped at a minute, not the 15-minute window.
		for (let i = 0; i < 20; i++) fail(now + 2000 + i);
		const d = checkLoginRate(t.db, '10.0.0.2', email, limits, now + 2100);
		expect(d.allowed).toBe(false);
		if (!d.allowed) expect(d.retryAfterMs).toBeLessThanOrEqual(MAX_ACCOUNT_DELAY_MS);
		expect(checkLoginRate(t.db, '10.0.0.2', email, limits, now + 2020 + MAX_ACCOUNT_DELAY_MS).allowed).toBe(true);
	});

	it('a success does not reset the per-IP count: one valid account cannot cover password spraying', async () => {
		// 84 guesses on other accounts from one IP, with a valid login every 3 guesses.
		let blockedAt = -1;
		for (let i = 0; i < 84 && blockedAt < 0; i++) {
			if (i % 3 === 0) await attemptLogin(t.db, { email, password: 'password-di-prova', ip: '10.5.5.5' }, limits);
			const r = await attemptLogin(t.db, { email: `vittima${i}@prova.it`, password: 'Estate2026!', ip: '10.5.5.5' }, limits);
			if (!r.ok && r.code === 'too_many') blockedAt = i;
		}
		expect(blockedAt).toBe(limits.maxPerIp);
	});

	it("blocks an IP that tries many accounts on an Organismo's login page", async () => {
		for (let i = 0; i < 8; i++) await attemptLogin(t.db, { email: `x${i}@prova.it`, password: 'x', ip: '10.6.6.6', organismoId }, limits);
		const r = await attemptLogin(t.db, { email, password: 'password-di-prova', ip: '10.6.6.6', organismoId }, limits);
		expect(r).toMatchObject({ ok: false, code: 'too_many' });
		// The deployment's page, with an address of the same Organismo: the same counter.
		expect(await attemptLogin(t.db, { email, password: 'password-di-prova', ip: '10.6.6.6' }, limits)).toMatchObject({ code: 'too_many' });
		const other = await attemptLogin(t.db, { email, password: 'password-di-prova', ip: '10.7.7.7' }, limits);
		expect(other.ok).toBe(true);
		expect(verifyAuditChain(t.db).ok).toBe(true);
	});

	it("failures against one Organismo's accounts do not lock another Organismo's staff out of the same IP", async () => {
		const other = createOrganismo(t.db).organismoId;
		const admin = await createUser(t.db, other, 'amministratore', { email: 'admin@altro.it' });
		// 8 failures on tenant A's addresses (its login page and its members' e-mails on the shared page).
		for (let i = 0; i < 4; i++) await attemptLogin(t.db, { email: `x${i}@prova.it`, password: 'x', ip: '10.8.8.8', organismoId }, limits);
		for (let i = 0; i < 4; i++)
			await attemptLogin(t.db, { email: `x${i + 4}@prova.it`, password: 'x', ip: '10.8.8.8', organismoId }, limits);
		expect(await attemptLogin(t.db, { email, password: 'password-di-prova', ip: '10.8.8.8' }, limits)).toMatchObject({ code: 'too_many' });
		const b = await attemptLogin(t.db, { email: admin.email, password: 'password-di-prova', ip: '10.8.8.8' }, limits);
		expect(b.ok).toBe(true);
		const c = await attemptLogin(t.db, { email: admin.email, password: 'password-di-prova', ip: '10.8.8.8', organismoId: other }, limits);
		expect(c.ok).toBe(true);
	});
});
