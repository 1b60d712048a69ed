import * as mediasoup from 'mediasoup';
import type { Worker } from 'mediasoup/types';
import type { SfuConfig } from './config.ts';
import { consoleLogger, describeError, type Logger } from './log.ts';
import { SafeEmitter } from './events.ts';

export interface PortRange {
	min: number;
	max: number;
}

/** `worker.appData` of pool workers: the slot (0..size-1) and its share of the RTC port range. */
export type PoolWorkerAppData = {
	slot: number;
	/** Pass it as `portRange` in transport listenInfos (worker-level rtcMinPort/rtcMaxPort are deprecated). */
	portRange: PortRange;
};
export type PoolWorker = Worker<PoolWorkerAppData>;

export type WorkerPoolEvents = {
	/** A worker is running and in the rotation (at start and for every replacement). */
	workerstarted: [worker: PoolWorker];
	/**
	 * A worker process died. mediasoup has already closed its routers (and, by cascade, their
	 * transports, producers and consumers); whoever owns rooms on it must drop them and tell their
	 * clients to rejoin. A replacement starts after `respawnDelayMs` unless the pool is closing.
	 */
	workerdied: [worker: PoolWorker, error: Error];
};

export interface WorkerPoolOptions {
	/** Delay before starting a replacement for a dead worker; doubles on each failed attempt. Default 1000. */
	respawnDelayMs?: number;
	/** close() SIGKILLs a worker that has not exited this long after SIGTERM. Default 5000. */
	killTimeoutMs?: number;
	logger?: Logger;
}

export type WorkerPoolConfig = Pick<SfuConfig, 'workers' | 'rtcMinPort' | 'rtcMaxPort' | 'logLevel'>;

const MAX_RESPAWN_DELAY_MS = 30_000;

export class NoWorkerAvailableError extends Error {
	constructor() {
		super('No mediasoup worker is running');
		this.name = 'NoWorkerAvailableError';
	}
}

/** Splits [min, max] into `parts` contiguous ranges of equal size (the last one takes the remainder). */
export function splitPortRange(min: number, max: number, parts: number): PortRange[] {
	const size = Math.floor((max - min + 1) / parts);
	if (size < 1) throw new RangeError(`Cannot split ports ${min}-${max} between ${parts} workers`);
	return Array.from({ length: parts }, (_, i) => ({
		min: min + i * size,
		max: i === parts - 1 ? max : min + (i + 1) * size - 1
	}));
}

/**
 * A fixed number of mediasoup workers, each with its own slice of the RTC port range, handed out
 * round-robin by next(). A worker that dies is reported (`workerdied`) and replaced; close() stops
 * every worker and resolves once their subprocesses have exited.
 */
export class WorkerPool extends SafeEmitter<WorkerPoolEvents> {
	readonly size: number;
	readonly portRanges: readonly PortRange[];
	#config: WorkerPoolConfig;
	#log: Logger;
	#respawnDelayMs: number;
	#killTimeoutMs: number;
	#live: PoolWorker[] = [];
	#cursor = 0;
	/** Every spawned worker until its subprocess has exited, with the promise of that exit. */
	#subprocesses = new Map<PoolWorker, Promise<void>>();
	/** createWorker() calls in flight. */
	#spawning = new Set<Promise<PoolWorker | null>>();
	#respawnTimers = new Set<NodeJS.Timeout>();
	#started: Promise<void> | null = null;
	#closing = false;
	#closed: Promise<void> | null = null;

	constructor(config: WorkerPoolConfig, options: WorkerPoolOptions = {}) {
		super(options.logger ?? consoleLogger);
		this.size = config.workers;
		this.portRanges = splitPortRange(config.rtcMinPort, config.rtcMaxPort, config.workers);
		this.#config = config;
		this.#log = options.logger ?? consoleLogger;
		this.#respawnDelayMs = options.respawnDelayMs ?? 1000;
		this.#killTimeoutMs = options.killTimeoutMs ?? 5000;
	}

	/** Workers currently in the rotation. */
	get liveCount(): number {
		return this.#live.length;
	}

	get pids(): number[] {
		return this.#live.map((worker) => worker.pid);
	}

