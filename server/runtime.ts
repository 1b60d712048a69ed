import type { IncomingMessage, Server } from 'node:http';
import { closeDb, openDb, type Db } from '#db/client.ts';
import { prepareDatabase } from '#db/setup.ts';
import { providerFromConfig } from '#db/firma/provider-settings.ts';
import type { RemoteSignatureProvider } from '#db/firma/provider.ts';
import { createJobRunner, type JobRunner } from '#db/jobs/runner.ts';
import type { Sfu } from '#sfu/index.ts';
import type { Collab } from '#collab/index.ts';
import type { Config } from './config.ts';
import { jobCatalog } from './jobs.ts';
import { attachRealtime, type HealthReport } from './realtime.ts';

export type { HealthReport };

/**
 * What the web process shares with the SvelteKit app: built once by the composition root
 * (server/main.ts in production, server/dev-runtime.ts under `npm run dev`) and handed to each
 * request through SvelteKit's `platform` (src/lib/server/runtime.ts reads it). No global registry:
 * the SvelteKit server bundle has its own copy of every module, so the handover goes through the
 * request the composition root itself passes to the app.
 */
export interface AppRuntime {
	config: Config;
	db: Db;
	/** The job runner of this process (absent when ACCORDO_JOBS=off). */
	jobs: JobRunner | undefined;
	/** The SFU and collab services mounted on this web server (a change of rights reaches open connections). */
	sfu: Sfu;
	collab: Collab;
	/** The remote signature provider (FIRMA_PROVIDER), one per process: it holds the OTP state. */
	firmaProvider: RemoteSignatureProvider | null;
	health(): HealthReport;
	stats(): Record<string, unknown>;
}

/** The property of the Node request where the composition root puts the runtime (adapter-node's `platform.req`). */
export const RUNTIME_PROPERTY = 'accordoRuntime';
export type RequestWithRuntime = IncomingMessage & { [RUNTIME_PROPERTY]?: AppRuntime };

export interface StartedRuntime {
	runtime: AppRuntime;
	seeded: boolean;
	/** Stops the jobs, the realtime services and closes the database, once, in that order. */
	stop(): Promise<void>;
}

/**
 * Opens and prepares the database, mounts sfu + collab on `server`, starts the job runner. The one
 * place where the web process's parts are built and closed. Throws DatabaseSetupError and friends:
 * the caller turns them into a start-up message.
 */
export async function startRuntime(server: Server, config: Config, opts: { destroyUnknownUpgrades: boolean }): Promise<StartedRuntime> {
	const db = openDb(config.databaseUrl);
	let seeded: boolean;
	try {
		({ seeded } = await prepareDatabase(db, { seedDemo: config.seed === 'demo' }));
	} catch (err) {
		closeDb(db);
		throw err;
	}
	const rt = await attachRealtime(server, db, config, { destroyUnknownUpgrades: opts.destroyUnknownUpgrades });
	const jobs = config.jobs ? createJobRunner({ db, jobs: jobCatalog(config) }) : undefined;
	jobs?.start();
	const runtime: AppRuntime = {
		config,
		db,
		jobs,
		sfu: rt.sfu,
		collab: rt.collab,
		firmaProvider: providerFromConfig(config.firma),
		health: () => rt.health(),
		stats: () => rt.stats()
	};
	let stopping: Promise<void> | null = null;
	return {
		runtime,
		seeded,
		stop() {
			stopping ??= (async () => {
				await jobs?.stop();
				await rt.close();
				closeDb(db);
			})();
			return stopping;
		}
	};
}
