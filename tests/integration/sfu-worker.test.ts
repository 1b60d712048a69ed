import { once } from 'node:events';
import * as mediasoup from 'mediasoup';
import type { Worker } from 'mediasoup/types';
import { afterEach, describe, expect, test } from 'vitest';
import { MEDIA_CODECS } from '#sfu/codecs.ts';
import { forwardMediasoupLogs, type Logger } from '#sfu/log.ts';
import { MediaObjectCounter } from '#sfu/stats.ts';
import { NoWorkerAvailableError, splitPortRange, WorkerPool, type PoolWorker } from '#sfu/workers.ts';

// Real mediasoup-worker processes (the binary built by sfu/worker/install.sh).

function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

function capturingLogger(): Logger & { lines: string[] } {
	const lines: string[] = [];
	return {
		lines,
		info: (m) => lines.push(`info ${m}`),
		warn: (m) => lines.push(`warn ${m}`),
		error: (m, e) => lines.push(`error ${m}${e === undefined ? '' : `: ${String(e)}`}`)
	};
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

const POOL_CONFIG = { workers: 2, rtcMinPort: 41000, rtcMaxPort: 41099, logLevel: 'warn' } as const;

describe('mediasoup worker', () => {
	let worker: Worker | undefined;
	afterEach(async () => {
		if (worker && !worker.subprocessClosed) {
			const exited = once(worker, 'subprocessclose');
			worker.close();
			await exited;
		}
		worker = undefined;
	});

	test('a Router created with MEDIA_CODECS offers opus and VP8, and the worker process exits on close()', async () => {
		worker = await mediasoup.createWorker({ logLevel: 'warn', rtcMinPort: 41200, rtcMaxPort: 41209 });
		const pid = worker.pid;
		expect(isRunning(pid)).toBe(true);

		const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
		const mimeTypes = (router.rtpCapabilities.codecs ?? []).map((c) => c.mimeType.toLowerCase());
		expect(mimeTypes).toContain('audio/opus');
		expect(mimeTypes).toContain('video/vp8');
		expect(mimeTypes).toContain('video/h264');
		const opus = router.rtpCapabilities.codecs?.find((c) => c.mimeType.toLowerCase() === 'audio/opus');
		expect(opus).toMatchObject({ kind: 'audio', clockRate: 48000, channels: 2 });

		const exited = once(worker, 'subprocessclose');
		worker.close();
		expect(router.closed).toBe(true);
		await exited;
		expect(worker.subprocessClosed).toBe(true);
		expect(isRunning(pid)).toBe(false);
	});

	test('MediaObjectCounter follows routers and transports down to 0, also through the cascade', async () => {
		worker = await mediasoup.createWorker({ logLevel: 'warn', rtcMinPort: 41210, rtcMaxPort: 41219 });
		const counter = new MediaObjectCounter();
		counter.track(worker);
		expect(counter.snapshot()).toEqual({ workers: 1, routers: 0, transports: 0, producers: 0, consumers: 0 });

		const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
		const transport = await router.createWebRtcTransport({ listenInfos: [{ protocol: 'udp', ip: '127.0.0.1' }] });
		await router.createWebRtcTransport({ listenInfos: [{ protocol: 'udp', ip: '127.0.0.1' }] });
		expect(counter.snapshot()).toMatchObject({ routers: 1, transports: 2 });

		transport.close();
		transport.close(); // idempotent in mediasoup: counted down once
		expect(counter.snapshot()).toMatchObject({ routers: 1, transports: 1 });

		const exited = once(worker, 'subprocessclose');
		worker.close();
		expect(counter.snapshot()).toEqual({ workers: 0, routers: 0, transports: 0, producers: 0, consumers: 0 });
		await exited;
	});
});

describe('forwardMediasoupLogs', () => {
	test("mediasoup's own error logs reach the sfu logger", async () => {
		const logger = capturingLogger();
		forwardMediasoupLogs(logger);
		try {
			const worker = await mediasoup.createWorker({ logLevel: 'warn', rtcMinPort: 41220, rtcMaxPort: 41229 });
			const exited = once(worker, 'subprocessclose');
			process.kill(worker.pid, 'SIGKILL');
			await exited;
			expect(logger.lines).toContainEqual(expect.stringMatching(/^error mediasoup:ERROR:Worker worker process died unexpectedly/));
		} finally {
			mediasoup.setLogEventListeners();
		}
	});
});

describe('splitPortRange', () => {
	test('splits the range into contiguous slices, the last one taking the remainder', () => {
		expect(splitPortRange(40000, 40999, 2)).toEqual([
			{ min: 40000, max: 40499 },
			{ min: 40500, max: 40999 }
		]);
		expect(splitPortRange(40000, 40010, 3)).toEqual([
			{ min: 40000, max: 40002 },
			{ min: 40003, max: 40005 },
			{ min: 40006, max: 40010 }
		]);
		expect(() => splitPortRange(40000, 40001, 3)).toThrow(RangeError);
	});
});

describe('WorkerPool', () => {
	let pool: WorkerPool | undefined;
	afterEach(async () => {
		await pool?.close();
		pool = undefined;
	});

	test('starts N workers on separate port ranges and hands them out round-robin', async () => {
		pool = new WorkerPool(POOL_CONFIG, { logger: capturingLogger() });
		const started: PoolWorker[] = [];
		pool.on('workerstarted', (w) => started.push(w));
		await pool.start();
		await pool.start(); // idempotent

		expect(pool.liveCount).toBe(2);
		expect(started).toHaveLength(2);
		expect(new Set(pool.pids).size).toBe(2);
		expect(pool.workers.map((w) => w.appData.portRange).sort((a, b) => a.min - b.min)).toEqual([
			{ min: 41000, max: 41049 },
			{ min: 41050, max: 41099 }
		]);

		const picks = [pool.next(), pool.next(), pool.next(), pool.next()];
		expect(picks[0]).not.toBe(picks[1]);
		expect(picks[2]).toBe(picks[0]);
		expect(picks[3]).toBe(picks[1]);
	});

	test('a killed worker is reported with its pid, removed, and replaced after the respawn delay', async () => {
		const logger = capturingLogger();
		pool = new WorkerPool(POOL_CONFIG, { logger, respawnDelayMs: 1000 });
		await pool.start();
		const [victim, survivor] = pool.workers;
		const victimPid = victim.pid;
		const victimRouter = await victim.createRouter({ mediaCodecs: MEDIA_CODECS });

		const died = new Promise<[PoolWorker, Error]>((resolve) => pool?.once('workerdied', (w, e) => resolve([w, e])));
		const killedAt = Date.now();
		process.kill(victimPid, 'SIGKILL');

		const [deadWorker, error] = await died;
		expect(deadWorker).toBe(victim);
		expect(error).toBeInstanceOf(Error);
		expect(error.message).toContain('SIGKILL');
		expect(victim.died).toBe(true);
		expect(victimRouter.closed).toBe(true); // mediasoup closed it: rooms on this worker are gone
		expect(pool.liveCount).toBe(1);
		expect(pool.pids).toEqual([survivor.pid]);
		expect(pool.next()).toBe(survivor);
		expect(logger.lines.some((l) => l.startsWith('error') && l.includes(`pid ${victimPid}`))).toBe(true);

		const replacement = await new Promise<PoolWorker>((resolve) => pool?.once('workerstarted', resolve));
		expect(Date.now() - killedAt).toBeGreaterThanOrEqual(900);
		expect(pool.liveCount).toBe(2);
		expect(replacement.pid).not.toBe(victimPid);
		expect(pool.pids).toContain(replacement.pid);
		expect(pool.pids).toContain(survivor.pid);
		// The replacement takes over the dead worker's slot and ports.
		expect(replacement.appData).toEqual(victim.appData);
		expect(isRunning(replacement.pid)).toBe(true);
	});

	test('close() is idempotent, stops every worker process, and cancels a pending respawn', async () => {
		pool = new WorkerPool(POOL_CONFIG, { logger: capturingLogger(), respawnDelayMs: 200 });
		await pool.start();
		const pids = pool.pids;
		const startedAfterClose: PoolWorker[] = [];

		process.kill(pids[0], 'SIGKILL');
		await until(() => pool?.liveCount === 1);
		pool.on('workerstarted', (w) => startedAfterClose.push(w));

		const closing = pool.close();
		expect(pool.close()).toBe(closing);
		await closing;

		expect(pool.liveCount).toBe(0);
		expect(pool.closed).toBe(true);
		expect(() => pool?.next()).toThrow(NoWorkerAvailableError);
		for (const pid of pids) expect(isRunning(pid)).toBe(false);

		await new Promise((resolve) => setTimeout(resolve, 400));
		expect(startedAfterClose).toEqual([]);
		expect(pool.liveCount).toBe(0);
	});

	test('a listener that throws on workerdied does not break the pool', async () => {
		const logger = capturingLogger();
		pool = new WorkerPool({ ...POOL_CONFIG, workers: 1 }, { logger, respawnDelayMs: 50 });
		await pool.start();
		pool.on('workerdied', () => {
			throw new Error('listener bug');
		});
		const replaced = new Promise<PoolWorker>((resolve) => pool?.once('workerstarted', resolve));
		process.kill(pool.pids[0], 'SIGKILL');
		await replaced;
		expect(pool.liveCount).toBe(1);
		expect(logger.lines.some((l) => l.includes('"workerdied" listener') && l.includes('listener bug'))).toBe(true);
	});

	test('start() rejects with a clear message and leaves nothing running when the worker cannot start', async () => {
		// An unknown log level is refused by the worker process itself ("wrong settings", exit code 42).
		const badLogLevel = 'verbose' as 'warn';
		pool = new WorkerPool({ ...POOL_CONFIG, logLevel: badLogLevel }, { logger: capturingLogger() });
		await expect(pool.start()).rejects.toThrow(/Could not start the mediasoup workers/);
		expect(pool.liveCount).toBe(0);
		expect(pool.closed).toBe(true);
	});
});
