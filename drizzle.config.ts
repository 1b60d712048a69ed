import { defineConfig } from 'drizzle-kit';

export default defineConfig({
	schema: './db/schema/index.ts',
	out: './db/migrations',
	dialect: 'sqlite',
	strict: true,
	verbose: true
});
