// Shared pieces of the benchmark scripts (npm run bench:*): a bare Node HTTP baseline, the real
// server as a child process on 127.0.0.1, and autocannon runs whose every response time is kept
// so p50/p95/p99 are exact. Loops are bounded in time and stop by themselves.
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Latency {
	name: string;
	requests: number;
	errors: number;
	non2xx: number;
	p50: number;
	p95: number;
	p99: number;
	rps: number;
}

export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
	return sorted[Math.max(0, i)];
}

/** A bare Node handler answering a small HTML page: the floor any framework is compared with. */
export async function startBareServer(): Promise<{ url: string; close: () => Promise<void> }> {
	const body = '<!doctype html><html lang="it"><body><h1>Procedimenti</h1></body></html>';
	const server: Server = createServer((_req, res) => {
		res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
		res.end(body);
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const { port } = server.address() as AddressInfo;
	return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

/** Starts server/main.ts (the production build must exist) and waits for /healthz. */
export async function startApp(env: Record<string, string>): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
	const port = env.PORT ?? String(20000 + Math.floor(Math.random() * 20000));
	const child = spawn(process.execPath, ['server/main.ts'], {
		env: { ...process.env, HOST: '127.0.0.1', PORT: port, ACCORDO_SEED: 'none', SFU_WORKERS: '1', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let log = '';
	child.stdout?.on('data', (d) => (log += d));
	child.stderr?.on('data', (d) => (log += d));
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 60_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`server exited early:\n${log}`);
		try {
			const res = await fetch(`${url}/healthz`);
			if (res.ok) break;
		} catch {
			/* not listening yet */
		}
		if (Date.now() > deadline) throw new Error(`server did not become healthy:\n${log}`);
		await new Promise((r) => setTimeout(r, 200));
	}
	return {
		url,
		child,
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}

/** One bounded load run (default 10 connections for 8 s) keeping every response time. */
export async function measure(
	name: string,
	url: string,
	opts: { connections?: number; duration?: number; headers?: Record<string, string> } = {}
): Promise<Latency> {
	const times: number[] = [];
	const result = await new Promise<autocannon.Result>((resolve, reject) => {
		const instance = autocannon(
			{ url, connections: opts.connections ?? 10, duration: opts.duration ?? 8, headers: opts.headers, timeout: 10 },
			(err, res) => (err ? reject(err) : resolve(res))
		);
		instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
	});
	times.sort((a, b) => a - b);
	return {
		name,
		requests: times.length,
		errors: result.errors + result.timeouts,
		non2xx: result.non2xx,
		p50: percentile(times, 50),
		p95: percentile(times, 95),
		p99: percentile(times, 99),
		rps: result.requests.average
	};
}

export function printTable(rows: Latency[], baseline: Latency): void {
	const f = (n: number) => n.toFixed(2).padStart(8);
	console.log(
		`\n${'run'.padEnd(34)} ${'req'.padStart(7)} ${'err'.padStart(4)} ${'non2xx'.padStart(6)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'p95/bare'.padStart(9)}`
	);
	for (const r of rows) {
		const ratio = r.p95 / baseline.p95;
		console.log(
			`${r.name.padEnd(34)} ${String(r.requests).padStart(7)} ${String(r.errors).padStart(4)} ${String(r.non2xx).padStart(6)} ${f(r.rps)} ${f(r.p50)} ${f(r.p95)} ${f(r.p99)} ${ratio.toFixed(2).padStart(8)}x`
		);
	}
}
