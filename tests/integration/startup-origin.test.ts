import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';

// Issue #11, finding 10: in production the web server refuses to start without ORIGIN (absolute
// links would otherwise come from the Host header), with a message saying what to set.

it('NODE_ENV=production without ORIGIN: no start, a clear message', () => {
	const r = spawnSync(process.execPath, ['server/main.ts'], {
		env: { PATH: process.env.PATH, NODE_ENV: 'production', PORT: '0', DATABASE_URL: ':memory:' },
		encoding: 'utf8',
		timeout: 30_000
	});
	expect(r.status).toBe(1);
	expect(r.stderr).toContain('ORIGIN is required in production (NODE_ENV=production): set it to the public URL, e.g. ORIGIN=https://');
});
