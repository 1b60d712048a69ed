import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import {
	closeSync,
	existsSync,
	fsyncSync,
	linkSync,
	mkdirSync,
	openSync,
	readdirSync,
	readFileSync,
	renameSync,
	rmSync,
	statSync,
	writeFileSync
} from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../client.ts';
import { dataDirOf } from '../documents/storage.ts';

/**
 * Backups of the whole installation: `<dir>/accordo-<UTC time>/` holds `accordo.db` (SQLite's
 * online backup API: a consistent copy taken while the server keeps writing), `files/` (the
 * fascicolo's content-addressed blobs) and `manifest.json`. A blob already in the previous backup
 * is hard-linked from there, so each daily backup costs only the new files; the others are
 * copied (never linked to the live store, so a damaged live file cannot damage a backup) and
 * checked against their SHA-256 name. A backup is written under `.partial` and renamed when
 * complete: a directory without that suffix is always a whole backup.
 */

export const BACKUP_PREFIX = 'accordo-';
export const BACKUP_DB_FILE = 'accordo.db';
const MANIFEST = 'manifest.json';
const PARTIAL = '.partial';
const SHA = /^[0-9a-f]{64}$/;
const DAY = 24 * 3600_000;

export interface BackupManifest {
	format: 1;
	createdAt: string;
	database: { file: string; bytes: number; migrations: number; integrity: 'ok' };
	files: { count: number; bytes: number; copied: number; linked: number; damaged: string[] };
	durationMs: number;
}

export interface BackupInfo {
	name: string;
	path: string;
	manifest: BackupManifest;
}

export class BackupError extends Error {}

/** `2026-12-03T01:30:00.000Z` → `accordo-2026-12-03T01-30-00Z`: sorts by time, valid on every filesystem. */
export function backupName(at: Date): string {
	return (
		BACKUP_PREFIX +
		at
			.toISOString()
			.replace(/\.\d{3}Z$/, 'Z')
			.replace(/:/g, '-')
	);
}

/** Complete backups in `dir`, oldest first. */
export function listBackups(dir: string): BackupInfo[] {
	if (!existsSync(dir)) return [];
	const out: BackupInfo[] = [];
	for (const name of readdirSync(dir).sort()) {
		if (!name.startsWith(BACKUP_PREFIX) || name.endsWith(PARTIAL)) continue;
		const path = join(dir, name);
		try {
			out.push({ name, path, manifest: JSON.parse(readFileSync(join(path, MANIFEST), 'utf8')) as BackupManifest });
		} catch {
			// Not a backup of ours (no readable manifest): left alone.
		}
	}
	return out;
}

