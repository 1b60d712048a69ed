import { defineConfig } from 'drizzle-kit';

export default defineConfig({
	// One schema file per module (docs/modules.md); db/schema.ts re-exports them for the client.
	schema: './db/*/schema.ts',
	out: './db/migrations',
	dialect: 'sqlite',
	strict: true,
	verbose: true
});
