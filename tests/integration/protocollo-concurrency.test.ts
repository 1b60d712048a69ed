import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganismo, createTestDb, createUser } from '../helpers/db.ts';

let t: ReturnType<typeof createTestDb>;
let organismoId: string;
let userId: string;

beforeAll(async () => {
	t = createTestDb();
	organismoId = createOrganismo(t.db).organismoId;
	userId = (await createUser(t.db, organismoId, 'segreteria')).id;
});
afterAll(() => t.cleanup());

interface WorkerResult {
	numbers: number[];
	start: number;
	end: number;
}

/** Starts the workers, releases them together once all are ready, collects their results. */
function runWorkers(count: number, perWorker: number): Promise<WorkerResult[]> {
	const script = new URL('./fixtures/protocollo-worker.ts', import.meta.url).pathname;
	return new Promise((resolve, reject) => {
		const children: ChildProcessWithoutNullStreams[] = [];
		const outputs: string[] = Array.from({ length: count }, () => '');
		let ready = 0;
		let exited = 0;
		const timer = setTimeout(() => {
			for (const c of children) c.kill();
			reject(new Error('workers timed out'));
		}, 60_000);
		for (let i = 0; i < count; i++) {
			const child = spawn(process.execPath, [script, t.path, organismoId, userId, String(perWorker)]);
			children.push(child);
			let stderr = '';
			child.stderr.on('data', (d) => (stderr += d));
			child.stdout.on('data', (d: Buffer) => {
				const before = outputs[i];
				outputs[i] += d.toString();
				if (!before.includes('ready\n') && outputs[i].includes('ready\n') && ++ready === count)
					for (const c of children) c.stdin.write('go\n');
			});
			child.on('exit', (code) => {
				if (code !== 0) {
					clearTimeout(timer);
					reject(new Error(`worker ${i} exited with ${code}: ${stderr}`));
				} else if (++exited === count) {
					clearTimeout(timer);
					resolve(outputs.map((o) => JSON.parse(o.slice(o.indexOf('ready\n') + 6)) as WorkerResult));
				}
			});
		}
	});
}

describe('protocol numbering across processes', () => {
	it('4 processes x 25 entries on one SQLite file: numbers 1..100, no gaps, no duplicates, time order = number order', async () => {
		const results = await runWorkers(4, 25);
		// The four processes were writing at the same time (released together by the barrier).
		expect(Math.max(...results.map((r) => r.start))).toBeLessThan(Math.min(...results.map((r) => r.end)));

		const all = results.flatMap((r) => r.numbers);
		expect(all).toHaveLength(100);
		expect([...all].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
		for (const { numbers } of results) expect(numbers).toEqual([...numbers].sort((a, b) => a - b));

		const rows = t.db.$client.prepare('SELECT numero, registrato_il AS at FROM protocollo ORDER BY numero').all() as {
			numero: number;
			at: string;
		}[];
		expect(rows.map((r) => r.numero)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
		// Timestamps are taken under the write lock: a higher number never has an earlier time.
		for (let i = 1; i < rows.length; i++) expect(rows[i].at >= rows[i - 1].at).toBe(true);
		const counter = t.db.$client.prepare("SELECT ultimo FROM contatori WHERE registro = 'protocollo'").get() as { ultimo: number };
		expect(counter.ultimo).toBe(100);
		const audited = t.db.$client.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'protocollo.registrato'").get() as {
			n: number;
		};
		expect(audited.n).toBe(100);
	});
});
