// Standalone SFU process (`node sfu/main.ts`, `npm run sfu`): its own HTTP server with the
// socket.io signalling on /sfu/socket.io and GET /healthz. The production entry point
// (server/main.ts) mounts the same createSfu() on the web server instead.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeDb, DatabaseSetupError, DEFAULT_DATABASE_URL, openDb, type Db } from '#db/client.ts';
import { migrateDb } from '#db/migrate.ts';
import { loadSfuConfig, loadSfuServerConfig, SfuConfigError, type SfuConfig, type SfuServerConfig } from './config.ts';
import { createSfu, type Sfu } from './index.ts';
import { consoleLogger as log, describeError } from './log.ts';

function fail(message: string): never {
	log.error(message);
	process.exit(1);
}

function loadConfig(): { sfu: SfuConfig; server: SfuServerConfig } {
	try {
		return { sfu: loadSfuConfig(), server: loadSfuServerConfig() };
	} catch (error) {
		if (error instanceof SfuConfigError) fail(error.message);
		throw error;
	}
}

function prepareDb(url: string): Db {
	try {
		const db = openDb(url);
		migrateDb(db);
		return db;
	} catch (error) {
		if (error instanceof DatabaseSetupError) fail(error.message);
		fail(`cannot prepare the database ${url}: ${describeError(error)}`);
	}
}

function listen(server: ReturnType<typeof createServer>, { port, host }: SfuServerConfig): Promise<number> {
	return new Promise((resolve, reject) => {
		const onError = (error: Error) => reject(error);
		server.once('error', onError);
		server.listen(port, host, () => {
			server.off('error', onError);
			const address = server.address();
			resolve(typeof address === 'object' && address ? address.port : port);
		});
	});
}

/** SFU_ALLOWED_ORIGINS or ORIGIN, comma separated: the web pages' origin (another port than this process's). */
function originsFromEnv(): string[] | undefined {
	const list = (process.env.SFU_ALLOWED_ORIGINS || process.env.ORIGIN || '')
		.split(',')
		.map((o) => o.trim())
		.filter(Boolean);
	return list.length > 0 ? list : undefined;
}

async function main(): Promise<void> {
	const config = loadConfig();
	const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
	const db = prepareDb(databaseUrl);

	let sfu: Sfu | undefined;
	// Registered before createSfu(): engine.io wraps this listener and keeps /sfu/socket.io for itself.
	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		if (req.method === 'GET' && (req.url === '/healthz' || req.url?.startsWith('/healthz?'))) {
			const workers = sfu?.pool.liveCount ?? 0;
			res.writeHead(workers > 0 ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
			res.end(JSON.stringify({ ok: workers > 0, workers }));
			return;
		}
		res.writeHead(404, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ ok: false, error: 'not found' }));
	});

	// Listen first, so a busy port fails before any worker is started.
	let port: number;
	try {
		port = await listen(server, config.server);
	} catch (error) {
		closeDb(db);
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EADDRINUSE') {
			fail(
				`port ${config.server.port} on ${config.server.host} is already in use. ` + 'Stop the other process or set SFU_PORT to a free port.'
			);
		}
		fail(`cannot listen on ${config.server.host}:${config.server.port}: ${describeError(error)}`);
	}
	server.on('error', (error) => log.error('HTTP server error', error));

	try {
		sfu = await createSfu({ httpServer: server, db, config: config.sfu, logger: log, allowedOrigins: originsFromEnv() });
	} catch (error) {
		server.close();
		closeDb(db);
		fail(describeError(error));
	}
	const running = sfu;
	log.info(
		`listening on http://${config.server.host}:${port} (signalling /sfu/socket.io, health /healthz), ` +
			`${running.pool.liveCount} mediasoup worker(s), database ${databaseUrl}`
	);

	let stopping = false;
	const stop = (signal: NodeJS.Signals): void => {
		if (stopping) return;
		stopping = true;
		log.info(`${signal} received, shutting down`);
		const force = setTimeout(() => {
			log.error('shutdown took longer than 10 s; exiting anyway');
			process.exit(1);
		}, 10_000);
		force.unref();
		server.close();
		server.closeAllConnections();
		running
			.close()
			.then(() => {
				closeDb(db);
				process.exit(0);
			})
			.catch((error: unknown) => {
				log.error('error while shutting down', error);
				process.exit(1);
			});
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: unknown) => fail(`startup failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
