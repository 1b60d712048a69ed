import { and, asc, count, desc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import { writeTransaction, type Db } from '../client.ts';
import { jobs, type JobRow, type JobState } from './schema.ts';

/** What enqueueJob needs; `payload` is stored as JSON (the runner validates it before each run). */
export interface NewJob {
	kind: string;
	payload?: unknown;
	organismoId?: string | null;
	/** Unique per Organismo (per installation when organismoId is null): a second enqueue adds nothing. */
	idempotencyKey?: string | null;
	/** Not before this time (default: now). */
	runAt?: Date;
	maxAttempts?: number;
}

export interface ClaimedJob {
	id: number;
	kind: string;
	organismoId: string | null;
	idempotencyKey: string | null;
	payload: unknown;
	/** This attempt's number, from 1. */
	attempt: number;
	maxAttempts: number;
	leaseUntil: Date;
}

const MAX_ERROR_CHARS = 2000;

/**
 * Adds a job; with an idempotency key already used (in any state) returns the existing job
 * instead, `created: false`. Safe from several processes at once: the unique index decides.
 */
export function enqueueJob(db: Db, job: NewJob, now = new Date()): { id: number; created: boolean } {
	const organismoId = job.organismoId ?? null;
	const key = job.idempotencyKey ?? null;
	return writeTransaction(db, () => {
		const inserted = db
			.insert(jobs)
			.values({
				kind: job.kind,
				organismoId,
				idempotencyKey: key,
				payload: JSON.stringify(job.payload ?? {}),
				maxAttempts: job.maxAttempts ?? 5,
				runAt: job.runAt ?? now,
				createdAt: now,
				updatedAt: now
			})
			.onConflictDoNothing()
			.returning({ id: jobs.id })
			.get();
		if (inserted) return { id: inserted.id, created: true };
		const existing = db
			.select({ id: jobs.id })
			.from(jobs)
			.where(
				and(eq(jobs.idempotencyKey, key!), organismoId === null ? sql`${jobs.organismoId} IS NULL` : eq(jobs.organismoId, organismoId))
			)
			.get();
		if (!existing) throw new Error(`job ${job.kind} was neither inserted nor found (idempotency key ${key})`);
		return { id: existing.id, created: false };
	});
}

/**
 * Takes up to `limit` due jobs of the given kinds for `workerId`, oldest due first, in one
 * IMMEDIATE transaction (two workers never get the same job): pending jobs whose run_at has come,
 * and running jobs whose lease expired (their worker died or hung). Each claim counts as an
 * attempt; an expired job that already used every attempt is marked failed instead.
 */
export function claimJobs(
	db: Db,
	opts: { workerId: string; kinds: readonly string[]; leaseMs: number; limit: number },
	now = new Date()
): ClaimedJob[] {
	if (opts.kinds.length === 0 || opts.limit <= 0) return [];
	return writeTransaction(db, () => {
		const due = db
			.select()
			.from(jobs)
			.where(
				and(
					inArray(jobs.kind, [...opts.kinds]),
					or(and(eq(jobs.state, 'pending'), lte(jobs.runAt, now)), and(eq(jobs.state, 'running'), lt(jobs.leaseUntil, now)))
				)
			)
			.orderBy(asc(jobs.runAt), asc(jobs.id))
			.limit(opts.limit)
			.all();
		const claimed: ClaimedJob[] = [];
		const leaseUntil = new Date(now.getTime() + opts.leaseMs);
		for (const row of due) {
			if (row.state === 'running' && row.attempts >= row.maxAttempts) {
				db.update(jobs)
					.set({
						state: 'failed',
						leaseUntil: null,
						leasedBy: null,
						lastError: `lease expired during attempt ${row.attempts} (worker ${row.leasedBy ?? '?'} stopped or hung)`,
						updatedAt: now,
						finishedAt: now
					})
					.where(eq(jobs.id, row.id))
					.run();
				continue;
			}
			db.update(jobs)
				.set({ state: 'running', attempts: row.attempts + 1, leaseUntil, leasedBy: opts.workerId, updatedAt: now })
				.where(eq(jobs.id, row.id))
				.run();
			claimed.push({
				id: row.id,
				kind: row.kind,
				organismoId: row.organismoId,
				idempotencyKey: row.idempotencyKey,
				payload: parsePayload(row.payload),
				attempt: row.attempts + 1,
				maxAttempts: row.maxAttempts,
				leaseUntil
			});
		}
		return claimed;
	});
}

function parsePayload(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined; // the definition's schema rejects it: a permanent failure
	}
}

/** The worker still holds the job: same worker, still running (its lease may have been taken over). */
const heldBy = (id: number, workerId: string) => and(eq(jobs.id, id), eq(jobs.state, 'running'), eq(jobs.leasedBy, workerId));

/** Pushes the lease of a long job forward; false when the worker lost it (another worker took over). */
export function extendLease(db: Db, id: number, workerId: string, leaseMs: number, now = new Date()): boolean {
	return (
		db
			.update(jobs)
			.set({ leaseUntil: new Date(now.getTime() + leaseMs), updatedAt: now })
			.where(heldBy(id, workerId))
			.run().changes === 1
	);
}

