import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Cron } from 'croner';
import type { Db } from '../client.ts';
import { enqueue, PermanentJobError, type AnyJobDefinition, type JobDefinition } from './define.ts';
import { TZ } from '../shared/time.ts';
import { claimJobs, completeJob, DEFAULT_BACKOFF, extendLease, failJob, type ClaimedJob } from './repo.ts';

/** Schedules are read in the Organismi's time zone, whatever the server's TZ. */
export const SCHEDULE_TIMEZONE = TZ;
const DEFAULT_LEASE_MS = 60_000;

export interface JobLogger {
	info(message: string): void;
	error(message: string, error?: unknown): void;
}

export interface JobRunnerOptions {
	db: Db;
	jobs: readonly AnyJobDefinition[];
	/** Names this process in `jobs.leased_by` (default host:pid:random). */
	workerId?: string;
	/** How often the table is polled for due jobs (default 2 s); finishing a job polls again at once. */
	pollMs?: number;
	/** Jobs run at the same time by this process (default 1: jobs share the event loop with the web server). */
	concurrency?: number;
	/** Start the cron schedules too (default true); off in tests and in processes that only work the queue. */
	schedules?: boolean;
	log?: JobLogger;
	/** Stop waits this long for running jobs before aborting them (their lease then expires and they run again). */
	stopGraceMs?: number;
}

export interface JobRunnerStats {
	running: number;
	succeeded: number;
	failed: number;
	retried: number;
}

export interface JobRunner {
	readonly workerId: string;
	/** Starts polling and the schedules (enqueues missed runs within their catchUpMs). */
	start(): void;
	/** Claims and runs due jobs until none is left (tests, `npm run jobs`-style one-shots). Returns how many ran. */
	drain(): Promise<number>;
	/** Wakes the poll loop now (after enqueueing from this process). */
	wake(): void;
	stats(): JobRunnerStats;
	/** Italian title of every kind this runner knows (the administration page). */
	titles(): Record<string, string>;
	/** The schedules with their next run (null when not started with schedules). */
	schedules(): Array<{ kind: string; title: string; cron: string; next: Date | null }>;
	/** Stops schedules and polling, waits for running jobs (up to stopGraceMs), then aborts them. Idempotent. */
	stop(): Promise<void>;
}

const consoleJobLogger: JobLogger = {
	info: (m) => console.log(`[jobs] ${m}`),
	error: (m, e) => console.error(`[jobs] ${m}`, e ?? '')
};

function describe(error: unknown): string {
	if (error instanceof Error) return error.message || error.name;
	return String(error);
}

/** The idempotency key of one scheduled run: every process that fires the same run enqueues it once. */
export function scheduleKey(kind: string, at: Date): string {
	return `schedule:${kind}:${new Date(Math.round(at.getTime() / 1000) * 1000).toISOString()}`;
}

