import type { Db } from '../client.ts';
import { appendAudit } from '../audit/repo.ts';
import { defaultMembershipId, findAccountByEmail, listActiveMemberships } from './memberships.ts';
import { burnPasswordCheck, verifyPassword } from './password.ts';
import { checkLoginRate, DEFAULT_LOGIN_LIMITS, recordLoginAttempt, type LoginRateLimits } from './rate-limit.ts';
import { createSession, generateSessionToken, type Session } from './session.ts';
import { failure, forbidden, invalid, ok, type Outcome } from '../shared/outcome.ts';

/**
 * Where the person goes after a successful login: the Organismo's pages (one membership, or the one
 * whose login page was used), the picker (several), or the platform console (an operator).
 */
export type LoginNext = 'organismo' | 'scegli' | 'piattaforma';

/** A login: the new session, or a failure (invalid credentials, forbidden membership, too_many attempts). */
export type LoginResult = Outcome<{ token: string; session: Session; userId: string; next: LoginNext }>;

export const INVALID_CREDENTIALS = 'Email o password non corretti.';
export const NO_MEMBERSHIP = 'Il tuo account non è attivo presso questo organismo.';

function minutes(ms: number): string {
	if (ms < 60_000) {
		const sec = Math.max(1, Math.ceil(ms / 1000));
		return sec === 1 ? '1 secondo' : `${sec} secondi`;
	}
	const m = Math.ceil(ms / 60000);
	return m === 1 ? '1 minuto' : `${m} minuti`;
}

/**
 * The rate-limit scope of a login: the Organismo whose login page was used (/o/<slug>/login), or
 * on the deployment's page the Organismo of the address's first membership. Per-IP counters are
 * kept per scope, so failures on one tenant's addresses never lock another tenant's staff out.
 */
function scopeOf(db: Db, email: string, organismoId: string | null | undefined): string | null {
	if (organismoId) return organismoId;
	const account = findAccountByEmail(db, email);
	return account ? (listActiveMemberships(db, account.id)[0]?.organismoId ?? null) : null;
}

/**
 * The whole login decision: rate limits (per IP and scope, and per account), password check with
 * constant work for unknown accounts, attempt and audit records, session creation in the right
 * membership. `organismoId` = the Organismo whose login page was used, if any.
 */
export async function attemptLogin(
	db: Db,
	input: { email: string; password: string; ip: string; organismoId?: string | null },
	limits: LoginRateLimits = DEFAULT_LOGIN_LIMITS
): Promise<LoginResult> {
	const email = input.email.trim().toLowerCase();
	const scope = scopeOf(db, email, input.organismoId);
	const rate = checkLoginRate(db, input.ip, email, limits, Date.now(), scope);
	if (!rate.allowed) {
		appendAudit(db, { action: 'auth.login_blocked', organismoId: scope, details: { email, ip: input.ip, scope: rate.scope } });
		return failure('too_many', `Troppi tentativi di accesso non riusciti. Riprova tra ${minutes(rate.retryAfterMs)}.`);
	}
	const user = findAccountByEmail(db, email);
	let valid = false;
	if (user && user.active && user.passwordHash) valid = await verifyPassword(user.passwordHash, input.password);
	else await burnPasswordCheck(input.password);
	recordLoginAttempt(db, input.ip, email, valid, Date.now(), scope);
	if (!valid || !user) {
		appendAudit(db, {
			action: 'auth.login_failed',
			organismoId: scope,
			actorId: user?.id ?? null,
			details: { email, ip: input.ip }
		});
		return invalid(INVALID_CREDENTIALS);
	}
	const active = listActiveMemberships(db, user.id);
	let membershipId: string | null;
	let next: LoginNext;
	if (input.organismoId) {
		membershipId = defaultMembershipId(db, user.id, input.organismoId);
		if (!membershipId && !user.operatore) return forbidden(NO_MEMBERSHIP);
		next = membershipId ? 'organismo' : 'piattaforma';
	} else if (active.length === 1) {
		membershipId = active[0].id;
		next = 'organismo';
	} else {
		membershipId = null;
		next = active.length > 1 ? 'scegli' : 'piattaforma';
		if (active.length === 0 && !user.operatore) return forbidden('Il tuo account non è attivo presso alcun organismo.');
	}
	const token = generateSessionToken();
	const session = createSession(db, token, user.id, Date.now(), { membershipId });
	const organismoId = active.find((m) => m.id === membershipId)?.organismoId ?? null;
	appendAudit(db, { action: 'auth.login', organismoId, actorId: user.id, details: { ip: input.ip } });
	return ok({ token, session, userId: user.id, next });
}
