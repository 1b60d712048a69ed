import type { Server } from 'node:http';
import type { Plugin } from 'vite';

/**
 * `npm run dev`: the same one-origin layout as production. Opens the database (migrated, demo
 * seeded when empty) and mounts sfu + collab on Vite's own HTTP server, next to HMR. The runtime
 * is loaded by Node itself (not bundled into the Vite config), like server/main.ts does.
 */
export function accordoDevServer(): Plugin {
	return {
		name: 'accordo-dev-realtime',
		apply: 'serve',
		async configureServer(vite) {
			const httpServer = vite.httpServer as Server | null;
			if (!httpServer) return; // middleware mode: nothing to mount on
			const modulePath = new URL('./dev-runtime.ts', import.meta.url).href;
			const { startDevRuntime } = (await import(/* @vite-ignore */ modulePath)) as typeof import('./dev-runtime.ts');
			const stop = await startDevRuntime(httpServer);
			httpServer.once('close', () => {
				stop().catch((err: unknown) => console.error('accordo: dev runtime shutdown failed', err));
			});
		}
	};
}
