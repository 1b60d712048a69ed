// The collab process: `node collab/main.ts` (npm run collab).
//   DATABASE_URL             SQLite file shared with web and sfu (default ./data/accordo.db)
//   COLLAB_PORT              default 3002
//   COLLAB_HOST              default 127.0.0.1 (put it behind the same origin as web in production)
//   COLLAB_ALLOWED_ORIGINS   comma-separated Origin values accepted on upgrades (default: ORIGIN)
import { DatabaseSetupError, DEFAULT_DATABASE_URL, closeDb, openDb, type Db } from '#db/client.ts';
import { migrateDb } from '#db/migrate.ts';
import { COLLAB_PATH } from '#protocol/collab.ts';
import { startCollabServer, type CollabServer } from './server.ts';
import { verbaleCollabOptions } from './verbali.ts';

function fail(message: string): never {
	console.error(`collab: ${message}`);
	process.exit(1);
}

function portFromEnv(value: string | undefined, fallback: number): number {
	if (value === undefined || value === '') return fallback;
	const port = Number(value);
	if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`COLLAB_PORT must be a port number, got "${value}".`);
	return port;
}

const port = portFromEnv(process.env.COLLAB_PORT, 3002);
const host = process.env.COLLAB_HOST || '127.0.0.1';
const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const originsEnv = process.env.COLLAB_ALLOWED_ORIGINS || process.env.ORIGIN;
const allowedOrigins = originsEnv
	?.split(',')
	.map((o) => o.trim())
	.filter(Boolean);

let db: Db;
try {
	db = openDb(databaseUrl);
	migrateDb(db);
} catch (err) {
	fail(err instanceof DatabaseSetupError ? err.message : `cannot prepare the database: ${(err as Error).message}`);
}

let collab: CollabServer;
try {
	collab = await startCollabServer({ db, port, host, allowedOrigins, ...verbaleCollabOptions(db) });
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
