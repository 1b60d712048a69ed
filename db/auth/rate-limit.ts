import { and, count, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { loginAttempts } from '../schema.ts';

export interface LoginRateLimits {
	windowMs: number;
	/** Failed attempts per IP within the window (all accounts together). */
	maxPerIp: number;
	/** Failed attempts per account within the window (from any IP) before each try is slowed down. */
	maxPerAccount: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginRateLimits = {
	windowMs: 15 * 60 * 1000,
	maxPerIp: 30,
	maxPerAccount: 5
};

const normaliseEmail = (email: string) => email.trim().toLowerCase();

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number; scope: 'ip' | 'account' };

const scopeIs = (scope: string | null) => (scope === null ? isNull(loginAttempts.scope) : eq(loginAttempts.scope, scope));

/**
 * Failed attempts of one IP on one Organismo (`scope`, see db/auth/login.ts) within the window,
 * successes or not: a success never resets them. Counted per Organismo, so one office behind a NAT
 * failing on one tenant's accounts does not lock another tenant's staff out.
 */
function ipFailures(db: Db, ip: string, scope: string | null, since: number): number[] {
	return db
		.select({ at: loginAttempts.at })
		.from(loginAttempts)
		.where(and(eq(loginAttempts.ip, ip), scopeIs(scope), eq(loginAttempts.success, false), gt(loginAttempts.at, new Date(since))))
		.orderBy(loginAttempts.at)
		.all()
		.map((r) => r.at.getTime());
}

/** Failed attempts on one account within the window, after its last success (the owner got in). */
function accountFailures(db: Db, email: string, since: number): number[] {
	const lastSuccess = db
		.select({ at: loginAttempts.at })
		.from(loginAttempts)
		.where(and(eq(loginAttempts.email, email), eq(loginAttempts.success, true), gt(loginAttempts.at, new Date(since))))
		.orderBy(loginAttempts.at)
		.all()
		.at(-1);
	const from = lastSuccess ? lastSuccess.at.getTime() : since;
	return db
		.select({ at: loginAttempts.at })
		.from(loginAttempts)
		.where(and(eq(loginAttempts.email, email), eq(loginAttempts.success, false), gt(loginAttempts.at, new Date(from))))
		.orderBy(loginAttempts.at)
		.all()
		.map((r) => r.at.getTime());
}

/** Longest wait the account slow-down imposes between two attempts. */
export const MAX_ACCOUNT_DELAY_MS = 60_000;

/**
 * Decides whether a login attempt may even be tried (checked before verifying the password).
 *
 * - Per IP: at most `maxPerIp` failures in the window, counted whatever else that IP did (a
 *   success on one account does not reset the count, or one valid account would let an IP spray
 *   passwords over all the others forever). Blocked until the oldest counted failure expires.
 * - Per account: after `maxPerAccount` failures (since the owner's last success) each further
 *   attempt waits 1 s, 2 s, 4 s... up to MAX_ACCOUNT_DELAY_MS after the previous failure: an
 *   online guesser is slowed to about one try a minute, but nobody can lock the owner out for
 *   the whole window by typing a wrong password five times.
 */
export function checkLoginRate(
	db: Db,
	ip: string,
	email: string,
	limits: LoginRateLimits = DEFAULT_LOGIN_LIMITS,
	now = Date.now(),
	scope: string | null = null
): RateDecision {
	const since = now - limits.windowMs;
	email = normaliseEmail(email);
	const account = accountFailures(db, email, since);
	if (account.length >= limits.maxPerAccount) {
		const excess = account.length - limits.maxPerAccount;
		const delay = Math.min(MAX_ACCOUNT_DELAY_MS, 1000 * 2 ** excess);
		const wait = (account.at(-1) ?? now) + delay - now;
		if (wait > 0) return { allowed: false, scope: 'account', retryAfterMs: wait };
	}
	const byIp = ipFailures(db, ip, scope, since);
	if (byIp.length >= limits.maxPerIp) {
		const oldest = byIp[byIp.length - limits.maxPerIp];
		return { allowed: false, scope: 'ip', retryAfterMs: Math.max(1000, oldest + limits.windowMs - now) };
	}
	return { allowed: true };
}

export function recordLoginAttempt(
	db: Db,
	ip: string,
	email: string,
	success: boolean,
	now = Date.now(),
	scope: string | null = null
): void {
	db.insert(loginAttempts)
		.values({ ip, email: normaliseEmail(email), scope, success, at: new Date(now) })
		.run();
}

/** Housekeeping: attempts older than a day are no longer needed. */
export function pruneLoginAttempts(db: Db, now = Date.now()): number {
	return db
		.delete(loginAttempts)
		.where(lt(loginAttempts.at, new Date(now - 24 * 3600 * 1000)))
		.run().changes;
}

export function countLoginAttempts(db: Db): number {
	return db.select({ n: count() }).from(loginAttempts).get()?.n ?? 0;
}
