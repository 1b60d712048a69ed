import type { Server } from 'node:http';
import { closeDb, openDb } from '#db/client.ts';
import { prepareDatabase } from '#db/setup.ts';
import { setRuntime } from '#db/runtime.ts';
import { attachRealtime } from './realtime.ts';
import { createJobRunner } from '#db/jobs/runner.ts';
import { loadServerConfig } from './config.ts';
import { jobCatalog } from './jobs.ts';

/** Development counterpart of server/main.ts, mounted on Vite's HTTP server by vite-plugin.ts. */
export async function startDevRuntime(httpServer: Server): Promise<() => Promise<void>> {
	const db = openDb(process.env.DATABASE_URL);
	await prepareDatabase(db, { seedDemo: process.env.ACCORDO_SEED !== 'none' });
	const rt = await attachRealtime(httpServer, db, { destroyUnknownUpgrades: false });
	const config = loadServerConfig();
	const jobs =
		config.ACCORDO_JOBS === 'on'
			? createJobRunner({
					db,
					jobs: jobCatalog({ backup: { dir: config.BACKUP_DIR, retentionDays: config.BACKUP_RETENTION_DAYS, cron: config.BACKUP_CRON } })
				})
			: undefined;
	jobs?.start();
	setRuntime({ db, health: () => rt.health(), stats: () => rt.stats(), jobs });
	return async () => {
		await jobs?.stop();
		await rt.close();
		setRuntime(undefined);
		closeDb(db);
	};
}
