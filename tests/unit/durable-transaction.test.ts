import { afterEach, beforeEach, expect, it } from 'vitest';
import { durableTransaction, writeTransaction } from '#db/client.ts';
import { createTestDb } from '../helpers/db.ts';

// Issue #11, finding 10: protocol numbers must survive a power loss. Connections run with
// synchronous=NORMAL (1); durableTransaction commits with FULL (2) and restores NORMAL after.

let t: ReturnType<typeof createTestDb>;
beforeEach(() => (t = createTestDb()));
afterEach(() => t.cleanup());
const level = () => t.db.$client.pragma('synchronous', { simple: true });

it('commits with synchronous=FULL and leaves the connection at NORMAL, also after a failure', () => {
	expect(level()).toBe(1);
	expect(durableTransaction(t.db, () => level())).toBe(2);
	expect(level()).toBe(1);
	expect(() =>
		durableTransaction(t.db, () => {
			throw new Error('rollback');
		})
	).toThrow('rollback');
	expect(level()).toBe(1);
	expect(writeTransaction(t.db, () => level())).toBe(1);
});

it('the protocol register writes through durableTransaction', async () => {
	const { readFileSync } = await import('node:fs');
	const source = readFileSync('db/protocollo/repo.ts', 'utf8');
	expect(source).not.toMatch(/\bwriteTransaction\(/);
	expect(source.match(/\bdurableTransaction\(/g)?.length).toBeGreaterThanOrEqual(2);
});
