// Accordo's production entry point: one HTTP server, one origin. SvelteKit (adapter-node's
// build/handler.js), the SFU signalling (socket.io) and the collab WebSocket share the port.
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DatabaseSetupError } from '#db/client.ts';
import { DEMO_OPERATOR_EMAIL, DEMO_PASSWORD, DEMO_USERS } from '#db/seed.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { RUNTIME_PROPERTY, startRuntime, type RequestWithRuntime, type StartedRuntime } from './runtime.ts';

type KitHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

function fail(message: string): never {
	console.error(`accordo: ${message}`);
	process.exit(1);
}

async function main() {
	let config: Config;
	try {
		config = loadConfig();
	} catch (err) {
		if (err instanceof ConfigError) fail(err.message);
		throw err;
	}
	// Guest room links, ICS feed URLs and e-mailed links are absolute: without ORIGIN they are built
	// from each request's Host header, which a client (or a misconfigured proxy) chooses.
	if (config.production && !config.origin)
		fail(
			'ORIGIN is required in production (NODE_ENV=production): set it to the public URL, e.g. ORIGIN=https://accordo.example.it.\n' +
				'  Without it the links Accordo sends (guest room links, calendar feeds) would be built from the Host header of each request.'
		);
	if (!config.origin)
		console.warn('accordo: ORIGIN is not set: absolute links are built from the Host header of each request. Set ORIGIN in production.');
	const handlerFile = fileURLToPath(new URL(`../${config.buildDir}/handler.js`, import.meta.url));
	if (!existsSync(handlerFile))
		fail(`no production build found (${config.buildDir}/handler.js). Run "npm run build" first, or "npm start" which builds.`);

	const server = createServer();
	let started: StartedRuntime;
	try {
		started = await startRuntime(server, config, { destroyUnknownUpgrades: true });
	} catch (err) {
		if (err instanceof DatabaseSetupError) fail(err.message);
		fail(`cannot prepare the database: ${(err as Error).message}`);
	}
	const { runtime, seeded } = started;

	// Without ORIGIN, tell adapter-node the real protocol of each request (its default is https,
	// which would make every form POST look cross-site on plain http). Any client value is overwritten.
	if (!config.origin) process.env.PROTOCOL_HEADER = 'x-accordo-proto';
	process.env.BODY_SIZE_LIMIT ??= '20M';
	const { handler } = (await import(pathToFileURL(handlerFile).href)) as { handler: KitHandler };

	// Added after socket.io attached: it answers /sfu/ itself and passes everything else on.
	server.on('request', (req: IncomingMessage, res: ServerResponse) => {
		if (req.url === '/healthz' || req.url?.startsWith('/healthz?')) {
			const report = runtime.health();
			res.writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
			res.end(JSON.stringify(report));
			return;
		}
		if (req.url?.startsWith('/sfu/')) return;
		if (!config.origin) req.headers['x-accordo-proto'] = 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
		// The app finds the runtime on the request adapter-node hands it as `platform.req`.
		(req as RequestWithRuntime)[RUNTIME_PROPERTY] = runtime;
		// A floor for what SvelteKit's hook does not see (static files, errors raised before routing);
		// a header SvelteKit sends replaces these (src/lib/security/headers.ts).
		res.setHeader('x-content-type-options', 'nosniff');
		res.setHeader('x-frame-options', 'DENY');
		res.setHeader('referrer-policy', 'same-origin');
		// Answered before its body arrived (a 413, a refusal before parsing): Node would read and
		// discard the rest of the body. Instead the answer says `Connection: close` (no client sends
		// another request into the unread body), the rest is not read, and the socket is closed a
		// second after the answer, when the client has read it (closing at once with unread data
		// resets the connection and can lose the answer).
		const writeHead = res.writeHead;
		res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
			if (!req.complete) {
				this.setHeader('connection', 'close');
				const socket = req.socket;
				socket.destroySoon = () => {
					socket.pause();
					setTimeout(() => socket.destroy(), 1000).unref();
				};
			}
			return writeHead.apply(this, args);
		} as ServerResponse['writeHead'];
		handler(req, res);
	});

	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`accordo: ${signal} received, shutting down`);
		const force = setTimeout(() => process.exit(1), 10_000);
		force.unref();
		server.close();
		server.closeAllConnections();
		await started.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop('SIGINT'));
	process.on('SIGTERM', () => void stop('SIGTERM'));

	server.on('error', (err: NodeJS.ErrnoException) => {
		if (err.code === 'EADDRINUSE')
			console.error(`accordo: port ${config.port} on ${config.host} is already in use. Stop the other process or set PORT.`);
		else console.error(`accordo: server error: ${err.message}`);
		void started.stop().finally(() => process.exit(1));
	});
	server.listen(config.port, config.host, () => {
		const address = server.address();
		const port = typeof address === 'object' && address ? address.port : config.port;
		const url = config.origin ?? `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
		console.log(`\nAccordo is running at ${url}`);
		console.log(
			`  database: ${config.databaseUrl}${seeded ? ' (demo data seeded)' : ''}; mediasoup workers: ${runtime.sfu.pool.liveCount}`
		);
		if (config.seed === 'demo') {
			console.log(`  demo logins (password "${DEMO_PASSWORD}" unless changed):`);
			for (const u of DEMO_USERS) console.log(`    ${u.role.padEnd(15)} ${u.email}`);
			console.log(`    ${'operatore'.padEnd(15)} ${DEMO_OPERATOR_EMAIL} (piattaforma, demo only)`);
		}
		console.log('');
	});
}

main().catch((err: unknown) => fail(`startup failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
