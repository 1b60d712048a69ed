// Standalone SFU process (`node sfu/main.ts`, `npm run sfu`): its own HTTP server with the
// socket.io signalling on /sfu/socket.io and GET /healthz. The production entry point
// (server/main.ts) mounts the same createSfu() on the web server instead.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeDb, DatabaseSetupError, openDb, type Db } from '#db/client.ts';
import { migrateDb } from '#db/migrate.ts';
import { ConfigError, loadConfig, type Config } from '#server/config.ts';
import { createSfu, type Sfu } from './index.ts';
import { consoleLogger as log, describeError } from './log.ts';

function fail(message: string): never {
	log.error(message);
	process.exit(1);
}

/** The one environment schema (server/config.ts), parsed once; a bad value stops here with the reasons. */
function configFromEnv(): Config {
	try {
		return loadConfig();
	} catch (error) {
		if (error instanceof ConfigError) fail(error.message);
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

function listen(server: ReturnType<typeof createServer>, { port, host }: Config['sfuServer']): Promise<number> {
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

async function main(): Promise<void> {
	const config = configFromEnv();
	const databaseUrl = config.databaseUrl;
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
		port = await listen(server, config.sfuServer);
	} catch (error) {
		closeDb(db);
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EADDRINUSE') {
			fail(
				`port ${config.sfuServer.port} on ${config.sfuServer.host} is already in use. ` +
					'Stop the other process or set SFU_PORT to a free port.'
			);
		}
		fail(`cannot listen on ${config.sfuServer.host}:${config.sfuServer.port}: ${describeError(error)}`);
	}
	server.on('error', (error) => log.error('HTTP server error', error));

	try {
		// SFU_ALLOWED_ORIGINS or ORIGIN: the web pages' origin (another port than this process's).
		sfu = await createSfu({
			httpServer: server,
			db,
			config: config.sfu,
			turn: config.turn,
			logger: log,
			allowedOrigins: config.sfuServer.allowedOrigins
		});
	} catch (error) {
		server.close();
		closeDb(db);
		fail(describeError(error));
	}
	const running = sfu;
	log.info(
		`listening on http://${config.sfuServer.host}:${port} (signalling /sfu/socket.io, health /healthz), ` +
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
