import type { Db } from '../client.ts';
import { appendAudit } from '../audit/repo.ts';
import { findUserByEmail } from './users.ts';
import { burnPasswordCheck, verifyPassword } from './password.ts';
import { checkLoginRate, DEFAULT_LOGIN_LIMITS, recordLoginAttempt, type LoginRateLimits } from './rate-limit.ts';
import { createSession, generateSessionToken, type Session } from './session.ts';

export type LoginResult = { ok: true; token: string; session: Session; userId: string } | { ok: false; status: 400 | 429; message: string };

export const INVALID_CREDENTIALS = 'Email o password non corretti.';

function minutes(ms: number): string {
	if (ms < 60_000) {
		const sec = Math.max(1, Math.ceil(ms / 1000));
		return sec === 1 ? '1 secondo' : `${sec} secondi`;
	}
	const m = Math.ceil(ms / 60000);
	return m === 1 ? '1 minuto' : `${m} minuti`;
}

/**
 * The whole login decision: rate limits (per IP and per account), password check with constant
 * work for unknown accounts, attempt and audit records, session creation.
 */
export async function attemptLogin(
	db: Db,
	input: { email: string; password: string; ip: string },
	limits: LoginRateLimits = DEFAULT_LOGIN_LIMITS
): Promise<LoginResult> {
	const email = input.email.trim().toLowerCase();
	const rate = checkLoginRate(db, input.ip, email, limits);
	if (!rate.allowed) {
		appendAudit(db, { action: 'auth.login_blocked', details: { email, ip: input.ip, scope: rate.scope } });
		return {
			ok: false,
			status: 429,
			message: `Troppi tentativi di accesso non riusciti. Riprova tra ${minutes(rate.retryAfterMs)}.`
		};
	}
	const user = findUserByEmail(db, email);
	let valid = false;
	if (user && user.active) valid = await verifyPassword(user.passwordHash, input.password);
	else await burnPasswordCheck(input.password);
	recordLoginAttempt(db, input.ip, email, valid);
	if (!valid || !user) {
		appendAudit(db, {
			action: 'auth.login_failed',
			organismoId: user?.organismoId ?? null,
			actorId: user?.id ?? null,
			details: { email, ip: input.ip }
		});
		return { ok: false, status: 400, message: INVALID_CREDENTIALS };
	}
	const token = generateSessionToken();
	const session = createSession(db, token, user.id);
	appendAudit(db, { action: 'auth.login', organismoId: user.organismoId, actorId: user.id, details: { ip: input.ip } });
	return { ok: true, token, session, userId: user.id };
}
