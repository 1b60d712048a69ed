import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberships, users } from '#db/schema.ts';
import { ensureReferenceData } from '#db/organismi/reference-data.ts';
import { createOrganismo, createTestDb } from '../helpers/db.ts';

const run = promisify(execFile);
let t: ReturnType<typeof createTestDb>;
let org: { organismoId: string; sedeId: string };

beforeAll(() => {
	t = createTestDb();
	org = createOrganismo(t.db);
	ensureReferenceData(t.db, org.organismoId);
	t.db.insert(users).values({ id: 'u-seg', email: 's@x.it', nome: 'S', cognome: 'S', passwordHash: 'x' }).run();
	t.db.insert(memberships).values({ id: 'm-seg', userId: 'u-seg', organismoId: org.organismoId, role: 'segreteria' }).run();
});
afterAll(() => t.cleanup());

describe('procedimento numbering under concurrent inserts', () => {
	it('4 processes x 25 cases on one SQLite file: numbers 1..100, no gaps, no duplicates', async () => {
		const script = new URL('./fixtures/create-cases.ts', import.meta.url).pathname;
		const results = await Promise.all(
			[0, 1, 2, 3].map(() => run(process.execPath, [script, t.path, org.organismoId, org.sedeId, '25'], { timeout: 60_000 }))
		);
		const all = results.flatMap((r) => JSON.parse(r.stdout) as number[]);
		expect(all).toHaveLength(100);
		expect([...all].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
		// Each process saw its own numbers increasing (interleaved with the others).
		for (const r of results) {
			const mine = JSON.parse(r.stdout) as number[];
			expect(mine).toEqual([...mine].sort((a, b) => a - b));
		}
		const rows = t.db.$client.prepare('SELECT count(*) AS n, max(numero) AS max FROM procedimenti').get() as { n: number; max: number };
		expect(rows).toEqual({ n: 100, max: 100 });
	});
});
