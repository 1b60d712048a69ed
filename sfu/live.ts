import type { Sfu } from './index.ts';

/**
 * The SFU running in this process, for the web app (revoking a guest link or ending a session
 * must reach people already in a room). Shared through a global symbol because SvelteKit's server
 * bundle has its own copy of every module (as collab/live.ts). When the SFU runs as its own
 * process (sfu/main.ts) the web process has none: getLiveSfu() returns undefined.
 */
const KEY = Symbol.for('accordo.sfu');
type WithSfu = typeof globalThis & { [KEY]?: Sfu };

export function publishLiveSfu(sfu: Sfu): void {
	(globalThis as WithSfu)[KEY] = sfu;
}

export function unpublishLiveSfu(sfu: Sfu): void {
	const g = globalThis as WithSfu;
	if (g[KEY] === sfu) g[KEY] = undefined;
}

export function getLiveSfu(): Sfu | undefined {
	return (globalThis as WithSfu)[KEY];
}