/** Marks a job done; false when the worker no longer held it (its result is then not recorded). */
export function completeJob(db: Db, id: number, workerId: string, result: unknown, now = new Date()): boolean {
	return (
		db
			.update(jobs)
			.set({
				state: 'done',
				result: result === undefined ? null : JSON.stringify(result),
				lastError: null,
				leaseUntil: null,
				leasedBy: null,
				updatedAt: now,
				finishedAt: now
			})
			.where(heldBy(id, workerId))
			.run().changes === 1
	);
}

export interface Backoff {
	/** Delay after the first failed attempt; doubles after each further one... */
	baseMs: number;
	/** ...up to this. */
	maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 30_000, maxMs: 6 * 3600_000 };

/** Exponential backoff with ±20% jitter (jobs that failed together do not all retry together). */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
	const exact = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
	return Math.round(exact * (0.8 + 0.4 * random()));
}

/**
 * Records a failed attempt: the job goes back to pending after the backoff delay, or to failed
 * when it used its last attempt or `permanent` is set (bad payload, a handler's PermanentJobError).
 */
export function failJob(
	db: Db,
	id: number,
	workerId: string,
	error: string,
	opts: { backoff?: Backoff; permanent?: boolean; random?: () => number } = {},
	now = new Date()
): 'retry' | 'failed' | 'lost' {
	return writeTransaction(db, () => {
		const row = db.select({ attempts: jobs.attempts, maxAttempts: jobs.maxAttempts }).from(jobs).where(heldBy(id, workerId)).get();
		if (!row) return 'lost';
		const lastError = error.slice(0, MAX_ERROR_CHARS);
		if (opts.permanent || row.attempts >= row.maxAttempts) {
			db.update(jobs)
				.set({ state: 'failed', lastError, leaseUntil: null, leasedBy: null, updatedAt: now, finishedAt: now })
				.where(eq(jobs.id, id))
				.run();
			return 'failed';
		}
		const delay = backoffDelay(row.attempts, opts.backoff ?? DEFAULT_BACKOFF, opts.random);
		db.update(jobs)
			.set({ state: 'pending', runAt: new Date(now.getTime() + delay), lastError, leaseUntil: null, leasedBy: null, updatedAt: now })
			.where(eq(jobs.id, id))
			.run();
		return 'retry';
	});
}

/** Jobs an Organismo's administrators see: its own and those of the whole installation (backup, pruning). */
const visibleTo = (organismoId: string) => or(eq(jobs.organismoId, organismoId), sql`${jobs.organismoId} IS NULL`);

/** A failed job runs again (the administrator's "Riprova"): attempts start over. False when not failed or not visible. */
export function retryFailedJob(db: Db, id: number, organismoId: string, now = new Date()): boolean {
	return (
		db
			.update(jobs)
			.set({ state: 'pending', attempts: 0, runAt: now, finishedAt: null, updatedAt: now })
			.where(and(eq(jobs.id, id), eq(jobs.state, 'failed'), visibleTo(organismoId)))
			.run().changes === 1
	);
}

/** Whether the job exists and the Organismo may see it (its own, or one of the whole installation). */
export function jobVisibleTo(db: Db, id: number, organismoId: string): boolean {
	return (
		db
			.select({ id: jobs.id })
			.from(jobs)
			.where(and(eq(jobs.id, id), visibleTo(organismoId)))
			.get() !== undefined
	);
}

export function getJob(db: Db, id: number): JobRow | undefined {
	return db.select().from(jobs).where(eq(jobs.id, id)).get();
}

/** Jobs in the given states visible to an Organismo, most recently changed first (the administration page). */
export function listJobs(db: Db, organismoId: string, states: readonly JobState[], limit = 100): JobRow[] {
	return db
		.select()
		.from(jobs)
		.where(and(inArray(jobs.state, [...states]), visibleTo(organismoId)))
		.orderBy(desc(jobs.updatedAt), desc(jobs.id))
		.limit(limit)
		.all();
}

export function countJobsByState(db: Db): Record<JobState, number> {
	const out: Record<JobState, number> = { pending: 0, running: 0, done: 0, failed: 0 };
	for (const r of db.select({ state: jobs.state, n: count() }).from(jobs).groupBy(jobs.state).all()) out[r.state] = r.n;
	return out;
}

/** Housekeeping: finished jobs older than the cutoffs go (failed ones are kept longer, for the record). */
export function pruneJobs(db: Db, opts: { doneBefore: Date; failedBefore: Date }): number {
	return db
		.delete(jobs)
		.where(
			or(
				and(eq(jobs.state, 'done'), lt(jobs.finishedAt, opts.doneBefore)),
				and(eq(jobs.state, 'failed'), lt(jobs.finishedAt, opts.failedBefore))
			)
		)
		.run().changes;
}
