import type { Server } from 'node:http';
import { closeDb, openDb } from '../db/client.ts';
import { migrateDb } from '../db/migrate.ts';
import { setRuntime } from '../db/runtime.ts';
import { seedDemoIfEmpty } from '../db/seed.ts';
import { attachRealtime } from './realtime.ts';

/** Development counterpart of server/main.ts, mounted on Vite's HTTP server by vite-plugin.ts. */
export async function startDevRuntime(httpServer: Server): Promise<() => Promise<void>> {
	const db = openDb(process.env.DATABASE_URL);
	migrateDb(db);
	await seedDemoIfEmpty(db);
	const rt = await attachRealtime(httpServer, db, { destroyUnknownUpgrades: false });
	setRuntime({ db, health: () => rt.health(), stats: () => rt.stats() });
	return async () => {
		await rt.close();
		setRuntime(undefined);
		closeDb(db);
	};
}
