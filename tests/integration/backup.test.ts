import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createSqlitePersistence } from '#collab/sqlite-persistence.ts';
import { appendAudit, verifyAuditChain } from '#db/audit/repo.ts';
import { createBackup, inspectDatabaseFile, listBackups, pruneBackups } from '#db/backup/backup.ts';
import { databaseInUse, RestoreError, restoreBackup } from '#db/backup/restore.ts';
import { closeDb, openDb, type Db } from '#db/client.ts';
import { addDocument, getDocumentForDownload } from '#db/documents/repo.ts';
import { fileStoreFor } from '#db/documents/storage.ts';
import { loadCaseContext } from '#db/procedimenti/context.ts';
import { samplePdf } from '../helpers/documents-samples.ts';
import { createOrganismo, createTestDb } from '../helpers/db.ts';
import { setupVerbaleCase } from './verbale-fixture.ts';

let t: ReturnType<typeof createTestDb>;
let backups: string;

beforeEach(() => {
	t = createTestDb();
	backups = mkdtempSync(join(tmpdir(), 'accordo-backups-'));
});
afterEach(() => {
	t.cleanup();
	rmSync(backups, { recursive: true, force: true });
});

const count = (db: Db, table: string) => (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

function verbaleText(state: Uint8Array | null): string {
	const doc = new Y.Doc();
	if (state) Y.applyUpdate(doc, state);
	return doc.getText('t').toString();
}

describe('restore round trip', () => {
	it('cases, documents, verbale Yjs state and the audit chains come back as they were at backup time', async () => {
		const db = t.db;
		const f = await setupVerbaleCase(db);
		const store = fileStoreFor(db);
		const doc = await addDocument(db, store, f.segreteria.actor, f.ctx(), {
			procedimentoId: f.procedimentoId,
			nomeFile: 'memoria.pdf',
			bytes: await samplePdf('Memoria di parte istante')
		});
		if (!doc.ok) throw new Error(doc.message);
		const verbaleName = `verbale.${f.procedimentoId}.${f.newVerbale()}`;
		const persistence = createSqlitePersistence(db);
		const ydoc = new Y.Doc();
		ydoc.getText('t').insert(0, 'Le parti dichiarano di aver raggiunto un accordo.');
		await persistence.store(verbaleName, { kind: 'verbale' } as never, () => Y.encodeStateAsUpdate(ydoc), Y.encodeStateAsUpdate(ydoc));
		appendAudit(db, { action: 'test.prima', organismoId: f.organismoId });

		const before = { casi: count(db, 'procedimenti'), documenti: count(db, 'documenti'), audit: count(db, 'audit_log') };
		const made = await createBackup(db, { dir: backups });
		expect(made.manifest.files).toMatchObject({ count: 1, copied: 1, linked: 0, damaged: [] });
		expect(made.manifest.database.integrity).toBe('ok');

		// After the backup: more work, then a disaster (the file store is lost, a case deleted).
		appendAudit(db, { action: 'test.dopo', organismoId: f.organismoId });
		ydoc.getText('t').insert(0, 'MODIFICA SUCCESSIVA. ');
		await persistence.store(verbaleName, { kind: 'verbale' } as never, () => Y.encodeStateAsUpdate(ydoc), Y.encodeStateAsUpdate(ydoc));
		rmSync(join(t.path, '..', 'files'), { recursive: true });

		expect(() => restoreBackup({ backup: made.path, databaseFile: t.path })).toThrow(RestoreError); // still open here
		closeDb(db);
		const done = restoreBackup({ backup: made.path, databaseFile: t.path });
		expect(done.files).toEqual({ restored: 1, present: 0 });
		expect(done.previous && existsSync(done.previous)).toBeTruthy();

		const back = openDb(t.path);
		try {
			expect({ casi: count(back, 'procedimenti'), documenti: count(back, 'documenti'), audit: count(back, 'audit_log') }).toEqual(before);
			expect(verifyAuditChain(back)).toMatchObject({ ok: true });
			expect(verifyAuditChain(back).rows).toBe(before.audit);
			const ctx = loadCaseContext(back, f.procedimentoId)!;
			const download = getDocumentForDownload(back, f.segreteria.actor, ctx, f.procedimentoId, doc.id);
			expect(download).toMatchObject({ nomeFile: 'memoria.pdf', sha256: doc.sha256 });
			const bytes = readFileSync(fileStoreFor(back).path(doc.sha256));
			expect(createHash('sha256').update(bytes).digest('hex')).toBe(doc.sha256);
			expect(verbaleText(createSqlitePersistence(back).read(verbaleName))).toBe('Le parti dichiarano di aver raggiunto un accordo.');
		} finally {
			closeDb(back);
		}
		// The restored database is usable by the next start (WAL, migrations recorded).
		expect(inspectDatabaseFile(t.path)).toMatchObject({ integrity: 'ok' });
	});
});

describe('restore refuses a database in use', () => {
	it('says so in plain words and changes nothing', async () => {
		const made = await createBackup(t.db, { dir: backups });
		appendAudit(t.db, { action: 'test.dopo' });
		expect(databaseInUse(t.path)).toBe(true);
		const sizeBefore = statSync(t.path).size;
		expect(() => restoreBackup({ backup: made.path, databaseFile: t.path })).toThrow(/in use.*Stop every Accordo process first/s);
		expect(statSync(t.path).size).toBe(sizeBefore);
		expect(count(t.db, "audit_log WHERE action = 'test.dopo'")).toBe(1);
		closeDb(t.db);
		expect(databaseInUse(t.path)).toBe(false);
	});

	it('refuses a damaged backup before touching the database', async () => {
		const made = await createBackup(t.db, { dir: backups });
		closeDb(t.db);
		writeFileSync(join(made.path, 'accordo.db'), 'non è un database');
		expect(() => restoreBackup({ backup: made.path, databaseFile: t.path })).toThrow();
		expect(() => restoreBackup({ backup: join(backups, 'nessuno'), databaseFile: t.path })).toThrow(/not an Accordo backup/);
		expect(inspectDatabaseFile(t.path).integrity).toBe('ok');
	});
});

describe('backup during concurrent writes', () => {
	it('another process writing all along: the copy is intact and its row counts agree', async () => {
		const { organismoId } = createOrganismo(t.db);
		// Some bulk, so that the copy takes a while.
		const insert = t.db.$client.prepare("INSERT INTO login_attempts (ip, email, success, at) VALUES ('198.51.100.1', ?, 1, 0)");
		t.db.$client.transaction(() => {
			for (let i = 0; i < 60_000; i++) insert.run(`zavorra${i}@example.it`);
		})();
		const script = new URL('./fixtures/audit-writer.ts', import.meta.url).pathname;
		const child = spawn(process.execPath, [script, t.path, organismoId, '4000'], { stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		child.stdout.on('data', (d: Buffer) => (out += d.toString()));
		const ended = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
		while (!out.includes('started')) await new Promise((r) => setTimeout(r, 20));
		while (count(t.db, "audit_log WHERE action = 'test.scrittura'") < 20) await new Promise((r) => setTimeout(r, 20));
		const made = await createBackup(t.db, { dir: backups });
		expect(await ended).toBe(0);
		const total = Number(out.trim().split('\n').at(-1));

		const copy = openDb(join(made.path, 'accordo.db'));
		try {
			expect(copy.$client.pragma('integrity_check', { simple: true })).toBe('ok');
			const written = count(copy, "audit_log WHERE action = 'test.scrittura'");
			expect(written).toBeGreaterThanOrEqual(20);
			expect(written).toBeLessThan(total); // taken while the writer was still at it
			expect(count(copy, "login_attempts WHERE email LIKE 'scrittore%'")).toBe(written);
			expect(count(copy, "login_attempts WHERE email LIKE 'zavorra%'")).toBe(60_000);
			expect(verifyAuditChain(copy)).toMatchObject({ ok: true });
		} finally {
			closeDb(copy);
		}
		expect(count(t.db, "audit_log WHERE action = 'test.scrittura'")).toBe(total);
	});
});

describe('retention and incremental files', () => {
	it('the next backup links unchanged blobs; backups older than 90 days go, the newest always stays', async () => {
		const f = await setupVerbaleCase(t.db);
		const doc = await addDocument(t.db, fileStoreFor(t.db), f.segreteria.actor, f.ctx(), {
			procedimentoId: f.procedimentoId,
			nomeFile: 'a.pdf',
			bytes: await samplePdf('uno')
		});
		if (!doc.ok) throw new Error(doc.message);
		const old = await createBackup(t.db, { dir: backups, now: new Date('2026-08-01T00:30:00Z') });
		const second = await createBackup(t.db, { dir: backups, now: new Date('2026-11-01T00:30:00Z') });
		expect(second.manifest.files).toMatchObject({ count: 1, linked: 1, copied: 0 });
		const blob = join('files', doc.sha256.slice(0, 2), doc.sha256);
		expect(statSync(join(second.path, blob)).ino).toBe(statSync(join(old.path, blob)).ino);
		expect(statSync(join(second.path, blob)).ino).not.toBe(statSync(fileStoreFor(t.db).path(doc.sha256)).ino);
		const third = await createBackup(t.db, { dir: backups, now: new Date('2026-12-03T00:30:00Z') });
		// An interrupted backup left behind two days ago.
		const leftover = join(backups, 'accordo-2026-12-01T00-30-00Z.partial');
		rmSync(leftover, { recursive: true, force: true });
		writeFileSync(join(backups, 'accordo-2026-12-01T00-30-00Z.partial'), '');
		utimesSync(leftover, new Date('2026-12-01T00:30:00Z'), new Date('2026-12-01T00:30:00Z'));
		expect(pruneBackups(backups, { retentionDays: 90, now: new Date('2026-12-03T01:00:00Z') })).toEqual([
			old.name,
			'accordo-2026-12-01T00-30-00Z.partial'
		]);
		expect(listBackups(backups).map((b) => b.name)).toEqual([second.name, third.name]);
		// The newest stays even when everything is older than the retention.
		expect(pruneBackups(backups, { retentionDays: 1, now: new Date('2027-06-01T00:00:00Z') })).toEqual([second.name]);
		expect(listBackups(backups).map((b) => b.name)).toEqual([third.name]);
		expect(existsSync(join(third.path, blob))).toBe(true);
	});
});
