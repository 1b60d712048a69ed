import { afterEach, beforeEach, expect, it } from 'vitest';
import { writeTransaction } from '#db/client.ts';
import { appendAudit } from '#db/audit/repo.ts';
import { createTestDb } from '../helpers/db.ts';

// Issue #11, finding 10: a commit that answered must survive a power loss — protocol numbers,
// the audit chain, case numbers. Every connection openDb makes runs with synchronous=FULL (2):
// in WAL mode each commit fsyncs the WAL before it returns. NORMAL (1) may drop the last commits.

let t: ReturnType<typeof createTestDb>;
beforeEach(() => (t = createTestDb()));
afterEach(() => t.cleanup());
const level = () => t.db.$client.pragma('synchronous', { simple: true });

it('every connection commits with synchronous=FULL, inside and outside transactions', () => {
	expect(t.db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
	expect(level()).toBe(2);
	expect(writeTransaction(t.db, () => (appendAudit(t.db, { action: 'test.write' }), level()))).toBe(2);
	expect(() =>
		writeTransaction(t.db, () => {
			throw new Error('rollback');
		})
	).toThrow('rollback');
	expect(level()).toBe(2);
});

it('no product code lowers the level (the benchmark sets NORMAL on its own baseline connection)', async () => {
	const { spawnSync } = await import('node:child_process');
	const pattern = 'synchronous *= *(normal|off|0|1)\\b';
	const grep = spawnSync(
		'git',
		['grep', '-n', '-i', '-E', pattern, '--', 'db', 'server', 'src', 'sfu', 'collab', 'scripts', ':!scripts/bench'],
		{
			encoding: 'utf8'
		}
	);
	expect(grep.status, grep.stderr).toBe(1); // 1 = no match
	expect(grep.stdout).toBe('');
});
