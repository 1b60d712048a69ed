import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * Under `npm run dev` the app gets the runtime (database, sfu, collab, jobs) that the Vite plugin
 * started (server/dev-runtime.ts) as `platform.accordoRuntime`; in production server/main.ts hands
 * it over on the request (adapter-node's `platform.req`). See src/lib/server/runtime.ts.
 * @param {import('@sveltejs/kit').Adapter} base
 * @returns {import('@sveltejs/kit').Adapter}
 */
function withDevRuntime(base) {
	return {
		...base,
		emulate: () => ({
			// Imported on the first request only: `vite build` calls emulate() too (prerendering).
			platform: async () => (await import('#server/dev-runtime.ts')).devPlatform()
		})
	};
}

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: {
		// Runes everywhere in our code; libraries keep their own mode.
		runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true)
	},
	kit: {
		// server/main.ts mounts build/handler.js next to the SFU signalling and the collab socket.
		// ACCORDO_BUILD_DIR / ACCORDO_KIT_OUTDIR let parallel builds (several developers, one machine) not clash.
		adapter: withDevRuntime(adapter({ out: process.env.ACCORDO_BUILD_DIR ?? 'build', precompress: false })),
		outDir: process.env.ACCORDO_KIT_OUTDIR ?? '.svelte-kit',
		csrf: { trustedOrigins: [] },
		// Content-Security-Policy of every page (README, "Sicurezza"). SvelteKit puts a nonce on its
		// own inline bootstrap script (mode auto: hashes for prerendered pages); no other inline
		// script runs. Styles: stylesheets and <style> elements only from this origin or with
		// SvelteKit's nonce; style *attributes* stay allowed (Svelte's style: directives, TipTap's
		// collaboration carets and ProseMirror set them; they cannot run code). The SFU (socket.io)
		// and the collab socket share the page's origin, so connect-src 'self' covers ws:/wss: too.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self'],
				'style-src-attr': ['unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'media-src': ['self', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		},
		typescript: {
			config(tsconfig) {
				tsconfig.include.push(
					'../db/**/*.ts',
					'../sfu/**/*.ts',
					'../collab/**/*.ts',
					'../server/**/*.ts',
					'../tests/**/*.ts',
					'../scripts/**/*.ts',
					'../*.config.ts'
				);
				return tsconfig;
			}
		}
	}
};

export default config;
