// `npm run backup`: a backup now (database + file store), the same as the nightly job, then the
// retention. Safe while the server runs (SQLite's online backup API).
//   npm run backup                 into BACKUP_DIR (default <data directory>/backups)
//   npm run backup -- --list       lists the backups there
import { closeDb, DatabaseSetupError, databasePath, openDb } from '#db/client.ts';
import { createBackup, listBackups, pruneBackups } from '#db/backup/backup.ts';
import { backupDir } from '#db/backup/jobs.ts';
import { loadConfigOrExit } from '#server/config.ts';
import { existsSync } from 'node:fs';

function fail(message: string): never {
	console.error(`backup: ${message}`);
	process.exit(1);
}

const config = loadConfigOrExit('backup');
const file = databasePath(config.databaseUrl);
if (!existsSync(file)) fail(`there is no database at ${file} (DATABASE_URL). Nothing to back up.`);
let db;
try {
	db = openDb(config.databaseUrl);
} catch (err) {
	fail(err instanceof DatabaseSetupError ? err.message : (err as Error).message);
}
const dir = backupDir(db, { dir: config.backup.dir });
try {
	if (process.argv.includes('--list')) {
		const all = listBackups(dir);
		if (all.length === 0) console.log(`No backups in ${dir}.`);
		for (const b of all)
			console.log(
				`${b.name}  database ${(b.manifest.database.bytes / 1e6).toFixed(1)} MB, ${b.manifest.files.count} files (${(b.manifest.files.bytes / 1e6).toFixed(1)} MB)`
			);
	} else {
		const made = await createBackup(db, { dir });
		const removed = pruneBackups(dir, { retentionDays: config.backup.retentionDays });
		const m = made.manifest;
		console.log(`Backup written to ${made.path} in ${m.durationMs} ms:`);
		console.log(`  database ${(m.database.bytes / 1e6).toFixed(2)} MB (integrity ok, ${m.database.migrations} migrations)`);
		console.log(
			`  ${m.files.count} files, ${(m.files.bytes / 1e6).toFixed(2)} MB (${m.files.copied} copied, ${m.files.linked} linked from the previous backup)`
		);
		if (m.files.damaged.length > 0)
			console.log(`  WARNING: ${m.files.damaged.length} damaged file(s) left out: ${m.files.damaged.join(', ')}`);
		if (removed.length > 0) console.log(`  removed (older than ${config.backup.retentionDays} days): ${removed.join(', ')}`);
		console.log(`Restore it with: npm run restore -- ${made.path}`);
	}
} catch (err) {
	fail((err as Error).message);
} finally {
	closeDb(db);
}
