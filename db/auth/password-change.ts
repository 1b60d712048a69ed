import type { Db } from '../client.ts';
import { writeTransaction } from '../client.ts';
import { appendAudit } from '../audit/repo.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { passwordProblem } from './password-policy.ts';
import { checkLoginRate, recordLoginAttempt, DEFAULT_LOGIN_LIMITS, type LoginRateLimits } from './rate-limit.ts';
import { createSession, generateSessionToken, invalidateUserSessions, type Session } from './session.ts';
import { getUserById, setPasswordHash } from './users.ts';
import { failure, invalid, ok, type Outcome } from '../shared/outcome.ts';

/** The new session of this device, or a refusal: invalid (field current or next) or too_many (the login limits). */
export type PasswordChangeResult = Outcome<{ token: string; session: Session }>;

const WRONG_CURRENT = 'La password attuale non è corretta.';

/**
 * Changes a signed-in person's password. The current password is a password guess like a login:
 * it goes through the same per-account and per-IP limits (db/auth/rate-limit.ts), and a wrong
 * one is recorded and audited (`auth.password_change_failed`). The new one must pass the policy
 * (db/auth/password-policy.ts). The change, the end of every other session, this device's new
 * session and the audit row are one transaction.
 */
export async function changePassword(
	db: Db,
	actor: { id: string; organismoId: string | null; membershipId: string | null },
	input: { current: string; next: string; ip: string },
	limits: LoginRateLimits = DEFAULT_LOGIN_LIMITS,
	now = Date.now()
): Promise<PasswordChangeResult> {
	const user = getUserById(db, actor.id);
	if (!user?.passwordHash) return invalid(WRONG_CURRENT, 'current');
	const rate = checkLoginRate(db, input.ip, user.email, limits, now, actor.organismoId);
	if (!rate.allowed) {
		appendAudit(db, {
			action: 'auth.password_change_blocked',
			organismoId: actor.organismoId,
			actorId: actor.id,
			details: { ip: input.ip, scope: rate.scope }
		});
		const seconds = Math.ceil(rate.retryAfterMs / 1000);
		return failure('too_many', `Troppi tentativi con una password errata: riprova tra ${seconds} secondi.`, { field: 'current' });
	}
	if (!(await verifyPassword(user.passwordHash, input.current))) {
		writeTransaction(db, () => {
			recordLoginAttempt(db, input.ip, user.email, false, now, actor.organismoId);
			appendAudit(db, {
				action: 'auth.password_change_failed',
				organismoId: actor.organismoId,
				actorId: actor.id,
				details: { ip: input.ip }
			});
		});
		return invalid(WRONG_CURRENT, 'current');
	}
	const problem = await passwordProblem(input.next, user);
	if (problem) return invalid(problem, 'next');
	const passwordHash = await hashPassword(input.next);
	const token = generateSessionToken();
	const session = writeTransaction(db, () => {
		recordLoginAttempt(db, input.ip, user.email, true, now, actor.organismoId);
		setPasswordHash(db, actor.id, passwordHash);
		// A new password ends every other session; this device gets a fresh one.
		invalidateUserSessions(db, actor.id);
		const created = createSession(db, token, actor.id, now, { membershipId: actor.membershipId });
		appendAudit(db, { action: 'auth.password_changed', organismoId: actor.organismoId, actorId: actor.id });
		return created;
	});
	return ok({ token, session });
}
