import { join } from 'node:path';
import { z } from 'zod';
import type { Db } from '../client.ts';
import { dataDirOf } from '../documents/storage.ts';
import { defineJob, PermanentJobError } from '../jobs/define.ts';
import { createBackup, pruneBackups } from './backup.ts';

export interface BackupSettings {
	/** Where backups go; default `<data directory>/backups` (put it on another disk in production). */
	dir?: string;
	/** Backups older than this are removed after each new one (the seed's quarterly retention: 90). */
	retentionDays: number;
	/** Cron pattern in Europe/Rome. */
	cron: string;
}

export const DEFAULT_BACKUP_SETTINGS: BackupSettings = { retentionDays: 90, cron: '30 2 * * *' };

export function backupDir(db: Db, settings: Pick<BackupSettings, 'dir'>): string {
	return settings.dir ?? join(dataDirOf(db), 'backups');
}

/** The daily backup (database + file store), then retention. A missed night runs at the next start-up. */
export function backupGiornaliero(settings: BackupSettings = DEFAULT_BACKUP_SETTINGS) {
	return defineJob({
		kind: 'backup.giornaliero',
		title: 'Backup giornaliero (database e fascicoli)',
		payload: z.object({}),
		maxAttempts: 3,
		backoff: { baseMs: 10 * 60_000, maxMs: 2 * 3600_000 },
		leaseMs: 10 * 60_000,
		schedule: { cron: settings.cron, payload: {}, catchUpMs: 24 * 3600_000 },
		async run({ db }) {
			const dir = backupDir(db, settings);
			const made = await createBackup(db, { dir });
			const rimossi = pruneBackups(dir, { retentionDays: settings.retentionDays });
			const { files, database, durationMs } = made.manifest;
			if (files.damaged.length > 0)
				throw new PermanentJobError(
					`backup ${made.name} completed, but ${files.damaged.length} file(s) of the fascicolo no longer match their SHA-256 and were left out: ${files.damaged.join(', ')}`
				);
			return { backup: made.path, databaseBytes: database.bytes, files: files.count, copied: files.copied, durationMs, rimossi };
		}
	});
}
