import type { Server } from 'node:http';
import { closeDb, openDb } from '../db/client.ts';
import { prepareDatabase } from '../db/setup.ts';
import { setRuntime } from '../db/runtime.ts';
import { attachRealtime } from './realtime.ts';

/** Development counterpart of server/main.ts, mounted on Vite's HTTP server by vite-plugin.ts. */
export async function startDevRuntime(httpServer: Server): Promise<() => Promise<void>> {
	const db = openDb(process.env.DATABASE_URL);
	await prepareDatabase(db, { seedDemo: process.env.ACCORDO_SEED !== 'none' });
	const rt = await attachRealtime(httpServer, db, { destroyUnknownUpgrades: false });
	setRuntime({ db, health: () => rt.health(), stats: () => rt.stats() });
	return async () => {
		await rt.close();
		setRuntime(undefined);
		closeDb(db);
	};
}
