import { EventEmitter } from 'node:events';
import { consoleLogger, type Logger } from './log.ts';

/**
 * An EventEmitter whose close-style events cannot be broken by one listener (mediasoup's
 * `safeEmit`): every listener runs, one that throws is logged and the others still get the event,
 * and the throw never reaches the code that emitted (a socket.io `disconnect`, a router closing).
 * Used for the SFU's lifecycle events: Peer and Room `close`, Room `empty`, the worker pool's.
 */
export class SafeEmitter<T extends Record<keyof T, unknown[]>> extends EventEmitter<T> {
	#safeLog: Logger;

	constructor(log: Logger = consoleLogger) {
		super();
		this.#safeLog = log;
	}

	/** Calls every listener of `event` in order; returns whether there was any. */
	safeEmit<K extends keyof T & string>(event: K, ...args: T[K]): boolean {
		// Node's typed listener API cannot check a generic K against a spread; the signature above does.
		const self = this as unknown as EventEmitter;
		const listeners = self.rawListeners(event) as Array<(...a: unknown[]) => unknown>;
		for (const listener of listeners) {
			try {
				listener.apply(this, args);
			} catch (error) {
				this.#safeLog.error(`a "${event}" listener of ${this.constructor.name} threw`, error);
			}
		}
		return listeners.length > 0;
	}
}
