import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { closeDb, openDb, type Db } from '#db/client.ts';
import { defineJob, enqueue, PermanentJobError } from '#db/jobs/define.ts';
import { backoffDelay, claimJobs, completeJob, enqueueJob, extendLease, failJob, getJob, retryFailedJob } from '#db/jobs/repo.ts';
import { createJobRunner, scheduleKey } from '#db/jobs/runner.ts';
import { jobs } from '#db/jobs/schema.ts';
import { createOrganismo, createTestDb } from '../helpers/db.ts';

const run = promisify(execFile);
let t: ReturnType<typeof createTestDb>;
let db: Db;
const at = (iso: string) => new Date(iso);
const quiet = { info: () => {}, error: () => {} };

beforeEach(() => {
	t = createTestDb();
	db = t.db;
});
afterEach(() => t.cleanup());

describe('enqueue: idempotency key', () => {
	it('is unique per Organismo, and per installation for jobs without one', () => {
		const a = createOrganismo(db).organismoId;
		const b = createOrganismo(db).organismoId;
		const first = enqueueJob(db, { kind: 'x', organismoId: a, idempotencyKey: 'k' });
		expect(first.created).toBe(true);
		expect(enqueueJob(db, { kind: 'x', organismoId: a, idempotencyKey: 'k' })).toEqual({ id: first.id, created: false });
		expect(enqueueJob(db, { kind: 'x', organismoId: b, idempotencyKey: 'k' }).created).toBe(true);
		const global = enqueueJob(db, { kind: 'x', idempotencyKey: 'k' });
		expect(global.created).toBe(true);
		expect(enqueueJob(db, { kind: 'x', idempotencyKey: 'k' })).toEqual({ id: global.id, created: false });
		// Without a key nothing is deduplicated.
		expect(enqueueJob(db, { kind: 'x' }).id).not.toBe(enqueueJob(db, { kind: 'x' }).id);
		expect(db.select().from(jobs).all()).toHaveLength(5);
	});

	it('a done job keeps its key: the same run is not enqueued again', () => {
		const { id } = enqueueJob(db, { kind: 'x', idempotencyKey: 'notte' });
		const [c] = claimJobs(db, { workerId: 'w', kinds: ['x'], leaseMs: 1000, limit: 1 });
		completeJob(db, c.id, 'w', null);
		expect(enqueueJob(db, { kind: 'x', idempotencyKey: 'notte' })).toEqual({ id, created: false });
	});
});

