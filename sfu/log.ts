import { setLogEventListeners } from 'mediasoup';

/**
 * The sfu's logger: one line per event, in English, prefixed with "sfu:". Everything that needs to
 * log takes a Logger so tests can capture or silence the output.
 */
export interface Logger {
	info(message: string): void;
	warn(message: string): void;
	error(message: string, error?: unknown): void;
}

export const consoleLogger: Logger = {
	info: (message) => console.log(`sfu: ${message}`),
	warn: (message) => console.warn(`sfu: ${message}`),
	error: (message, error) => {
		if (error === undefined) console.error(`sfu: ${message}`);
		else console.error(`sfu: ${message}:`, error);
	}
};

export const silentLogger: Logger = {
	info: () => {},
	warn: () => {},
	error: () => {}
};

/** A short, single-line description of anything thrown. */
export function describeError(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/**
 * mediasoup logs only through the `debug` package (visible with DEBUG=mediasoup*), so the worker's
 * own warnings and errors (the ones SFU_LOG_LEVEL selects, and its stderr on a crash) would be
 * invisible. This forwards mediasoup's warn and error logs to `logger`. mediasoup keeps one set of
 * listeners per process: the last call wins.
 */
export function forwardMediasoupLogs(logger: Logger): void {
	setLogEventListeners({
		onwarn: (namespace, log) => logger.warn(`${namespace} ${log}`),
		onerror: (namespace, log, error) => logger.error(`${namespace} ${log}`, error)
	});
}
