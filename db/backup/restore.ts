import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { BACKUP_DB_FILE, backupName, inspectDatabaseFile, listBlobs, type BackupManifest } from './backup.ts';

export class RestoreError extends Error {}

/**
 * True when another connection has the database open. In WAL mode (every Accordo process opens
 * it so) leaving WAL needs the only connection: SQLite answers SQLITE_BUSY while any other process
 * (web, sfu, collab, a backup) holds it, and a process that crashed holds nothing.
 */
export function databaseInUse(file: string): boolean {
	if (!existsSync(file)) return false;
	const conn = new Database(file, { fileMustExist: true, timeout: 0 });
	try {
		conn.pragma('journal_mode = DELETE');
		return false;
	} catch (error) {
		if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
		throw error;
	} finally {
		conn.close();
	}
}

export interface RestoreResult {
	backup: string;
	database: string;
	/** Where the database that was replaced now is (kept, never deleted), or null when there was none. */
	previous: string | null;
	files: { restored: number; present: number };
	durationMs: number;
}

/**
 * Puts a backup (a directory made by createBackup) in place of the database at `databaseFile`
 * and adds its blobs to the file store beside it. Refuses while the database is in use, and
 * checks the backup (manifest, integrity, every blob against its SHA-256) before touching
 * anything. The replaced database is renamed, not deleted. Blobs already in the store stay
 * (content-addressed: same name, same bytes).
 */
export function restoreBackup(opts: { backup: string; databaseFile: string; now?: Date }): RestoreResult {
	const started = Date.now();
	const { backup, databaseFile } = opts;
	let manifest: BackupManifest;
	try {
		manifest = JSON.parse(readFileSync(join(backup, 'manifest.json'), 'utf8')) as BackupManifest;
	} catch {
		throw new RestoreError(
			`${backup} is not an Accordo backup (no readable manifest.json). Backups are the accordo-<date> folders made by "npm run backup".`
		);
	}
	const source = join(backup, manifest.database?.file ?? BACKUP_DB_FILE);
	if (!existsSync(source)) throw new RestoreError(`the backup ${backup} has no database file (${source}).`);
	const { integrity } = inspectDatabaseFile(source);
	if (integrity !== 'ok')
		throw new RestoreError(`the database in ${backup} is damaged (integrity check: ${integrity}); choose another backup.`);
	const blobs = listBlobs(join(backup, 'files'));
	for (const [rel, sha] of blobs) {
		if (
			createHash('sha256')
				.update(readFileSync(join(backup, 'files', rel)))
				.digest('hex') !== sha
		)
			throw new RestoreError(`the file ${rel} in ${backup} is damaged (its content no longer matches its SHA-256); choose another backup.`);
	}

	if (databaseInUse(databaseFile))
		throw new RestoreError(
			`the database ${databaseFile} is in use: an Accordo server (or the sfu or collab process) has it open. ` +
				'Stop every Accordo process first, then run the restore again. Nothing was changed.'
		);

	mkdirSync(dirname(databaseFile), { recursive: true });
	let previous: string | null = null;
	if (existsSync(databaseFile)) {
		previous = `${databaseFile}.prima-del-ripristino-${backupName(opts.now ?? new Date()).slice('accordo-'.length)}`;
		renameSync(databaseFile, previous);
		for (const suffix of ['-wal', '-shm']) if (existsSync(databaseFile + suffix)) renameSync(databaseFile + suffix, previous + suffix);
	}
	const tmp = `${databaseFile}.ripristino-in-corso`;
	copyFileSync(source, tmp);
	renameSync(tmp, databaseFile);
	const conn = new Database(databaseFile);
	conn.pragma('journal_mode = WAL');
	conn.close();

	const store = join(dirname(databaseFile), 'files');
	let restored = 0;
	let present = 0;
	for (const [rel, sha] of blobs) {
		const target = join(store, rel);
		if (existsSync(target) && statSync(target).size > 0) {
			present++;
			continue;
		}
		mkdirSync(dirname(target), { recursive: true });
		const part = join(dirname(target), `.tmp-restore-${sha.slice(0, 16)}`);
		copyFileSync(join(backup, 'files', rel), part);
		renameSync(part, target);
		restored++;
	}
	rmSync(tmp, { force: true });
	return { backup, database: databaseFile, previous, files: { restored, present }, durationMs: Date.now() - started };
}
