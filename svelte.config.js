import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

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
		adapter: adapter({ out: process.env.ACCORDO_BUILD_DIR ?? 'build', precompress: false }),
		outDir: process.env.ACCORDO_KIT_OUTDIR ?? '.svelte-kit',
		csrf: { trustedOrigins: [] },
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
