// The collab process: `node collab/main.ts` (npm run collab). Its variables (DATABASE_URL,
// COLLAB_PORT, COLLAB_HOST, COLLAB_ALLOWED_ORIGINS, ORIGIN) are in the one environment schema,
// server/config.ts, listed in the README. Like the web process it wires Accordo's verbale extension
// (server/verbale-collab.ts) into the generic engine.
import { DatabaseSetupError, closeDb, openDb, type Db } from '#db/client.ts';
import { migrateDb } from '#db/migrate.ts';
import { ConfigError, loadConfig, type Config } from '#server/config.ts';
import { COLLAB_PATH } from '#protocol/collab.ts';
import { startCollabServer, type CollabServer } from './server.ts';
import { verbaleExtension } from '#server/verbale-collab.ts';

function fail(message: string): never {
	console.error(`collab: ${message}`);
	process.exit(1);
}

let config: Config;
try {
	config = loadConfig();
} catch (err) {
	if (err instanceof ConfigError) fail(err.message);
	throw err;
}
const { port, host, allowedOrigins } = config.collab;
const databaseUrl = config.databaseUrl;

let db: Db;
try {
	db = openDb(databaseUrl);
	migrateDb(db);
} catch (err) {
	fail(err instanceof DatabaseSetupError ? err.message : `cannot prepare the database: ${(err as Error).message}`);
}

let collab: CollabServer;
try {
	collab = await startCollabServer({ db, port, host, allowedOrigins, extensions: [verbaleExtension(db)] });
} catch (err) {
	closeDb(db);
	const code = (err as NodeJS.ErrnoException).code;
	if (code === 'EADDRINUSE') {
		fail(`port ${port} on ${host} is already in use (another collab server?). Stop it or set COLLAB_PORT.`);
	}
	if (code === 'EACCES') fail(`not allowed to listen on ${host}:${port}. Use a port above 1023 or set COLLAB_PORT.`);
	fail(`cannot listen on ${host}:${port}: ${(err as Error).message}`);
}

console.log(`collab: listening on ws://${host}:${collab.port}${COLLAB_PATH}/<document>`);
if (!allowedOrigins)
	console.log(
		'collab: no COLLAB_ALLOWED_ORIGINS or ORIGIN set; a browser Origin must match the Host of the request (set them when the pages come from another port)'
	);

let shuttingDown = false;
async function shutdown(signal: string): Promise<void> {
	if (shuttingDown) {
		console.error(`collab: ${signal} again, exiting without waiting`);
		process.exit(1);
	}
	shuttingDown = true;
	console.log(`collab: ${signal} received, closing connections`);
	try {
		await collab.close();
	} finally {
		closeDb(db);
	}
	process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
