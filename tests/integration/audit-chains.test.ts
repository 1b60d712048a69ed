import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	appendAudit,
	exportAuditChain,
	GENESIS_HASH,
	listAuditRows,
	PLATFORM_CHAIN,
	verifyAuditChain,
	verifyChainRows,
	verifyLegacyAuditChain
} from '#db/audit/repo.ts';
import { closeDb, openDb } from '#db/client.ts';
import { migrateDb, MIGRATIONS_DIR } from '#db/migrate.ts';
import { createOrganismo, createTestDb } from '../helpers/db.ts';

let t: ReturnType<typeof createTestDb>;
let a: string;
let b: string;
beforeEach(() => {
	t = createTestDb();
	a = createOrganismo(t.db).organismoId;
	b = createOrganismo(t.db).organismoId;
	// Interleaved writers: A, B and the platform.
	for (let i = 0; i < 4; i++) {
		appendAudit(t.db, { action: 'test.a', organismoId: a, details: { i } });
		appendAudit(t.db, { action: 'test.b', organismoId: b, details: { i } });
	}
	appendAudit(t.db, { action: 'operator.test' });
});
afterEach(() => t.cleanup());

const rowId = (chain: string, seq: number) =>
	(t.db.$client.prepare('SELECT id FROM audit_log WHERE chain = ? AND seq = ?').get(chain, seq) as { id: number }).id;

describe('per-Organismo audit chains', () => {
	it('links each row to the previous row of the same Organismo, from its own genesis', () => {
		const rowsA = t.db.$client.prepare('SELECT seq, prev_hash AS prevHash, hash FROM audit_log WHERE chain = ? ORDER BY seq').all(a) as {
			seq: number;
			prevHash: string;
			hash: string;
		}[];
		expect(rowsA.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
		expect(rowsA[0].prevHash).toBe(GENESIS_HASH);
		for (let i = 1; i < rowsA.length; i++) expect(rowsA[i].prevHash).toBe(rowsA[i - 1].hash);
		expect(verifyAuditChain(t.db, a)).toEqual({ ok: true, rows: 4 });
		expect(verifyAuditChain(t.db, b)).toEqual({ ok: true, rows: 4 });
		expect(verifyAuditChain(t.db, PLATFORM_CHAIN)).toEqual({ ok: true, rows: 1 });
		// What an Organismo is shown counts and numbers only its own events.
		expect(listAuditRows(t.db, a).map((r) => r.seq)).toEqual([4, 3, 2, 1]);
	});

	it("a tampered row breaks its own Organismo's chain and no other", () => {
		t.db.$client.exec('DROP TRIGGER audit_log_no_update');
		t.db.$client.prepare(`UPDATE audit_log SET details = '{"i":99}' WHERE id = ?`).run(rowId(a, 2));
		expect(verifyAuditChain(t.db, a)).toMatchObject({ ok: false, brokenAt: 2, reason: 'row content altered' });
		expect(verifyAuditChain(t.db, b)).toEqual({ ok: true, rows: 4 });
		expect(verifyAuditChain(t.db, PLATFORM_CHAIN)).toEqual({ ok: true, rows: 1 });
		expect(verifyAuditChain(t.db)).toMatchObject({ ok: false });
	});

	it('a deleted row or a row moved to another chain is detected', () => {
		t.db.$client.exec('DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_no_update');
		t.db.$client.prepare('DELETE FROM audit_log WHERE id = ?').run(rowId(b, 2));
		expect(verifyAuditChain(t.db, b)).toMatchObject({ ok: false, brokenAt: 3 });
		// Relabelling A's first row as the platform's: the hash covers the chain, so both chains fail.
		t.db.$client.prepare(`UPDATE audit_log SET chain = 'platform', seq = 2 WHERE id = ?`).run(rowId(a, 1));
		expect(verifyAuditChain(t.db, a)).toMatchObject({ ok: false, brokenAt: 2 });
		expect(verifyAuditChain(t.db, PLATFORM_CHAIN)).toMatchObject({ ok: false, brokenAt: 2 });
	});

	it('exports one chain as JSON lines that verify offline; an edited export does not', () => {
		const lines = [...exportAuditChain(t.db, a)];
		expect(lines).toHaveLength(4);
		const rows = lines.map((l) => JSON.parse(l));
		expect(new Set(rows.map((r) => r.organismoId))).toEqual(new Set([a]));
		expect(verifyChainRows(a, rows)).toEqual({ ok: true, rows: 4 });
		rows[3].action = 'test.forged';
		expect(verifyChainRows(a, rows)).toMatchObject({ ok: false, brokenAt: 4 });
	});
});

describe('rows written before per-Organismo chains', () => {
	// The formula of the deployment-wide chain as it was (copied, not imported: it is the contract).
	const oldHash = (prev: string, r: (string | null)[]) =>
		encodeHexLowerCase(sha256(new TextEncoder().encode(JSON.stringify([prev, ...r]))));

	it('keep their hashes through the migration and verify as the legacy chain; new chains start at genesis', () => {
		const dir = mkdtempSync(join(tmpdir(), 'accordo-legacy-'));
		try {
			// Migrations up to 0010 only: the database as it was before the chains.
			const old = join(dir, 'migrations');
			cpSync(MIGRATIONS_DIR, old, { recursive: true });
			const journalPath = join(old, 'meta', '_journal.json');
			const journal = JSON.parse(readFileSync(journalPath, 'utf8'));
			journal.entries = journal.entries.filter((e: { idx: number }) => e.idx <= 10);
			writeFileSync(journalPath, JSON.stringify(journal));
			const db = openDb(join(dir, 'old.db'));
			migrateDb(db, old);
			let prev = GENESIS_HASH;
			const insert = db.$client.prepare(
				'INSERT INTO audit_log (at, organismo_id, actor_id, action, entity_type, entity_id, details, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)'
			);
			for (let i = 0; i < 3; i++) {
				const fields = [new Date(2026, 0, i + 1).toISOString(), i === 2 ? null : 'org-x', null, 'old.event', null, null, `{"i":${i}}`];
				const hash = oldHash(prev, fields);
				insert.run(...fields, prev, hash);
				prev = hash;
			}
			migrateDb(db); // every migration, including the one adding the chains
			expect(verifyLegacyAuditChain(db)).toEqual({ ok: true, rows: 3 });
			appendAudit(db, { action: 'new.event', organismoId: 'org-x' });
			const first = db.$client.prepare("SELECT seq, prev_hash AS prevHash FROM audit_log WHERE chain = 'org-x'").get();
			expect(first).toEqual({ seq: 1, prevHash: GENESIS_HASH });
			expect(verifyAuditChain(db, 'org-x')).toEqual({ ok: true, rows: 1 });
			expect(verifyAuditChain(db)).toEqual({ ok: true, rows: 4 });
			db.$client.exec('DROP TRIGGER audit_log_no_update');
			db.$client.prepare(`UPDATE audit_log SET details = '{}' WHERE id = 2`).run();
			expect(verifyLegacyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 2 });
			expect(verifyAuditChain(db, 'org-x')).toEqual({ ok: true, rows: 1 });
			closeDb(db);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
