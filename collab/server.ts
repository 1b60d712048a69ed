import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCollab, type Collab, type CollabOptions } from './index.ts';

export interface CollabServerOptions extends CollabOptions {
	/** 0 picks a free port (tests). */
	port: number;
	host: string;
}

export interface CollabServer {
	readonly collab: Collab;
	readonly server: Server;
	/** The port actually bound. */
	readonly port: number;
	/** Stops accepting, closes the collab service, then the HTTP server. Idempotent. */
	close(): Promise<void>;
}

/**
 * The collab HTTP server: WebSocket upgrades under /collab, GET /healthz with the live counts,
 * 404 for everything else. Rejects when the port cannot be bound (err.code EADDRINUSE, EACCES).
 */
export async function startCollabServer(options: CollabServerOptions): Promise<CollabServer> {
	const { port, host, ...collabOptions } = options;
	const collab = createCollab(collabOptions);
	const server = createServer((req, res) => {
		const path = (req.url ?? '').split('?', 1)[0];
		if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
			const body = JSON.stringify({ ok: true, ...collab.stats() });
			res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
			res.end(req.method === 'HEAD' ? undefined : body);
			return;
		}
		res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
		res.end('Not Found');
	});
	server.on('upgrade', (req, socket, head) => {
		if (!collab.handleUpgrade(req, socket, head)) socket.destroy();
	});

	try {
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, host, () => {
				server.off('error', reject);
				resolve();
			});
		});
	} catch (err) {
		await collab.close();
		throw err;
	}

	let closing: Promise<void> | null = null;
	return {
		collab,
		server,
		port: (server.address() as AddressInfo).port,
		close() {
			closing ??= (async () => {
				const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
				await collab.close();
				server.closeAllConnections();
				await stopped;
			})();
			return closing;
		}
	};
}
