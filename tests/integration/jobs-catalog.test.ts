import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { avvisiScadenze } from '#db/agenda/jobs.ts';
import { listNotifiche } from '#db/agenda/notifications.ts';
import { countLoginAttempts, recordLoginAttempt } from '#db/auth/rate-limit.ts';
import { createSession, generateSessionToken, validateSessionToken } from '#db/auth/session.ts';
import { listBackups } from '#db/backup/backup.ts';
import type { Db } from '#db/client.ts';
import { enqueue } from '#db/jobs/define.ts';
import { createJobRunner } from '#db/jobs/runner.ts';
import { jobs } from '#db/jobs/schema.ts';
import { sessions } from '#db/schema.ts';
import { jobCatalog } from '#server/jobs.ts';
import { createOrganismo, createTestDb, createUser } from '../helpers/db.ts';
import { setupAgenda } from './agenda-fixture.ts';

let t: ReturnType<typeof createTestDb>;
let db: Db;
let backups: string;
const quiet = { info: () => {}, error: () => {} };
const runnerFor = () =>
	createJobRunner({
		db,
		jobs: jobCatalog({ backup: { dir: backups, retentionDays: 90, cron: '30 2 * * *' } }),
		schedules: false,
		log: quiet
	});

beforeEach(() => {
	t = createTestDb();
	db = t.db;
	backups = mkdtempSync(join(tmpdir(), 'accordo-backups-'));
});
afterEach(() => {
	t.cleanup();
	rmSync(backups, { recursive: true, force: true });
});

describe('the product jobs (server/jobs.ts)', () => {
	it('auth.pulizia removes login attempts older than a day and expired sessions, nothing else', async () => {
		const { organismoId } = createOrganismo(db);
		const user = await createUser(db, organismoId, 'segreteria');
		const day = 24 * 3600_000;
		recordLoginAttempt(db, '192.0.2.1', user.email, false, Date.now() - 2 * day);
		recordLoginAttempt(db, '192.0.2.1', user.email, false, Date.now() - 60_000);
		const live = generateSessionToken();
		createSession(db, live, user.id);
		createSession(db, generateSessionToken(), user.id, Date.now() - 31 * day); // expired a day ago
		const runner = runnerFor();
		enqueue(
			db,
			jobCatalog({ backup: { retentionDays: 90, cron: '* * * * *' } }).find((d) => d.kind === 'auth.pulizia')!,
			{}
		);
		expect(await runner.drain()).toBe(1);
		expect(countLoginAttempts(db)).toBe(1);
		expect(db.select().from(sessions).all()).toHaveLength(1);
		expect(validateSessionToken(db, live).session).not.toBeNull();
		expect(db.select().from(jobs).get()).toMatchObject({ state: 'done', result: '{"tentativi":1,"sessioni":1}' });
	});

	it('scadenze.avvisi fans out one job per Organismo, each alerting its segreteria once per hour slot', async () => {
		const f = await setupAgenda(db);
		createOrganismo(db); // a second Organismo, with nothing due
		f.newCase(f.m1.id, '2026-11-10');
		const runner = runnerFor();
		enqueue(db, avvisiScadenze, { giorno: '2026-11-26' }, { idempotencyKey: 'schedule:scadenze.avvisi:2026-11-26T09:05:00.000Z' });
		expect(await runner.drain()).toBe(3); // the fan-out, then one per Organismo
		expect(listNotifiche(db, f.segreteria).map((n) => n.titolo)).toEqual([
			'Scaduto: Pagamento spese di avvio — parte istante — procedimento n. 2026/1'
		]);
		const perOrganismo = db
			.select()
			.from(jobs)
			.all()
			.filter((j) => j.organismoId !== null);
		expect(perOrganismo.map((j) => j.idempotencyKey)).toEqual([
			'scadenze.avvisi:schedule:scadenze.avvisi:2026-11-26T09:05:00.000Z',
			'scadenze.avvisi:schedule:scadenze.avvisi:2026-11-26T09:05:00.000Z'
		]);
		// The same slot again (another process fired it too) adds nothing.
		enqueue(db, avvisiScadenze, { giorno: '2026-11-26' }, { idempotencyKey: 'schedule:scadenze.avvisi:2026-11-26T09:05:00.000Z' });
		expect(await runner.drain()).toBe(0);
	});

	it('backup.giornaliero writes a complete backup into the configured folder', async () => {
		createOrganismo(db);
		const runner = runnerFor();
		enqueue(
			db,
			jobCatalog({ backup: { dir: backups, retentionDays: 90, cron: '* * * * *' } }).find((d) => d.kind === 'backup.giornaliero')!,
			{}
		);
		expect(await runner.drain()).toBe(1);
		const [made] = listBackups(backups);
		expect(made.manifest.database.integrity).toBe('ok');
		expect(JSON.parse(db.select().from(jobs).get()!.result!)).toMatchObject({ backup: made.path, rimossi: [] });
	});
});
