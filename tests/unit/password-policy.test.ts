import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changePassword } from '#db/auth/password-change.ts';
import { passwordProblem } from '#db/auth/password-policy.ts';
import { verifyPassword } from '#db/auth/password.ts';
import { getUserById } from '#db/auth/users.ts';
import { createSession, generateSessionToken, validateSessionToken } from '#db/auth/session.ts';
import { auditLog } from '#db/schema.ts';
import { verifyAuditChain } from '#db/audit/repo.ts';
import { createOrganismo, createTestDb, createUser } from '../helpers/db.ts';

// Issue #11, finding 10: the password policy (common passwords shipped as data, the person's own
// data) and the change of password (throttled and audited current-password guesses, one transaction).

describe('password policy', () => {
	const owner = { email: 'giulia.bianchi@studiolegale.it', nome: 'Giulia', cognome: 'Bianchi' };
	it.each([
		['aaaaaaaaaa', /facile da indovinare/],
		['password123', /facile da indovinare.*uso comune/],
		['qwertyuiop', /facile da indovinare/],
		['1234567890', /facile da indovinare/],
		['juventus1897', /facile da indovinare/],
		['breve', /almeno 10 caratteri/]
	])('refuses %s', async (password, message) => {
		expect(await passwordProblem(password, owner)).toMatch(message);
	});

	it.each(['giulia.bianchi@studiolegale.it', 'GiuliaB-2026-!x', 'Bianchi#Tramonto42', 'giuliabianchi', 'Studio-giulia.bianchi-9'])(
		'refuses what contains the own e-mail or name: %s',
		async (password) => {
			expect(await passwordProblem(password, owner)).toBe(
				'La password non deve contenere il tuo nome, il cognome o il tuo indirizzo email.'
			);
		}
	);

	it.each(['Tramonto-sul-Po-92', 'correct horse battery staple', 'Accordo.Demo.2026', 'Mediazione-sicura-42'])(
		'accepts %s',
		async (password) => {
			expect(await passwordProblem(password, owner)).toBeNull();
		}
	);
});

describe('changing the password', () => {
	let t: ReturnType<typeof createTestDb>;
	let user: Awaited<ReturnType<typeof createUser>>;
	const limits = { windowMs: 60_000, maxPerIp: 20, maxPerAccount: 3 };
	beforeEach(async () => {
		t = createTestDb();
		const { organismoId } = createOrganismo(t.db);
		user = await createUser(t.db, organismoId, 'avvocato', {
			email: 'marco.verdi@prova.it',
			nome: 'Marco',
			cognome: 'Verdi',
			password: 'Vecchia-Password-7'
		});
	});
	afterEach(() => t.cleanup());
	const actions = () =>
		t.db
			.select()
			.from(auditLog)
			.all()
			.map((a) => a.action);

	it('a wrong current password is audited and counted; after the limit the next try waits, even with the right one', async () => {
		for (let i = 0; i < 3; i++) {
			const r = await changePassword(t.db, user, { current: `sbagliata-${i}`, next: 'Tramonto-sul-Po-92', ip: '10.0.0.1' }, limits);
			expect(r).toMatchObject({ ok: false, field: 'current', code: 'invalid', message: 'La password attuale non è corretta.' });
		}
		expect(actions().filter((a) => a === 'auth.password_change_failed')).toHaveLength(3);
		const blocked = await changePassword(t.db, user, { current: 'Vecchia-Password-7', next: 'Tramonto-sul-Po-92', ip: '10.0.0.1' }, limits);
		expect(blocked).toMatchObject({
			ok: false,
			code: 'too_many',
			message: expect.stringMatching(/^Troppi tentativi con una password errata: riprova tra \d+ secondi\.$/)
		});
		expect(actions()).toContain('auth.password_change_blocked');
		expect(await verifyPassword(getUserById(t.db, user.id)!.passwordHash!, 'Vecchia-Password-7')).toBe(true);
	});

	it('refuses a weak or personal new password and changes nothing', async () => {
		const weak = await changePassword(t.db, user, { current: 'Vecchia-Password-7', next: 'aaaaaaaaaa', ip: '10.0.0.1' }, limits);
		expect(weak).toMatchObject({ ok: false, field: 'next', code: 'invalid' });
		const own = await changePassword(
			t.db,
			user,
			{ current: 'Vecchia-Password-7', next: 'Marco.Verdi.Sicura-2026', ip: '10.0.0.1' },
			limits
		);
		expect(own).toMatchObject({ ok: false, field: 'next', message: expect.stringContaining('il tuo nome') });
		expect(await verifyPassword(getUserById(t.db, user.id)!.passwordHash!, 'Vecchia-Password-7')).toBe(true);
		expect(actions()).not.toContain('auth.password_changed');
	});

	it('a good change ends the other sessions, opens this one and is audited, all in one transaction', async () => {
		const other = generateSessionToken();
		createSession(t.db, other, user.id);
		const r = await changePassword(t.db, user, { current: 'Vecchia-Password-7', next: 'Tramonto-sul-Po-92', ip: '10.0.0.1' }, limits);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(validateSessionToken(t.db, other).session).toBeNull();
		expect(validateSessionToken(t.db, r.token).user?.id).toBe(user.id);
		expect(actions()).toContain('auth.password_changed');
		expect(verifyAuditChain(t.db, user.organismoId).ok).toBe(true);
	});

	it('the audit row fails with the change: a broken audit leaves the old password and sessions', async () => {
		const other = generateSessionToken();
		createSession(t.db, other, user.id);
		// The audit log refuses the insert (as a full disk or a broken chain would).
		t.db.$client.exec(
			"CREATE TRIGGER audit_refuse BEFORE INSERT ON audit_log WHEN NEW.action = 'auth.password_changed' BEGIN SELECT RAISE(ABORT, 'audit down'); END"
		);
		await expect(
			changePassword(t.db, user, { current: 'Vecchia-Password-7', next: 'Tramonto-sul-Po-92', ip: '10.0.0.1' }, limits)
		).rejects.toThrow('audit down');
		expect(await verifyPassword(getUserById(t.db, user.id)!.passwordHash!, 'Vecchia-Password-7')).toBe(true);
		expect(validateSessionToken(t.db, other).session).not.toBeNull();
	});
});
