// Shared pieces of the benchmark scripts (npm run bench:*): a bare Node HTTP baseline, the real
// server as a child process on 127.0.0.1, and autocannon runs whose every response time is kept
// so p50/p95/p99 are exact. Loops are bounded in time and stop by themselves.
import autocannon from 'autocannon';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
	/** Server CPU (user + system) per request, when the server's pid was given. */
	cpuMsPerRequest?: number;
}

/** CPU seconds (user + system) and RSS of a process, from /proc. */
export function procStats(pid: number): { cpu: number; rssMb: number } {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	const ticks = Number(stat[11]) + Number(stat[12]); // utime + stime (fields 14, 15)
	const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return { cpu: ticks / 100, rssMb: rss ? Number(rss[1]) / 1024 : NaN };
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

// On this 2-core machine the server under test and the load generator would fight for the same
// core: pin the server to CPU 1 and this process (autocannon) to CPU 0 when taskset exists.
// BENCH_PIN=0 turns it off.
const PIN = process.env.BENCH_PIN !== '0' && spawnSync('taskset', ['-V']).status === 0;

/** Pins this process (all its threads) to CPU 0, where the load generator runs. */
export function pinLoadGenerator(): boolean {
	return PIN && spawnSync('taskset', ['-a', '-cp', '0', String(process.pid)]).status === 0;
}

/** Command and arguments that run a Node script on the server's core (CPU 1) when pinning. */
export function pinnedCommand(script: string[]): [string, string[]] {
	return PIN ? ['taskset', ['-c', '1', process.execPath, ...script]] : [process.execPath, script];
}

/** Starts server/main.ts (the production build must exist) and waits for /healthz. */
export async function startApp(env: Record<string, string>): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
	const port = env.PORT ?? String(20000 + Math.floor(Math.random() * 20000));
	const [cmd, args] = pinnedCommand(['server/main.ts']);
	const child = spawn(cmd, args, {
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

/**
 * One bounded load run (default 10 connections for 8 s) keeping every response time. `warmup`
 * seconds of the same load run first and are discarded (JIT, caches). `path` varies the request
 * path per request (for runs that must not hit the same cached answer).
 */
export async function measure(
	name: string,
	url: string,
	opts: {
		connections?: number;
		duration?: number;
		warmup?: number;
		headers?: Record<string, string>;
		path?: () => string;
		serverPid?: number;
	} = {}
): Promise<Latency> {
	if (opts.warmup) await measure(name, url, { ...opts, warmup: 0, duration: opts.warmup });
	const times: number[] = [];
	const cpuBefore = opts.serverPid ? procStats(opts.serverPid).cpu : 0;
	const result = await new Promise<autocannon.Result>((resolve, reject) => {
		const nextPath = opts.path;
		const instance = autocannon(
			{
				url,
				connections: opts.connections ?? 10,
				duration: opts.duration ?? 8,
				headers: opts.headers,
				timeout: 10,
				...(nextPath ? { requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: nextPath() }) }] } : {})
			},
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
		rps: result.requests.average,
		cpuMsPerRequest: opts.serverPid ? ((procStats(opts.serverPid).cpu - cpuBefore) * 1000) / Math.max(1, times.length) : undefined
	};
}

export function printTable(rows: Latency[], baseline: Latency): void {
	const f = (n: number) => n.toFixed(2).padStart(8);
	console.log(
		`\n${'run'.padEnd(34)} ${'req'.padStart(7)} ${'err'.padStart(4)} ${'non2xx'.padStart(6)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'p95/bare'.padStart(9)} ${'cpu ms/req'.padStart(10)}`
	);
	for (const r of rows) {
		const ratio = r.p95 / baseline.p95;
		console.log(
			`${r.name.padEnd(34)} ${String(r.requests).padStart(7)} ${String(r.errors).padStart(4)} ${String(r.non2xx).padStart(6)} ${f(r.rps)} ${f(r.p50)} ${f(r.p95)} ${f(r.p99)} ${ratio.toFixed(2).padStart(8)}x ${r.cpuMsPerRequest === undefined ? ''.padStart(10) : r.cpuMsPerRequest.toFixed(2).padStart(10)}`
		);
	}
}
