import type { Db } from './client.ts';
import type { JobRunner } from './jobs/runner.ts';

/**
 * What the process that hosts SvelteKit shares with it. server/main.ts (production) and the Vite
 * dev plugin (development) open one database connection and start sfu and collab, then publish
 * them here; the SvelteKit server bundle (which has its own copy of this module) finds them
 * through a global symbol, so there is one connection per process.
 */
export interface Runtime {
	db: Db;
	health: () => Promise<HealthReport> | HealthReport;
	stats: () => Record<string, unknown>;
	/** The job runner of this process (absent when ACCORDO_JOBS=off). */
	jobs?: Pick<JobRunner, 'titles' | 'schedules' | 'wake'>;
}

export interface HealthReport {
	ok: boolean;
	database: 'ok' | 'error';
	workers: number;
	collab: 'up' | 'down';
}

const KEY = Symbol.for('accordo.runtime');
type WithRuntime = typeof globalThis & { [KEY]?: Runtime };

export function setRuntime(runtime: Runtime | undefined): void {
	(globalThis as WithRuntime)[KEY] = runtime;
}

export function getRuntime(): Runtime | undefined {
	return (globalThis as WithRuntime)[KEY];
}
