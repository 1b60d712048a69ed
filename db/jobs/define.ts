import type { z } from 'zod';
import type { Db } from '../client.ts';
import { enqueueJob, type Backoff, type NewJob } from './repo.ts';

/** What a handler gets for one attempt of one job. */
export interface JobContext<P> {
	db: Db;
	/** The payload, already checked against the definition's schema. */
	payload: P;
	job: { id: number; organismoId: string | null; idempotencyKey: string | null; attempt: number; maxAttempts: number };
	/** Aborted when the runner stops (shutdown) or the lease was lost: stop early if you can. */
	signal: AbortSignal;
	/** Enqueues a follow-up job (fan-out per Organismo, a retry of a part). */
	enqueue<Q>(def: JobDefinition<Q>, payload: Q, opts?: EnqueueOptions): { id: number; created: boolean };
}

export interface JobSchedule<P> {
	/** Cron pattern read in Europe/Rome (croner syntax, 5 or 6 fields), e.g. '30 2 * * *'. */
	cron: string;
	payload: P;
	/**
	 * At start-up, enqueue the latest scheduled run if it is at most this old and never ran
	 * (the server was down at 02:30). Default 0: missed runs are skipped.
	 */
	catchUpMs?: number;
}

/**
 * One kind of background job: its payload schema, its handler and, optionally, a schedule.
 * Declare it in your module (`db/<modulo>/jobs.ts`) and list it in server/jobs.ts.
 */
export interface JobDefinition<P = unknown> {
	/** Unique, `<modulo>.<what>` (e.g. `pec.invio`). Stored in every row: never rename a kind in use. */
	kind: string;
	/** Italian label for the administration page. */
	title: string;
	payload: z.ZodType<P>;
	/** Returns a small JSON-able summary stored with the job. Throw to fail the attempt. */
	run(ctx: JobContext<P>): unknown | Promise<unknown>;
	/** Default 5. */
	maxAttempts?: number;
	/** Default DEFAULT_BACKOFF (30 s doubling up to 6 h). */
	backoff?: Backoff;
	/** How long a claim holds before another worker may take the job over; renewed while running (default 60 s). */
	leaseMs?: number;
	schedule?: JobSchedule<P>;
}

/** Thrown by a handler when retrying cannot help (bad data, a refused request): the job fails at once. */
export class PermanentJobError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'PermanentJobError';
	}
}

/** A definition of any payload type, for lists of definitions (server/jobs.ts). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each definition checks its own payload
export type AnyJobDefinition = JobDefinition<any>;

export function defineJob<P>(def: JobDefinition<P>): JobDefinition<P> {
	return def;
}

export type EnqueueOptions = Omit<NewJob, 'kind' | 'payload' | 'maxAttempts'>;

/** Enqueues a job of `def` after checking its payload (a bad payload throws here, not in the runner). */
export function enqueue<P>(db: Db, def: JobDefinition<P>, payload: P, opts: EnqueueOptions = {}, now = new Date()) {
	const parsed = def.payload.parse(payload);
	return enqueueJob(db, { ...opts, kind: def.kind, payload: parsed, maxAttempts: def.maxAttempts }, now);
}