describe('claim and lease', () => {
	it('a claimed job is not claimed again until its lease expires; then the late worker cannot complete it', () => {
		const now = at('2026-12-03T10:00:00Z');
		const { id } = enqueueJob(db, { kind: 'x', payload: { n: 1 } }, now);
		const [mine] = claimJobs(db, { workerId: 'w1', kinds: ['x'], leaseMs: 60_000, limit: 5 }, now);
		expect(mine).toMatchObject({ id, attempt: 1, payload: { n: 1 } });
		expect(claimJobs(db, { workerId: 'w2', kinds: ['x'], leaseMs: 60_000, limit: 5 }, at('2026-12-03T10:00:59Z'))).toEqual([]);
		// w1 renews, so at 10:01:30 it still holds the job.
		expect(extendLease(db, id, 'w1', 60_000, at('2026-12-03T10:00:50Z'))).toBe(true);
		expect(claimJobs(db, { workerId: 'w2', kinds: ['x'], leaseMs: 60_000, limit: 5 }, at('2026-12-03T10:01:30Z'))).toEqual([]);
		// w1 stops renewing (hung): at 10:02 the job goes to w2, as attempt 2.
		const [taken] = claimJobs(db, { workerId: 'w2', kinds: ['x'], leaseMs: 60_000, limit: 5 }, at('2026-12-03T10:02:00Z'));
		expect(taken).toMatchObject({ id, attempt: 2 });
		expect(completeJob(db, id, 'w1', 'late')).toBe(false);
		expect(extendLease(db, id, 'w1', 60_000)).toBe(false);
		expect(completeJob(db, id, 'w2', 'ok')).toBe(true);
		expect(getJob(db, id)).toMatchObject({ state: 'done', result: '"ok"', attempts: 2 });
	});

	it('a job is not claimed before run_at, and only by a worker that knows its kind', () => {
		enqueueJob(db, { kind: 'x', runAt: at('2026-12-03T12:00:00Z') });
		expect(claimJobs(db, { workerId: 'w', kinds: ['x'], leaseMs: 1000, limit: 1 }, at('2026-12-03T11:59:59Z'))).toEqual([]);
		expect(claimJobs(db, { workerId: 'w', kinds: ['y'], leaseMs: 1000, limit: 1 }, at('2026-12-03T12:00:00Z'))).toEqual([]);
		expect(claimJobs(db, { workerId: 'w', kinds: ['x'], leaseMs: 1000, limit: 1 }, at('2026-12-03T12:00:00Z'))).toHaveLength(1);
	});

	it('an expired lease on the last attempt fails the job instead of running it again', () => {
		const now = at('2026-12-03T10:00:00Z');
		const { id } = enqueueJob(db, { kind: 'x', maxAttempts: 1 }, now);
		claimJobs(db, { workerId: 'w1', kinds: ['x'], leaseMs: 1000, limit: 1 }, now);
		expect(claimJobs(db, { workerId: 'w2', kinds: ['x'], leaseMs: 1000, limit: 1 }, at('2026-12-03T10:00:05Z'))).toEqual([]);
		expect(getJob(db, id)).toMatchObject({ state: 'failed', lastError: expect.stringContaining('lease expired') });
	});

	it('two connections claiming 200 jobs in turn never get the same job', () => {
		const other = openDb(t.path);
		try {
			for (let i = 0; i < 200; i++) enqueueJob(db, { kind: 'x', payload: { i } });
			const seen = new Map<number, string>();
			for (let busy = true; busy;) {
				busy = false;
				for (const [conn, w] of [
					[db, 'a'],
					[other, 'b']
				] as const) {
					for (const c of claimJobs(conn, { workerId: w, kinds: ['x'], leaseMs: 60_000, limit: 3 })) {
						busy = true;
						expect(seen.has(c.id)).toBe(false);
						seen.set(c.id, w);
					}
				}
			}
			expect(seen.size).toBe(200);
			expect(new Set(seen.values())).toEqual(new Set(['a', 'b']));
		} finally {
			closeDb(other);
		}
	});

	it('three processes draining 90 jobs: each job done exactly once, on its first attempt', async () => {
		const ids = new Set<number>();
		for (let i = 0; i < 90; i++) ids.add(enqueueJob(db, { kind: 'test.gara', payload: { i } }).id);
		const script = new URL('./fixtures/job-worker.ts', import.meta.url).pathname;
		const results = await Promise.all(['p1', 'p2', 'p3'].map((w) => run(process.execPath, [script, t.path, w], { timeout: 60_000 })));
		const done = results.flatMap((r) => JSON.parse(r.stdout) as number[]);
		expect(done).toHaveLength(90);
		expect(new Set(done)).toEqual(ids);
		const rows = db.$client.prepare("SELECT count(*) AS n, max(attempts) AS maxAttempts FROM jobs WHERE state = 'done'").get();
		expect(rows).toEqual({ n: 90, maxAttempts: 1 });
	});
});

describe('retry with backoff', () => {
	it('doubles the delay after each failed attempt, within ±20% jitter, up to the cap', () => {
		const b = { baseMs: 1000, maxMs: 5000 };
		expect([1, 2, 3, 4].map((n) => backoffDelay(n, b, () => 0.5))).toEqual([1000, 2000, 4000, 5000]);
		expect(backoffDelay(2, b, () => 0)).toBe(1600);
		expect(backoffDelay(2, b, () => 1)).toBe(2400);
	});

	it('a failed attempt goes back to pending after the backoff; the last one fails the job, visibly', () => {
		const now = at('2026-12-03T10:00:00Z');
		const org = createOrganismo(db).organismoId;
		const { id } = enqueueJob(db, { kind: 'x', maxAttempts: 3, organismoId: org }, now);
		const backoff = { baseMs: 1000, maxMs: 60_000 };
		const claim = (when: Date) => claimJobs(db, { workerId: 'w', kinds: ['x'], leaseMs: 1000, limit: 1 }, when);
		expect(claim(now)).toHaveLength(1);
		expect(failJob(db, id, 'w', 'SMTP 421', { backoff, random: () => 0.5 }, now)).toBe('retry');
		expect(getJob(db, id)).toMatchObject({ state: 'pending', runAt: at('2026-12-03T10:00:01Z'), lastError: 'SMTP 421' });
		expect(claim(at('2026-12-03T10:00:00.999Z'))).toEqual([]);
		expect(claim(at('2026-12-03T10:00:01Z'))).toMatchObject([{ attempt: 2 }]);
		expect(failJob(db, id, 'w', 'SMTP 421', { backoff, random: () => 0.5 }, at('2026-12-03T10:00:01Z'))).toBe('retry');
		expect(getJob(db, id)?.runAt).toEqual(at('2026-12-03T10:00:03Z'));
		expect(claim(at('2026-12-03T10:00:03Z'))).toMatchObject([{ attempt: 3 }]);
		expect(failJob(db, id, 'w', 'SMTP 550', { backoff }, at('2026-12-03T10:00:03Z'))).toBe('failed');
		expect(getJob(db, id)).toMatchObject({ state: 'failed', attempts: 3, lastError: 'SMTP 550' });
		expect(claim(at('2026-12-04T00:00:00Z'))).toEqual([]);
		// The administrator's "Riprova" (only for a job visible to their Organismo).
		expect(retryFailedJob(db, id, createOrganismo(db).organismoId)).toBe(false);
		expect(retryFailedJob(db, id, org)).toBe(true);
		expect(claim(new Date())).toMatchObject([{ attempt: 1 }]);
	});
});

