// Accordo's production entry point: one HTTP server, one origin. SvelteKit (adapter-node's
// build/handler.js), the SFU signalling (socket.io) and the collab WebSocket share the port.
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { closeDb, DatabaseSetupError, openDb, type Db } from '#db/client.ts';
import { prepareDatabase } from '#db/setup.ts';
import { setRuntime } from '#db/runtime.ts';
import { DEMO_OPERATOR_EMAIL, DEMO_PASSWORD, DEMO_USERS } from '#db/seed.ts';
import { startMailWorker } from '#db/comunicazioni/worker.ts';
import { ConfigError, loadServerConfig } from './config.ts';
import { attachRealtime, type Realtime } from './realtime.ts';
import { createJobRunner } from '#db/jobs/runner.ts';
import { jobCatalog } from './jobs.ts';

type KitHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

const BUILD_DIR = new URL(`../${process.env.ACCORDO_BUILD_DIR ?? 'build'}/`, import.meta.url);
const HANDLER = fileURLToPath(new URL('handler.js', BUILD_DIR));

function fail(message: string): never {
	console.error(`accordo: ${message}`);
	process.exit(1);
}

async function main() {
	let config;
	try {
		config = loadServerConfig();
	} catch (err) {
		if (err instanceof ConfigError) fail(err.message);
		throw err;
	}
	if (!existsSync(HANDLER)) fail('no production build found (build/handler.js). Run "npm run build" first, or "npm start" which builds.');

	let db: Db;
	try {
		db = openDb(config.DATABASE_URL);
	} catch (err) {
		if (err instanceof DatabaseSetupError) fail(err.message);
		fail(`cannot prepare the database: ${(err as Error).message}`);
	}
	let seeded: boolean;
	try {
		({ seeded } = await prepareDatabase(db, { seedDemo: config.ACCORDO_SEED === 'demo' }));
	} catch (err) {
		fail(`cannot prepare the database: ${(err as Error).message}`);
	}

	// Without ORIGIN, tell adapter-node the real protocol of each request (its default is https,
	// which would make every form POST look cross-site on plain http). Any client value is overwritten.
	if (!config.ORIGIN) process.env.PROTOCOL_HEADER = 'x-accordo-proto';
	process.env.BODY_SIZE_LIMIT ??= '20M';
	const { handler } = (await import(pathToFileURL(HANDLER).href)) as { handler: KitHandler };

	const server = createServer();
	const rt: Realtime = await attachRealtime(server, db, {
		destroyUnknownUpgrades: true,
		allowedOrigins: config.ORIGIN ? [config.ORIGIN] : undefined
	});
	// Added after socket.io attached: it answers /sfu/ itself and passes everything else on.
	server.on('request', (req: IncomingMessage, res: ServerResponse) => {
		if (req.url === '/healthz' || req.url?.startsWith('/healthz?')) {
			const report = rt.health();
			res.writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
			res.end(JSON.stringify(report));
			return;
		}
		if (req.url?.startsWith('/sfu/')) return;
		if (!config.ORIGIN) req.headers['x-accordo-proto'] = 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
		handler(req, res);
	});
	const jobs =
		config.ACCORDO_JOBS === 'on'
			? createJobRunner({
					db,
					jobs: jobCatalog({ backup: { dir: config.BACKUP_DIR, retentionDays: config.BACKUP_RETENTION_DAYS, cron: config.BACKUP_CRON } })
				})
			: undefined;
	jobs?.start();
	setRuntime({ db, health: () => rt.health(), stats: () => rt.stats(), jobs });
	const mail = startMailWorker(db, { pollMs: config.ACCORDO_MAIL_POLL_SECONDS * 1000 });

	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`accordo: ${signal} received, shutting down`);
		const force = setTimeout(() => process.exit(1), 10_000);
		force.unref();
		server.close();
		server.closeAllConnections();
		await mail.stop();
		await jobs?.stop();
		await rt.close();
		closeDb(db);
		process.exit(0);
	};
	process.on('SIGINT', () => void stop('SIGINT'));
	process.on('SIGTERM', () => void stop('SIGTERM'));

	server.on('error', (err: NodeJS.ErrnoException) => {
		if (err.code === 'EADDRINUSE')
			console.error(`accordo: port ${config.PORT} on ${config.HOST} is already in use. Stop the other process or set PORT.`);
		else console.error(`accordo: server error: ${err.message}`);
		void Promise.allSettled([jobs?.stop(), rt.close()]).finally(() => {
			closeDb(db);
			process.exit(1);
		});
	});
	server.listen(config.PORT, config.HOST, () => {
		const address = server.address();
		const port = typeof address === 'object' && address ? address.port : config.PORT;
		const url = config.ORIGIN ?? `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}`;
		console.log(`\nAccordo is running at ${url}`);
		console.log(`  database: ${config.DATABASE_URL}${seeded ? ' (demo data seeded)' : ''}; mediasoup workers: ${rt.sfu.pool.liveCount}`);
		if (config.ACCORDO_SEED === 'demo') {
			console.log(`  demo logins (password "${DEMO_PASSWORD}" unless changed):`);
			for (const u of DEMO_USERS) console.log(`    ${u.role.padEnd(15)} ${u.email}`);
			console.log(`    ${'operatore'.padEnd(15)} ${DEMO_OPERATOR_EMAIL} (piattaforma, demo only)`);
		}
		console.log('');
	});
}

main().catch((err: unknown) => fail(`startup failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