	get workers(): readonly PoolWorker[] {
		return [...this.#live];
	}

	get closed(): boolean {
		return this.#closing;
	}

	/** Starts all workers; rejects (after closing the pool) if any of them cannot start. Idempotent. */
	start(): Promise<void> {
		this.#started ??= this.#startAll();
		return this.#started;
	}

	/** The next live worker, round-robin. Throws NoWorkerAvailableError when none is running. */
	next(): PoolWorker {
		if (this.#live.length === 0) throw new NoWorkerAvailableError();
		this.#cursor %= this.#live.length;
		const worker = this.#live[this.#cursor];
		this.#cursor = (this.#cursor + 1) % this.#live.length;
		return worker;
	}

	/** Closes every worker and waits for their processes to exit. Idempotent. */
	close(): Promise<void> {
		this.#closing = true;
		this.#closed ??= this.#closeAll();
		return this.#closed;
	}

	async #startAll(): Promise<void> {
		if (this.#closing) throw new Error('The mediasoup worker pool is closed');
		const results = await Promise.allSettled(this.portRanges.map((_, slot) => this.#spawn(slot)));
		const failure = results.find((result) => result.status === 'rejected');
		if (failure) {
			await this.close();
			throw new Error(
				`Could not start the mediasoup workers: ${describeError(failure.reason)}. ` +
					'Check that the worker binary is built (bash sfu/worker/install.sh).',
				{ cause: failure.reason }
			);
		}
		if (this.#closing) throw new Error('The mediasoup worker pool was closed while starting');
		const ranges = this.portRanges.map((r) => `${r.min}-${r.max}`).join(', ');
		this.#log.info(`started ${this.size} mediasoup worker(s), pids ${this.pids.join(', ')}, RTC ports ${ranges}`);
	}

	#spawn(slot: number): Promise<PoolWorker | null> {
		const spawning = this.#createWorker(slot);
		const forget = () => {
			this.#spawning.delete(spawning);
		};
		this.#spawning.add(spawning);
		spawning.then(forget, forget);
		return spawning;
	}

	/** Resolves with the running worker, or null when the pool started closing meanwhile. */
	async #createWorker(slot: number): Promise<PoolWorker | null> {
		const portRange = this.portRanges[slot];
		const worker = await mediasoup.createWorker<PoolWorkerAppData>({
			logLevel: this.#config.logLevel,
			rtcMinPort: portRange.min,
			rtcMaxPort: portRange.max,
			appData: { slot, portRange }
		});
		const exited = subprocessExit(worker);
		this.#subprocesses.set(worker, exited);
		void exited.then(() => this.#subprocesses.delete(worker)); // never rejects
		if (this.#closing) {
			worker.close();
			return null;
		}
		worker.on('died', (error) => this.#onDied(worker, error));
		this.#live.push(worker);
		this.safeEmit('workerstarted', worker);
		return worker;
	}

	#onDied(worker: PoolWorker, error: Error): void {
		const { slot } = worker.appData;
		this.#log.error(`mediasoup worker died (pid ${worker.pid}, slot ${slot}): ${error.message}`);
		this.#live = this.#live.filter((w) => w !== worker);
		this.safeEmit('workerdied', worker, error);
		if (!this.#closing) this.#scheduleRespawn(slot, this.#respawnDelayMs);
	}

	#scheduleRespawn(slot: number, delayMs: number): void {
		const timer = setTimeout(() => {
			this.#respawnTimers.delete(timer);
			if (this.#closing) return;
			this.#spawn(slot).then(
				(worker) => {
					if (worker) this.#log.info(`replacement mediasoup worker started (pid ${worker.pid}, slot ${slot})`);
				},
				(error: unknown) => {
					if (this.#closing) return;
					const retryMs = Math.min(delayMs * 2, MAX_RESPAWN_DELAY_MS);
					this.#log.error(
						`could not start a replacement mediasoup worker for slot ${slot}, retrying in ${retryMs} ms: ${describeError(error)}`
					);
					this.#scheduleRespawn(slot, retryMs);
				}
			);
		}, delayMs);
		this.#respawnTimers.add(timer);
	}

	async #closeAll(): Promise<void> {
		for (const timer of this.#respawnTimers) clearTimeout(timer);
		this.#respawnTimers.clear();
		const live = this.#live;
		this.#live = [];
		for (const worker of live) worker.close();
		// Workers still being created close themselves when createWorker() resolves (#closing).
		await Promise.allSettled([...this.#spawning]);
		await Promise.all([...this.#subprocesses].map(([worker, exited]) => this.#awaitExit(worker, exited)));
	}

	async #awaitExit(worker: PoolWorker, exited: Promise<void>): Promise<void> {
		let timer: NodeJS.Timeout | undefined;
		const timedOut = new Promise<boolean>((resolve) => {
			timer = setTimeout(() => resolve(true), this.#killTimeoutMs);
		});
		const late = await Promise.race([exited.then(() => false), timedOut]);
		clearTimeout(timer);
		if (!late) return;
		this.#log.warn(`mediasoup worker pid ${worker.pid} still running ${this.#killTimeoutMs} ms after close(); sending SIGKILL`);
		try {
			process.kill(worker.pid, 'SIGKILL');
		} catch {
			// Already gone.
		}
		await exited;
	}
}

/** Resolves when the worker's subprocess has exited ('subprocessclose'), however it ended. */
function subprocessExit(worker: PoolWorker): Promise<void> {
	return new Promise((resolve) => {
		if (worker.subprocessClosed) resolve();
		else worker.once('subprocessclose', () => resolve());
	});
}
