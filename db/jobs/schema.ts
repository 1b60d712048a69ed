import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { organismi } from '../organismi/schema.ts';

export const JOB_STATES = ['pending', 'running', 'done', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

/**
 * Durable background jobs (db/jobs/runner.ts runs them). A job is `pending` until due (`run_at`),
 * `running` while a worker holds its lease (`lease_until`; an expired lease is claimed again),
 * then `done`, or `failed` once its attempts are used up. `idempotency_key` is unique per
 * Organismo (per installation for jobs without one): enqueueing the same key twice adds nothing.
 */
export const jobs = sqliteTable(
	'jobs',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		/** The JobDefinition's kind, e.g. `backup.giornaliero`. */
		kind: text('kind').notNull(),
		/** The Organismo the job works for; null for jobs of the whole installation (backup, pruning). */
		organismoId: text('organismo_id').references(() => organismi.id, { onDelete: 'cascade' }),
		idempotencyKey: text('idempotency_key'),
		/** JSON, checked against the definition's zod schema before every run. */
		payload: text('payload').notNull().default('{}'),
		state: text('state', { enum: JOB_STATES }).notNull().default('pending'),
		attempts: integer('attempts').notNull().default(0),
		maxAttempts: integer('max_attempts').notNull().default(5),
		runAt: integer('run_at', { mode: 'timestamp_ms' }).notNull(),
		leaseUntil: integer('lease_until', { mode: 'timestamp_ms' }),
		leasedBy: text('leased_by'),
		lastError: text('last_error'),
		/** JSON returned by the handler (a short summary: counts, a path). */
		result: text('result'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
		finishedAt: integer('finished_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		index('jobs_due_idx').on(t.state, t.runAt),
		uniqueIndex('jobs_idempotency_idx').on(t.organismoId, t.idempotencyKey),
		// SQLite treats NULLs as distinct in a unique index: jobs of the installation need their own.
		uniqueIndex('jobs_idempotency_global_idx')
			.on(t.idempotencyKey)
			.where(sql`${t.organismoId} IS NULL`)
	]
);

export type JobRow = typeof jobs.$inferSelect;
