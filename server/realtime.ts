import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Db } from '#db/client.ts';
import { createSfu, type Sfu } from '#sfu/index.ts';
import { createCollab, type Collab } from '#collab/index.ts';
import { verbaleExtension } from './verbale-collab.ts';
import type { Config } from './config.ts';

export interface HealthReport {
	ok: boolean;
	database: 'ok' | 'error';
	workers: number;
	collab: 'up' | 'down';
}

export interface Realtime {
	sfu: Sfu;
	collab: Collab;
	health(): HealthReport;
	stats(): Record<string, unknown>;
	close(): Promise<void>;
}

/**
 * Mounts the SFU signalling (socket.io on /sfu/socket.io) and the collab WebSocket (/collab/*) on
 * the web server, so the whole product is one origin and the session cookie reaches all three.
 * `destroyUnknownUpgrades` is false in development, where Vite's HMR socket shares the server.
 */
export async function attachRealtime(
	server: Server,
	db: Db,
	config: Pick<Config, 'sfu' | 'turn' | 'origin'>,
	opts: { destroyUnknownUpgrades: boolean }
): Promise<Realtime> {
	const allowedOrigins = config.origin ? [config.origin] : undefined;
	const sfu = await createSfu({ httpServer: server, db, config: config.sfu, turn: config.turn, allowedOrigins });
	const collab = createCollab({ db, allowedOrigins, extensions: [verbaleExtension(db)] });
	const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
		if (collab.handleUpgrade(req, socket, head)) return;
		if (req.url?.startsWith('/sfu/')) return; // socket.io's own upgrade listener takes it
		if (opts.destroyUnknownUpgrades) socket.destroy();
	};
	server.on('upgrade', onUpgrade);
	let closing: Promise<void> | null = null;
	return {
		sfu,
		collab,
		health() {
			let database: HealthReport['database'] = 'ok';
			try {
				db.$client.prepare('SELECT 1').get();
			} catch {
				database = 'error';
			}
			const workers = sfu.pool.liveCount;
			return { ok: database === 'ok' && workers > 0, database, workers, collab: 'up' };
		},
		stats() {
			return { sfu: sfu.stats(), collab: collab.stats() };
		},
		close() {
			closing ??= (async () => {
				server.off('upgrade', onUpgrade);
				await collab.close();
				await sfu.close();
			})();
			return closing;
		}
	};
}
