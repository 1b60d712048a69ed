// npm run bench:body — what oversized anonymous bodies cost everyone else (issue #11, finding 4).
// The real server (server/main.ts, production build) answers /healthz while 8 clients post 19 MB
// bodies to /login, first with a declared Content-Length, then chunked (no length). Prints the
// /healthz latency under each load against the same server idle (the baseline, same run) and the
// server's peak RSS. Each phase is bounded in time and stops by itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile, pinLoadGenerator, procStats, startApp } from './lib.ts';

const CLIENTS = 8;
const BODY = 19 * 1024 * 1024;
const PHASE_MS = 6_000;
const CHUNK = Buffer.alloc(64 * 1024, 'a');

/** One 19 MB POST; resolves with the status, or 0 when the server closed the connection first. */
function post(url: string, chunked: boolean): Promise<number> {
	return new Promise((resolve) => {
		const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', origin: url };
		if (!chunked) headers['content-length'] = String(BODY);
		const req = request(`${url}/login`, { method: 'POST', headers });
		let status = 0;
		req.on('response', (res) => {
			status = res.statusCode ?? 0;
			res.resume();
			res.on('end', () => resolve(status));
		});
		req.on('error', () => resolve(status));
		let sent = 0;
		const write = () => {
			while (sent < BODY) {
				sent += CHUNK.length;
				if (!req.write(CHUNK)) return void req.once('drain', write);
			}
			req.end();
		};
		write();
	});
}

async function healthz(url: string, until: number): Promise<number[]> {
	const times: number[] = [];
	while (Date.now() < until) {
		const t = performance.now();
		await fetch(`${url}/healthz`).then((r) => r.arrayBuffer());
		times.push(performance.now() - t);
		await new Promise((r) => setTimeout(r, 20));
	}
	return times.sort((a, b) => a - b);
}

async function phase(url: string, pid: number, load: 'none' | 'declared' | 'chunked') {
	const until = Date.now() + PHASE_MS;
	let peakRss = procStats(pid).rssMb;
	const rss = setInterval(() => (peakRss = Math.max(peakRss, procStats(pid).rssMb)), 100);
	const statuses: Record<number, number> = {};
	const clients =
		load === 'none'
			? []
			: Array.from({ length: CLIENTS }, async () => {
					while (Date.now() < until) {
						const s = await post(url, load === 'chunked');
						statuses[s] = (statuses[s] ?? 0) + 1;
					}
				});
	const times = await healthz(url, until);
	await Promise.all(clients);
	clearInterval(rss);
	return { load, p50: percentile(times, 50), p95: percentile(times, 95), n: times.length, peakRss, statuses };
}

pinLoadGenerator();
const dir = mkdtempSync(join(tmpdir(), 'accordo-bench-body-'));
const app = await startApp({ DATABASE_URL: join(dir, 'accordo.db'), ACCORDO_JOBS: 'off' });
try {
	const idle = await phase(app.url, app.child.pid!, 'none');
	const rows = [idle, await phase(app.url, app.child.pid!, 'declared'), await phase(app.url, app.child.pid!, 'chunked')];
	console.log(`\n/healthz while ${CLIENTS} clients post ${BODY / 1024 / 1024} MB bodies to /login (${PHASE_MS / 1000} s each)\n`);
	console.log('load       p50 ms   p95 ms   ×idle p95   probes   peak RSS MB   /login answers (status: count; 0 = closed)');
	for (const r of rows) {
		const ratio = (r.p95 / idle.p95).toFixed(1);
		const answers = Object.entries(r.statuses)
			.map(([s, c]) => `${s}: ${c}`)
			.join(', ');
		console.log(
			`${r.load.padEnd(10)} ${r.p50.toFixed(1).padStart(6)}   ${r.p95.toFixed(1).padStart(6)}   ${ratio.padStart(9)}   ${String(r.n).padStart(6)}   ${r.peakRss.toFixed(0).padStart(11)}   ${answers || '-'}`
		);
	}
} finally {
	await app.stop();
	rmSync(dir, { recursive: true, force: true });
}
