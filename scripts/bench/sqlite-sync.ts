// npm run bench:sqlite — the cost of durable commits (issue #11, finding 10). Every connection
// runs with synchronous=FULL (db/client.ts): each commit fsyncs the WAL. The baseline, measured in
// the same run, is the same connection set back to NORMAL (consistent after a power loss, but
// the last commits may be lost). A real SQLite file (WAL, migrated) commits N small write
// transactions with one hash-chained audit row each. Prints commits per second and the ratio.
// Bounded by N, stops by itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDb, openDb, writeTransaction } from '#db/client.ts';
import { migrateDb } from '#db/migrate.ts';
import { appendAudit } from '#db/audit/repo.ts';

const N = Number(process.env.BENCH_N ?? 2000);

function run(mode: 'NORMAL' | 'FULL'): number {
	const dir = mkdtempSync(join(tmpdir(), 'accordo-bench-sync-'));
	const db = openDb(join(dir, 'bench.db'));
	try {
		migrateDb(db);
		if (mode === 'NORMAL') db.$client.pragma('synchronous = NORMAL');
		const t = performance.now();
		for (let i = 0; i < N; i++) {
			writeTransaction(db, () => appendAudit(db, { action: 'bench.write', details: { i } }));
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
console.log(`synchronous=NORMAL (baseline)        ${normal.toFixed(0).padStart(7)} commits/s`);
console.log(
	`synchronous=FULL   (what Accordo runs)${full.toFixed(0).padStart(7)} commits/s  ratio FULL/NORMAL ${(full / normal).toFixed(2)}`
);
