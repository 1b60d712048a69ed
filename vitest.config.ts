import { defineConfig } from 'vitest/config';

// Unit and integration tests run in Node against real parts (SQLite files, a mediasoup worker,
// the collab server on port 0). Browser tests are Playwright's (playwright.config.ts).
export default defineConfig({
	test: {
		include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		environment: 'node',
		testTimeout: 30_000,
		hookTimeout: 60_000,
		pool: 'forks',
		reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]]
	}
});
