import type { Server } from 'node:http';
import { loadConfig } from './config.ts';
import { startRuntime, type AppRuntime } from './runtime.ts';

let current: AppRuntime | undefined;

/**
 * Development counterpart of server/main.ts, mounted on Vite's HTTP server by vite-plugin.ts.
 * Both this module and svelte.config.js's adapter emulator are loaded by Node itself (not by
 * Vite's module runner), so they share this one instance: the emulator hands `current` to the
 * app as `platform.accordoRuntime`, as server/main.ts does through adapter-node's `platform.req`.
 */
export async function startDevRuntime(httpServer: Server): Promise<() => Promise<void>> {
	const started = await startRuntime(httpServer, loadConfig(), { destroyUnknownUpgrades: false });
	current = started.runtime;
	return async () => {
		if (current === started.runtime) current = undefined;
		await started.stop();
	};
}

/** The platform object of each request under `npm run dev` (svelte.config.js, adapter emulate()). */
export function devPlatform(): { accordoRuntime?: AppRuntime } {
	return { accordoRuntime: current };
}