describe('runner', () => {
	it('runs handlers, retries a failing one with backoff until it succeeds, fails bad payloads and PermanentJobError at once', async () => {
		let calls = 0;
		const flaky = defineJob({
			kind: 'test.flaky',
			title: 'Prova',
			payload: z.object({ n: z.number() }),
			backoff: { baseMs: 5, maxMs: 20 },
			run: ({ payload, job }) => {
				calls++;
				if (job.attempt < 3) throw new Error(`tentativo ${job.attempt}`);
				return { doppio: payload.n * 2 };
			}
		});
		const refused = defineJob({
			kind: 'test.refused',
			title: 'Rifiutata',
			payload: z.object({}),
			run: () => {
				throw new PermanentJobError('destinatario inesistente');
			}
		});
		const ok = enqueue(db, flaky, { n: 21 }).id;
		const bad = enqueueJob(db, { kind: 'test.flaky', payload: { n: 'ventuno' } }).id;
		const perm = enqueue(db, refused, {}).id;
		expect(() => enqueue(db, flaky, { n: 'x' } as never)).toThrow();
		const runner = createJobRunner({ db, jobs: [flaky, refused], pollMs: 5, schedules: false, log: quiet });
		runner.start();
		const deadline = Date.now() + 10_000;
		while (getJob(db, ok)?.state !== 'done' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
		await runner.stop();
		expect(getJob(db, ok)).toMatchObject({ state: 'done', attempts: 3, result: '{"doppio":42}', lastError: null });
		expect(calls).toBe(3);
		expect(getJob(db, bad)).toMatchObject({ state: 'failed', attempts: 1, lastError: expect.stringContaining('invalid payload') });
		expect(getJob(db, perm)).toMatchObject({ state: 'failed', attempts: 1, lastError: 'destinatario inesistente' });
		expect(runner.stats()).toMatchObject({ succeeded: 1, failed: 2, retried: 2, running: 0 });
	});

	it('schedules: a missed run within catchUpMs is enqueued once, however many processes start', async () => {
		const ticks: number[] = [];
		const nightly = defineJob({
			kind: 'test.notte',
			title: 'Notturna',
			payload: z.object({}),
			schedule: { cron: '30 2 * * *', payload: {}, catchUpMs: 24 * 3600_000 },
			run: () => ticks.push(1)
		});
		const runners = [1, 2].map(() => createJobRunner({ db, jobs: [nightly], pollMs: 5, log: quiet }));
		for (const r of runners) r.start();
		const deadline = Date.now() + 5_000;
		while (ticks.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
		await new Promise((r) => setTimeout(r, 50));
		await Promise.all(runners.map((r) => r.stop()));
		const rows = db.select().from(jobs).all();
		expect(rows).toHaveLength(1);
		expect(ticks).toHaveLength(1);
		// The key is the scheduled time of the last 02:30 in Rome.
		const last = new Date(rows[0].idempotencyKey!.slice('schedule:test.notte:'.length));
		expect(new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', timeStyle: 'short' }).format(last)).toBe('02:30');
		expect(Date.now() - last.getTime()).toBeLessThanOrEqual(24 * 3600_000);
		expect(rows[0].idempotencyKey).toBe(scheduleKey('test.notte', last));
		expect(runners[0].schedules()[0]).toMatchObject({ kind: 'test.notte', next: null });
	});
});
