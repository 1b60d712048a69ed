import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { accordoDevServer } from '#server/vite-plugin.ts';

export default defineConfig({
	plugins: [sveltekit(), accordoDevServer()],
	server: { host: '127.0.0.1' }
});
