import type { Server } from 'node:http';
import type { Plugin } from 'vite';

/** Starts the runtime on Vite's HTTP server and closes it with the server. */
async function mount(server: Server | null): Promise<void> {
	if (!server) return; // middleware mode: nothing to mount on
	const modulePath = new URL('./dev-runtime.ts', import.meta.url).href;
	const { startDevRuntime } = (await import(/* @vite-ignore */ modulePath)) as typeof import('./dev-runtime.ts');
	const stop = await startDevRuntime(server);
	server.once('close', () => {
		stop().catch((err: unknown) => console.error('accordo: dev runtime shutdown failed', err));
	});
}

/**
 * `npm run dev` and `npm run preview` (the built app served by `vite preview`): the same one-origin
 * layout as production. Opens the database (migrated, demo seeded when empty) and mounts sfu +
 * collab on Vite's own HTTP server (next to HMR under dev). The runtime is loaded by Node itself
 * (not bundled into the Vite config), like server/main.ts does; SvelteKit's preview server hands
 * it to each request through the adapter's emulate() as `npm run dev` does (svelte.config.js).
 */
export function accordoDevServer(): Plugin {
	return {
		name: 'accordo-dev-realtime',
		apply: 'serve',
		async configureServer(vite) {
			await mount(vite.httpServer as Server | null);
		},
		async configurePreviewServer(preview) {
			await mount(preview.httpServer as Server | null);
		}
	};
}
