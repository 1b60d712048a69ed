import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ENV_DOCS, ENV_SHAPE, loadConfig, renderEnvTable } from '#server/config.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

/** The product's code: the three processes, the modules, the tools (benchmarks have their own knobs). */
const SCANNED = ['src', 'db', 'sfu', 'collab', 'server', 'scripts', 'svelte.config.js', 'vite.config.ts'];
const SKIPPED = ['scripts/bench', 'db/migrations'];

/**
 * Where `process.env` may be read: the composition roots parse it (loadConfig) and hand the result
 * down; svelte.config.js is read by the build tools; the two db defaults read a variable the
 * schema already checked at start-up; server/main.ts only writes adapter-node's defaults.
 */
const PROCESS_ENV_ALLOWED = ['server/config.ts', 'server/main.ts', 'svelte.config.js', 'db/rooms/secret.ts', 'db/pdf/fonts.ts'];

function files(path: string): string[] {
	const abs = join(ROOT, path);
	if (SKIPPED.includes(path)) return [];
	if (statSync(abs).isFile()) return /\.(ts|js|svelte)$/.test(path) ? [path] : [];
	return readdirSync(abs).flatMap((name) => files(relative(ROOT, join(abs, name))));
}

/** Every environment variable name the code reads: `process.env.X`, `env.X`, `env['X']`, and `*_ENV = 'X'` constants. */
export function variablesRead(source: string): string[] {
	const names = new Set<string>();
	for (const m of source.matchAll(/\benv(?:\.([A-Z][A-Z0-9_]+)|\[\s*['"]([A-Z][A-Z0-9_]+)['"]\s*\])/g)) names.add(m[1] ?? m[2]);
	for (const m of source.matchAll(/\b[A-Z0-9_]+_ENV\s*=\s*['"]([A-Z][A-Z0-9_]+)['"]/g)) names.add(m[1]);
	return [...names];
}

describe('one schema for every environment variable', () => {
	const sources = SCANNED.flatMap(files).map((f) => ({ file: f, text: readFileSync(join(ROOT, f), 'utf8') }));

	it('every variable read anywhere in the code is in server/config.ts', () => {
		const known = new Set(Object.keys(ENV_SHAPE));
		const unknown = sources.flatMap(({ file, text }) =>
			variablesRead(text)
				.filter((n) => !known.has(n))
				.map((n) => `${file}: ${n}`)
		);
		expect(unknown).toEqual([]);
		expect(sources.length).toBeGreaterThan(100); // the scan really ran over the code
	});

	it('the scan finds what a new reader would add', () => {
		expect(variablesRead("const x = process.env.ACCORDO_NUOVA ?? '';")).toEqual(['ACCORDO_NUOVA']);
		expect(variablesRead("env['LOGIN_X']; export const FOO_ENV = 'ACCORDO_FOO';")).toEqual(['LOGIN_X', 'ACCORDO_FOO']);
	});

	it('process.env is read only by the composition roots (the rest gets the parsed configuration)', () => {
		const readers = sources.filter(({ text }) => /process\.env\b/.test(text)).map(({ file }) => file);
		expect(readers.filter((f) => !PROCESS_ENV_ALLOWED.includes(f))).toEqual([]);
		const kitEnv = sources.filter(({ text }) => /\$env\/(dynamic|static)\//.test(text)).map(({ file }) => file);
		expect(kitEnv).toEqual([]);
	});

	it('the README table is the one generated from the schema (npm run docs:env)', () => {
		const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
		const section = readme.slice(readme.indexOf('<!-- env:start'), readme.indexOf('<!-- env:end -->'));
		const rows = (table: string) =>
			table
				.split('\n')
				.filter((l) => l.startsWith('|'))
				.map((l) => l.split('|').map((c) => c.trim()));
		expect(rows(section)).toEqual(rows(renderEnvTable()));
		expect(Object.keys(ENV_DOCS).sort()).toEqual(Object.keys(ENV_SHAPE).sort());
	});
});

describe('loadConfig', () => {
	it('defaults for an empty environment', () => {
		const c = loadConfig({});
		expect(c).toMatchObject({
			port: 3000,
			host: '127.0.0.1',
			origin: undefined,
			databaseUrl: './data/accordo.db',
			seed: 'demo',
			buildDir: 'build',
			jobs: true,
			mail: { credentialsKey: null, pollMs: 60_000 },
			backup: { dir: undefined, retentionDays: 90, cron: '30 2 * * *' },
			login: { windowMs: 15 * 60_000, maxPerIp: 30, maxPerAccount: 5 },
			turn: null,
			sfuServer: { port: 3001, host: '127.0.0.1', allowedOrigins: undefined },
			collab: { port: 3002, host: '127.0.0.1', allowedOrigins: undefined }
		});
		expect(c.sfu.rtcMinPort).toBe(40000);
	});

	it('values are parsed and handed down typed; ORIGIN is the default allowed origin of sfu and collab', () => {
		const key = Buffer.alloc(32, 7);
		const c = loadConfig({
			PORT: '8080',
			ORIGIN: 'https://accordo.example.it/',
			ACCORDO_CREDENTIALS_KEY: key.toString('base64'),
			ACCORDO_MAIL_POLL_SECONDS: '5',
			LOGIN_WINDOW_MINUTES: '2',
			COLLAB_ALLOWED_ORIGINS: 'https://a.example.it, https://b.example.it',
			SFU_TURN_URLS: 'turn:turn.example.it:3478',
			SFU_TURN_SECRET: 'segreto',
			ACCORDO_JOBS: 'off'
		});
		expect(c.port).toBe(8080);
		expect(c.origin).toBe('https://accordo.example.it');
		expect(c.mail).toEqual({ credentialsKey: key, pollMs: 5000 });
		expect(c.login.windowMs).toBe(120_000);
		expect(c.jobs).toBe(false);
		expect(c.sfuServer.allowedOrigins).toEqual(['https://accordo.example.it']);
		expect(c.collab.allowedOrigins).toEqual(['https://a.example.it', 'https://b.example.it']);
		expect(c.turn).toMatchObject({ urls: ['turn:turn.example.it:3478'], secret: 'segreto' });
	});

	it('bad values stop the start with every problem, in English and Italian, quoting the value', () => {
		let message = '';
		try {
			loadConfig({
				PORT: 'ottanta',
				ACCORDO_SEED: 'tutto',
				ACCORDO_CREDENTIALS_KEY: 'corta',
				BACKUP_CRON: 'ogni notte',
				ORIGIN: 'accordo.example.it',
				XFF_DEPTH: '0',
				ACCORDO_SECRET: 'breve'
			});
		} catch (err) {
			expect(err).toBeInstanceOf(ConfigError);
			message = (err as Error).message;
		}
		expect(message).toMatch(/^Invalid configuration \(environment variables\) \/ Configurazione non valida/);
		expect(message).toContain(
			'PORT must be a whole number between 0 and 65535 (got "ottanta")\n    PORT deve essere un numero intero tra 0 e 65535'
		);
		expect(message).toContain('ACCORDO_SEED must be one of demo, none (got "tutto")');
		expect(message).toContain('ACCORDO_CREDENTIALS_KEY must be 32 bytes');
		expect(message).toContain('ACCORDO_CREDENTIALS_KEY deve contenere 32 byte');
		expect(message).toContain('BACKUP_CRON must be a cron pattern');
		expect(message).toContain('ORIGIN must be a URL');
		expect(message).toContain('XFF_DEPTH must be a whole number between 1 and 20 (got "0")');
		expect(message).toContain('ACCORDO_SECRET deve essere lungo almeno 32 caratteri');
		// Keys and passwords are named, never printed.
		expect(message).toContain('ACCORDO_SECRET must be at least 32 characters long (value not shown)');
		expect(message).not.toContain('breve');
		expect(message).not.toContain('corta');
	});

	it('checks across variables run once each value is valid', () => {
		expect(() => loadConfig({ SFU_TURN_URLS: 'turn:t.example.it' })).toThrow(/SFU_TURN_URLS is set: set SFU_TURN_SECRET/);
		expect(() => loadConfig({ RTC_MIN_PORT: '41000', RTC_MAX_PORT: '40000' })).toThrow(
			/RTC_MIN_PORT \(41000\) must not be greater than RTC_MAX_PORT \(40000\)\n {4}RTC_MIN_PORT \(41000\) non può superare/
		);
	});
});

describe('the command-line tools (loadConfigOrExit)', () => {
	it('backup, restore and operator stop on a bad value with their name, the English + Italian lines and their exit code', () => {
		const env = { ...process.env, PORT: 'ottanta', DATABASE_URL: join(ROOT, 'data', 'config-test-none.db') };
		for (const [script, args, code, extra] of [
			['scripts/backup.ts', [], 1, null],
			['scripts/restore.ts', ['x'], 1, null],
			['scripts/operator.ts', ['list'], 2, 'usage: npm run operator -- create <email>']
		] as const) {
			const r = spawnSync(process.execPath, [join(ROOT, script), ...args], { env, encoding: 'utf8', timeout: 60_000 });
			const name = script.slice('scripts/'.length, -'.ts'.length);
			expect(r.status, script).toBe(code);
			expect(r.stderr, script).toMatch(
				new RegExp(`^${name}: Invalid configuration \\(environment variables\\) / Configurazione non valida`)
			);
			expect(r.stderr, script).toContain('PORT deve essere un numero intero tra 0 e 65535');
			if (extra) expect(r.stderr, script).toContain(extra);
		}
	}, 120_000);
});