/** Integrity and migration count of a SQLite file, opened read-only. */
export function inspectDatabaseFile(file: string): { integrity: string; migrations: number } {
	const conn = new Database(file, { readonly: true, fileMustExist: true });
	try {
		const integrity = (conn.pragma('integrity_check', { simple: true }) as string) ?? 'no answer';
		const hasJournal = conn.prepare("SELECT 1 FROM sqlite_master WHERE name = '__drizzle_migrations'").get();
		const migrations = hasJournal ? (conn.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n : 0;
		return { integrity, migrations };
	} finally {
		conn.close();
	}
}

/** Every blob of a `files/` tree as [relative path, sha]; temporary uploads are skipped. */
export function listBlobs(filesDir: string): Array<[string, string]> {
	if (!existsSync(filesDir)) return [];
	const out: Array<[string, string]> = [];
	for (const prefix of readdirSync(filesDir)) {
		const sub = join(filesDir, prefix);
		if (!/^[0-9a-f]{2}$/.test(prefix) || !statSync(sub).isDirectory()) continue;
		for (const name of readdirSync(sub)) if (SHA.test(name)) out.push([join(prefix, name), name]);
	}
	return out;
}

function fsyncPath(path: string): void {
	const fd = openSync(path, 'r');
	try {
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
}

/** Copies a blob, refusing one whose content no longer matches its SHA-256 name. */
function copyBlob(from: string, to: string, sha: string): number | 'damaged' {
	const bytes = readFileSync(from);
	if (createHash('sha256').update(bytes).digest('hex') !== sha) return 'damaged';
	writeFileSync(to, bytes, { mode: 0o640 });
	return bytes.length;
}

/**
 * Takes a backup of the database behind `db` and of its file store into `dir`. The database copy
 * comes first: every blob it references was stored before its row (db/documents), so it is on
 * disk when the files are gathered.
 */
export async function createBackup(db: Db, opts: { dir: string; now?: Date }): Promise<BackupInfo> {
	const started = Date.now();
	const now = opts.now ?? new Date();
	const name = backupName(now);
	const final = join(opts.dir, name);
	const partial = final + PARTIAL;
	if (existsSync(final)) throw new BackupError(`a backup named ${name} already exists in ${opts.dir}`);
	mkdirSync(opts.dir, { recursive: true });
	rmSync(partial, { recursive: true, force: true });
	mkdirSync(join(partial, 'files'), { recursive: true });
	try {
		const dbFile = join(partial, BACKUP_DB_FILE);
		// One step (better-sqlite3's first transfer copies every page): a read snapshot, so writes of
		// other processes during the copy cannot restart it, and WAL lets them go on meanwhile.
		await db.$client.backup(dbFile);
		fsyncPath(dbFile);
		const { integrity, migrations } = inspectDatabaseFile(dbFile);
		if (integrity !== 'ok') throw new BackupError(`the copy of the database failed its integrity check: ${integrity}`);

		const previous = listBackups(opts.dir).at(-1);
		const files = { count: 0, bytes: 0, copied: 0, linked: 0, damaged: [] as string[] };
		const source = join(dataDirOf(db), 'files');
		for (const [rel, sha] of listBlobs(source)) {
			const target = join(partial, 'files', rel);
			mkdirSync(join(target, '..'), { recursive: true });
			const before = previous ? join(previous.path, 'files', rel) : null;
			let linked = false;
			if (before && existsSync(before)) {
				try {
					linkSync(before, target);
					linked = true;
				} catch {
					// Another filesystem or no hard links: copy instead.
				}
			}
			if (linked) {
				files.linked++;
				files.bytes += statSync(target).size;
			} else {
				const size = copyBlob(join(source, rel), target, sha);
				if (size === 'damaged') {
					files.damaged.push(sha);
					continue;
				}
				files.copied++;
				files.bytes += size;
			}
			files.count++;
		}
		const manifest: BackupManifest = {
			format: 1,
			createdAt: now.toISOString(),
			database: { file: BACKUP_DB_FILE, bytes: statSync(dbFile).size, migrations, integrity: 'ok' },
			files,
			durationMs: Date.now() - started
		};
		writeFileSync(join(partial, MANIFEST), JSON.stringify(manifest, null, '\t') + '\n');
		fsyncPath(join(partial, MANIFEST));
		renameSync(partial, final);
		fsyncPath(opts.dir);
		return { name, path: final, manifest };
	} catch (error) {
		rmSync(partial, { recursive: true, force: true });
		throw error;
	}
}

/**
 * Retention: removes the backups older than `retentionDays` (the newest one always stays, however
 * old) and leftovers of interrupted backups older than a day. Returns the names removed.
 */
export function pruneBackups(dir: string, opts: { retentionDays: number; now?: Date }): string[] {
	const now = (opts.now ?? new Date()).getTime();
	const removed: string[] = [];
	const backups = listBackups(dir);
	for (const b of backups.slice(0, -1)) {
		if (now - Date.parse(b.manifest.createdAt) > opts.retentionDays * DAY) {
			rmSync(b.path, { recursive: true, force: true });
			removed.push(b.name);
		}
	}
	if (existsSync(dir)) {
		for (const name of readdirSync(dir)) {
			if (!name.startsWith(BACKUP_PREFIX) || !name.endsWith(PARTIAL)) continue;
			const path = join(dir, name);
			if (now - statSync(path).mtimeMs > DAY) {
				rmSync(path, { recursive: true, force: true });
				removed.push(name);
			}
		}
	}
	return removed;
}
