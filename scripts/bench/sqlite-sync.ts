// npm run bench:sqlite — the cost of a durable commit (synchronous=FULL, durableTransaction, used
// by the protocol register; issue #11, finding 10). A real SQLite file (WAL, migrated) commits N
// small write transactions with one hash-chained audit row each, as writeTransaction does on every
// connection (synchronous=NORMAL, the baseline, same run) and as durableTransaction does. Prints
// commits per second and the ratio. Bounded by N, stops by itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDb, durableTransaction, openDb, writeTransaction } from '#db/client.ts';
import { migrateDb } from '#db/migrate.ts';
import { appendAudit } from '#db/audit/repo.ts';

const N = Number(process.env.BENCH_N ?? 2000);

function run(mode: 'NORMAL' | 'FULL'): number {
	const dir = mkdtempSync(join(tmpdir(), 'accordo-bench-sync-'));
	const db = openDb(join(dir, 'bench.db'));
	try {
		migrateDb(db);
		const commit = mode === 'FULL' ? durableTransaction : writeTransaction;
		const t = performance.now();
		for (let i = 0; i < N; i++) {
			commit(db, () => appendAudit(db, { action: 'bench.write', details: { i } }));
		}
		return N / ((performance.now() - t) / 1000);
	} finally {
		closeDb(db);
		rmSync(dir, { recursive: true, force: true });
	}
}

run('FULL'); // warm-up (JIT, page cache)
const normal = run('NORMAL');
const full = run('FULL');
console.log(`\n${N} write transactions (one hash-chained audit row each) on a real SQLite file in ${tmpdir()}\n`);
console.log(`writeTransaction   (synchronous=NORMAL)${normal.toFixed(0).padStart(7)} commits/s  (baseline)`);
console.log(
	`durableTransaction (synchronous=FULL)  ${full.toFixed(0).padStart(7)} commits/s  ratio FULL/NORMAL ${(full / normal).toFixed(2)}`
);
