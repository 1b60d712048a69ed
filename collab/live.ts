import type { Collab } from './index.ts';

/**
 * The collab service running in this process, for the web app (lock → reauthorize, restoring a
 * version, exporting the live text). SvelteKit's server bundle has its own copy of every module,
 * so the instance is shared through a global symbol, as db/runtime.ts does. When collab runs as
 * its own process (collab/main.ts) the web process has none: getLiveCollab() returns undefined.
 */
const KEY = Symbol.for('accordo.collab');
type WithCollab = typeof globalThis & { [KEY]?: Collab };

export function publishLiveCollab(collab: Collab): void {
	(globalThis as WithCollab)[KEY] = collab;
}

export function unpublishLiveCollab(collab: Collab): void {
	const g = globalThis as WithCollab;
	if (g[KEY] === collab) g[KEY] = undefined;
}

export function getLiveCollab(): Collab | undefined {
	return (globalThis as WithCollab)[KEY];
}