export function createJobRunner(options: JobRunnerOptions): JobRunner {
	const { db } = options;
	const defs = options.jobs as readonly JobDefinition<unknown>[];
	const byKind = new Map<string, JobDefinition<unknown>>();
	for (const def of defs) {
		if (byKind.has(def.kind)) throw new Error(`job kind ${def.kind} is declared twice`);
		byKind.set(def.kind, def);
	}
	const kinds = [...byKind.keys()];
	const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
	const pollMs = options.pollMs ?? 2_000;
	const concurrency = Math.max(1, options.concurrency ?? 1);
	const log = options.log ?? consoleJobLogger;
	const stopGraceMs = options.stopGraceMs ?? 10_000;
	const stats: JobRunnerStats = { running: 0, succeeded: 0, failed: 0, retried: 0 };
	const inFlight = new Map<number, { done: Promise<void>; abort: AbortController }>();
	const crons = new Map<string, Cron>();
	let timer: ReturnType<typeof setTimeout> | null = null;
	let started = false;
	let stopping: Promise<void> | null = null;

	async function execute(claim: ClaimedJob, def: JobDefinition<unknown>, abort = new AbortController()): Promise<void> {
		const leaseMs = def.leaseMs ?? DEFAULT_LEASE_MS;
		const renew = setInterval(
			() => {
				try {
					if (!extendLease(db, claim.id, workerId, leaseMs)) abort.abort(new Error('lease lost to another worker'));
				} catch (error) {
					log.error(`cannot renew the lease of job ${claim.id}`, error);
				}
			},
			Math.max(50, Math.floor(leaseMs / 3))
		);
		renew.unref();
		stats.running++;
		try {
			const parsed = def.payload.safeParse(claim.payload);
			if (!parsed.success) throw new PermanentJobError(`invalid payload: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
			const result = await def.run({
				db,
				payload: parsed.data,
				job: {
					id: claim.id,
					organismoId: claim.organismoId,
					idempotencyKey: claim.idempotencyKey,
					attempt: claim.attempt,
					maxAttempts: claim.maxAttempts
				},
				signal: abort.signal,
				enqueue: (next, payload, opts) => {
					const out = enqueue(db, next as JobDefinition<unknown>, payload, opts);
					wake();
					return out;
				}
			});
			if (completeJob(db, claim.id, workerId, result)) stats.succeeded++;
			else log.error(`job ${claim.id} (${claim.kind}) finished after its lease was taken over; result dropped`);
		} catch (error) {
			const outcome = failJob(db, claim.id, workerId, describe(error), {
				backoff: def.backoff ?? DEFAULT_BACKOFF,
				permanent: error instanceof PermanentJobError
			});
			if (outcome === 'retry') stats.retried++;
			if (outcome === 'failed') stats.failed++;
			log.error(`job ${claim.id} (${claim.kind}) attempt ${claim.attempt}/${claim.maxAttempts} failed (${outcome})`, error);
		} finally {
			clearInterval(renew);
			stats.running--;
		}
	}

	/** Claims as many due jobs as there are free slots and starts them; returns how many started. */
	function launch(): number {
		const free = concurrency - inFlight.size;
		if (free <= 0 || stopping) return 0;
		const claimed = claimJobs(db, { workerId, kinds, leaseMs: DEFAULT_LEASE_MS, limit: free });
		for (const claim of claimed) {
			const def = byKind.get(claim.kind)!;
			// The claim used the default lease; a definition with its own takes it over now.
			if (def.leaseMs && def.leaseMs !== DEFAULT_LEASE_MS) extendLease(db, claim.id, workerId, def.leaseMs);
			const abort = new AbortController();
			const done = execute(claim, def, abort).finally(() => {
				inFlight.delete(claim.id);
				wake();
			});
			inFlight.set(claim.id, { done, abort });
		}
		return claimed.length;
	}

	function poll(): void {
		timer = null;
		if (stopping) return;
		try {
			launch();
		} catch (error) {
			log.error('polling the job table failed', error);
		}
		if (!stopping && started) timer = setTimeout(poll, pollMs);
		timer?.unref();
	}

	function wake(): void {
		if (!started || stopping) return;
		if (timer) clearTimeout(timer);
		timer = setTimeout(poll, 0);
		timer.unref();
	}

	function fire(def: JobDefinition<unknown>, at: Date): void {
		const { created } = enqueue(db, def, def.schedule!.payload, { idempotencyKey: scheduleKey(def.kind, at) });
		if (created) wake();
	}

	return {
		workerId,
		start() {
			if (started || stopping) return;
			started = true;
			if (options.schedules !== false) {
				const now = new Date();
				for (const def of defs) {
					if (!def.schedule) continue;
					const cron = new Cron(
						def.schedule.cron,
						{ timezone: SCHEDULE_TIMEZONE, protect: true, catch: (e) => log.error(`schedule of ${def.kind} failed`, e) },
						(self: Cron) => fire(def, self.currentRun() ?? new Date())
					);
					crons.set(def.kind, cron);
					const catchUp = def.schedule.catchUpMs ?? 0;
					const last = catchUp > 0 ? cron.previousRuns(1, now)[0] : undefined;
					if (last && now.getTime() - last.getTime() <= catchUp) {
						try {
							fire(def, last);
						} catch (error) {
							log.error(`catching up the schedule of ${def.kind} failed`, error);
						}
					}
				}
			}
			wake();
		},
		async drain() {
			let ran = 0;
			for (;;) {
				const claimed = claimJobs(db, { workerId, kinds, leaseMs: DEFAULT_LEASE_MS, limit: 1 });
				if (claimed.length === 0) return ran;
				const claim = claimed[0];
				const def = byKind.get(claim.kind)!;
				if (def.leaseMs && def.leaseMs !== DEFAULT_LEASE_MS) extendLease(db, claim.id, workerId, def.leaseMs);
				await execute(claim, def);
				ran++;
			}
		},
		wake,
		stats: () => ({ ...stats }),
		titles: () => Object.fromEntries(defs.map((d) => [d.kind, d.title])),
		schedules: () =>
			defs.flatMap((d) =>
				d.schedule ? [{ kind: d.kind, title: d.title, cron: d.schedule.cron, next: crons.get(d.kind)?.nextRun() ?? null }] : []
			),
		stop() {
			stopping ??= (async () => {
				for (const cron of crons.values()) cron.stop();
				if (timer) clearTimeout(timer);
				timer = null;
				const running = [...inFlight.values()];
				if (running.length === 0) return;
				const grace = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), stopGraceMs).unref());
				const all = Promise.allSettled(running.map((r) => r.done));
				if ((await Promise.race([all, grace])) === 'timeout') {
					log.error(`${inFlight.size} job(s) still running after ${stopGraceMs} ms; aborting (they will run again)`);
					for (const r of inFlight.values()) r.abort.abort(new Error('shutting down'));
				}
			})();
			return stopping;
		}
	};
}
