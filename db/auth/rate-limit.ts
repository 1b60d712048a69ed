import { and, count, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { loginAttempts } from '../schema.ts';

export interface LoginRateLimits {
	windowMs: number;
	/** Failed attempts per IP within the window (all accounts together). */
	maxPerIp: number;
	/** Failed attempts per account within the window (from any IP). */
	maxPerAccount: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginRateLimits = {
	windowMs: 15 * 60 * 1000,
	maxPerIp: 30,
	maxPerAccount: 5
};

const normaliseEmail = (email: string) => email.trim().toLowerCase();

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number; scope: 'ip' | 'account' };

function failuresSince(db: Db, column: typeof loginAttempts.ip | typeof loginAttempts.email, value: string, since: number) {
	// A success resets the account counter: only failures after the last success count.
	const lastSuccess = db
		.select({ at: loginAttempts.at })
		.from(loginAttempts)
		.where(and(eq(column, value), eq(loginAttempts.success, true), gt(loginAttempts.at, new Date(since))))
		.orderBy(loginAttempts.at)
		.all()
		.at(-1);
	const from = lastSuccess ? lastSuccess.at.getTime() : since;
	const rows = db
		.select({ at: loginAttempts.at })
		.from(loginAttempts)
		.where(and(eq(column, value), eq(loginAttempts.success, false), gt(loginAttempts.at, new Date(from))))
		.orderBy(loginAttempts.at)
		.all();
	return rows.map((r) => r.at.getTime());
}

/** Decides whether a login attempt may even be tried (checked before verifying the password). */
export function checkLoginRate(
	db: Db,
	ip: string,
	email: string,
	limits: LoginRateLimits = DEFAULT_LOGIN_LIMITS,
	now = Date.now()
): RateDecision {
	const since = now - limits.windowMs;
	email = normaliseEmail(email);
	const checks: Array<['ip' | 'account', number[], number]> = [
		['account', failuresSince(db, loginAttempts.email, email, since), limits.maxPerAccount],
		['ip', failuresSince(db, loginAttempts.ip, ip, since), limits.maxPerIp]
	];
	for (const [scope, failures, max] of checks) {
		if (failures.length >= max) {
			// Blocked until the oldest failure that still counts leaves the window.
			const oldest = failures[failures.length - max];
			return { allowed: false, scope, retryAfterMs: Math.max(1000, oldest + limits.windowMs - now) };
		}
	}
	return { allowed: true };
}

export function recordLoginAttempt(db: Db, ip: string, email: string, success: boolean, now = Date.now()): void {
	db.insert(loginAttempts)
		.values({ ip, email: normaliseEmail(email), success, at: new Date(now) })
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
