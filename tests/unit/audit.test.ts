import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit, GENESIS_HASH, verifyAuditChain, verifyAuditRows } from '#db/audit/repo.ts';
import { auditLog } from '#db/schema.ts';
import { createTestDb } from '../helpers/db.ts';

let t: ReturnType<typeof createTestDb>;
beforeEach(() => {
	t = createTestDb();
	for (let i = 0; i < 5; i++) appendAudit(t.db, { action: 'test.event', actorId: `u${i}`, details: { i, nome: 'Niccolò' } });
});
afterEach(() => t.cleanup());

describe('audit log hash chain', () => {
	it('chains every row to the previous one', () => {
		const rows = t.db.select().from(auditLog).orderBy(auditLog.id).all();
		expect(rows).toHaveLength(5);
		expect(rows[0].prevHash).toBe(GENESIS_HASH);
		for (let i = 1; i < rows.length; i++) expect(rows[i].prevHash).toBe(rows[i - 1].hash);
		expect(verifyAuditChain(t.db)).toEqual({ ok: true, rows: 5 });
	});

	it('is append-only at the database level', () => {
		expect(() => t.db.$client.prepare("UPDATE audit_log SET action = 'x' WHERE id = 2").run()).toThrow(/append-only/);
		expect(() => t.db.$client.prepare('DELETE FROM audit_log WHERE id = 5').run()).toThrow(/append-only/);
	});

	it('detects a tampered row (someone with file access drops the trigger)', () => {
		t.db.$client.exec('DROP TRIGGER audit_log_no_update');
		t.db.$client.prepare(`UPDATE audit_log SET details = '{"i":99}' WHERE id = 3`).run();
		const v = verifyAuditChain(t.db);
		expect(v).toMatchObject({ ok: false, brokenAt: 3, reason: 'row content altered' });
	});

	it('detects a deleted row', () => {
		t.db.$client.exec('DROP TRIGGER audit_log_no_delete');
		t.db.$client.prepare('DELETE FROM audit_log WHERE id = 2').run();
		expect(verifyAuditChain(t.db)).toMatchObject({ ok: false, brokenAt: 3 });
	});

	it('detects a rewritten chain tail whose link no longer matches', () => {
		t.db.$client.exec('DROP TRIGGER audit_log_no_update');
		t.db.$client.prepare(`UPDATE audit_log SET prev_hash = '${'f'.repeat(64)}' WHERE id = 4`).run();
		expect(verifyAuditChain(t.db)).toMatchObject({ ok: false, brokenAt: 4, reason: 'broken link to previous row' });
	});
});

describe('verifying some rows (a procedimento Storico)', () => {
	it('accepts intact rows and finds an altered one, a broken link and a missing predecessor', () => {
		expect(verifyAuditRows(t.db, [5, 3, 1])).toEqual({ ok: true, rows: 3 });
		t.db.$client.exec('DROP TRIGGER audit_log_no_update');
		t.db.$client.exec('DROP TRIGGER audit_log_no_delete');
		t.db.$client.prepare(`UPDATE audit_log SET details = '{"i":99}' WHERE id = 3`).run();
		expect(verifyAuditRows(t.db, [5, 3])).toMatchObject({ ok: false, brokenAt: 3, reason: 'row content altered' });
		expect(verifyAuditRows(t.db, [5])).toEqual({ ok: true, rows: 1 }); // only the rows shown are checked
		t.db.$client.prepare(`UPDATE audit_log SET prev_hash = '${'f'.repeat(64)}' WHERE id = 4`).run();
		expect(verifyAuditRows(t.db, [4])).toMatchObject({ ok: false, brokenAt: 4, reason: 'broken link to previous row' });
		t.db.$client.prepare('DELETE FROM audit_log WHERE id = 1').run();
		expect(verifyAuditRows(t.db, [2])).toMatchObject({ ok: false, brokenAt: 2, reason: 'missing rows before 2' });
	});
});
