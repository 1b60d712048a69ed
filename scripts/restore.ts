// `npm run restore -- <backup>`: puts a backup made by `npm run backup` (or the nightly job) in
// place of the database (DATABASE_URL) and its file store. Every Accordo process must be stopped
// first; the database it replaces is kept beside it, renamed.
//   <backup> is the backup's folder, or just its name (accordo-2026-12-03T01-30-00Z) inside BACKUP_DIR.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { databasePath } from '#db/client.ts';
import { RestoreError, restoreBackup } from '#db/backup/restore.ts';
import { loadConfigOrExit } from '#server/config.ts';

function fail(message: string): never {
	console.error(`restore: ${message}`);
	process.exit(1);
}

const config = loadConfigOrExit('restore');
const arg = process.argv[2];
if (!arg) fail('say which backup to restore: npm run restore -- <backup folder>   (npm run backup -- --list shows them)');
const databaseFile = databasePath(config.databaseUrl);
const dir = config.backup.dir ?? join(dirname(databaseFile), 'backups');
const backup = existsSync(arg) ? arg : join(dir, arg);
if (!existsSync(backup)) fail(`there is no backup ${arg} (looked for ${backup}).`);
try {
	const done = restoreBackup({ backup, databaseFile });
	console.log(`Restored ${backup} into ${done.database} in ${done.durationMs} ms.`);
	if (done.previous) console.log(`  The database it replaced is kept as ${done.previous}.`);
	console.log(`  Files: ${done.files.restored} restored, ${done.files.present} already present.`);
	console.log('Start Accordo again (npm start): pending migrations, if any, run then.');
} catch (err) {
	fail(err instanceof RestoreError ? err.message : `restore failed: ${(err as Error).message}`);
}
