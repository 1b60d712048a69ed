import { getRequestEvent } from '$app/server';
import { RUNTIME_PROPERTY, type AppRuntime } from '#server/runtime.ts';

/**
 * The runtime of this process (database, configuration, sfu, collab, jobs), as the composition
 * root handed it to the current request: server/main.ts puts it on the Node request that
 * adapter-node passes as `platform.req`; under `npm run dev` and `npm run preview` the adapter's emulator
 * (svelte.config.js) passes it as `platform.accordoRuntime`. Callable wherever SvelteKit knows
 * the request (hooks, loads, actions, endpoints and what they call).
 */
export function appRuntime(): AppRuntime {
	const platform = getRequestEvent().platform;
	const runtime = platform?.accordoRuntime ?? platform?.req?.[RUNTIME_PROPERTY];
	if (!runtime)
		throw new Error('Accordo runtime missing: start the app with `npm run dev`, `npm run preview`, `npm start` or `node server/main.ts`.');
	return runtime;
}
