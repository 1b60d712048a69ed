import { existsSync } from 'node:fs';
import { Cron } from 'croner';
import { z } from 'zod';
import { DEFAULT_DATABASE_URL } from '#db/client.ts';
import { DEFAULT_LOGIN_LIMITS, type LoginRateLimits } from '#db/auth/rate-limit.ts';
import type { BackupSettings } from '#db/backup/jobs.ts';
import type { FirmaConfig } from '#db/firma/provider-settings.ts';
import { credentialsKey, CREDENTIALS_KEY_ENV } from '#db/comunicazioni/secret.ts';
import { bilingual, blankToUndefined, formatEnvIssues, oneOf, optionalText, wholeNumber, type Env } from '#db/shared/env.ts';
import { TZ } from '#db/shared/time.ts';
import { SFU_DEFAULTS, SFU_ENV, SFU_SERVER_ENV, sfuConfigFrom, type SfuConfig } from '#sfu/config.ts';
import { TURN_ENV, turnConfigFrom, type TurnConfig } from '#sfu/turn.ts';
import { COLLAB_DEFAULTS, COLLAB_ENV } from '#collab/config.ts';

/**
 * The one schema of every environment variable Accordo reads, for the three processes (web, sfu,
 * collab) and the command-line tools. Each process parses it once at start-up (loadConfig) and
 * hands the typed result down; a bad value stops the start with one English + Italian line per
 * problem (the checks that span several variables, such as the SFU port range, run once every
 * single value is valid). The README's configuration table is generated from ENV_DOCS (`npm run docs:env`) and
 * tests/unit/config.test.ts fails when a variable is read in the code but missing here.
 */

const headerName = (name: string) =>
	z.preprocess(
		blankToUndefined,
		z
			.string()
			.regex(
				/^[A-Za-z0-9-]+$/,
				bilingual(
					`${name} must be an HTTP header name such as X-Forwarded-For`,
					`${name} deve essere il nome di un'intestazione HTTP, ad esempio X-Forwarded-For`
				)
			)
			.optional()
	);

const WEB_ENV = {
	PORT: wholeNumber('PORT', 0, 65535),
	HOST: optionalText(),
	ORIGIN: z.preprocess(
		blankToUndefined,
		z
			.url({
				protocol: /^https?$/,
				error: bilingual(
					'ORIGIN must be a URL such as https://accordo.example.it',
					'ORIGIN deve essere un URL, ad esempio https://accordo.example.it'
				)
			})
			.transform((u) => u.replace(/\/$/, ''))
			.optional()
	),
	DATABASE_URL: optionalText(),
	NODE_ENV: oneOf('NODE_ENV', ['production', 'development', 'test']),
	ACCORDO_SEED: oneOf('ACCORDO_SEED', ['demo', 'none']),
	ACCORDO_BUILD_DIR: optionalText(),
	ACCORDO_KIT_OUTDIR: optionalText(),
	ACCORDO_SECRET: z.preprocess(
		blankToUndefined,
		z
			.string()
			.min(32, bilingual('ACCORDO_SECRET must be at least 32 characters long', 'ACCORDO_SECRET deve essere lungo almeno 32 caratteri'))
			.optional()
	),
	ACCORDO_CREDENTIALS_KEY: z.preprocess(
		blankToUndefined,
		z
			.string()
			.transform((raw, ctx) => {
				try {
					return credentialsKey({ [CREDENTIALS_KEY_ENV]: raw });
				} catch {
					ctx.addIssue({
						code: 'custom',
						message: bilingual(
							'ACCORDO_CREDENTIALS_KEY must be 32 bytes, as base64 or 64 hex digits (e.g. `openssl rand -base64 32`)',
							'ACCORDO_CREDENTIALS_KEY deve contenere 32 byte, in base64 o 64 cifre esadecimali (ad esempio `openssl rand -base64 32`)'
						)
					});
					return z.NEVER;
				}
			})
			.optional()
	),
	ACCORDO_MAIL_POLL_SECONDS: wholeNumber('ACCORDO_MAIL_POLL_SECONDS', 1, 3600),
	ACCORDO_FONT_DIR: z.preprocess(
		blankToUndefined,
		z
			.string()
			.refine(
				(dir) => existsSync(dir),
				bilingual('ACCORDO_FONT_DIR is not an existing folder', 'ACCORDO_FONT_DIR non è una cartella esistente')
			)
			.optional()
	),
	ACCORDO_JOBS: oneOf('ACCORDO_JOBS', ['on', 'off']),
	ACCORDO_OPERATOR_PASSWORD: optionalText(),
	BACKUP_DIR: optionalText(),
	BACKUP_RETENTION_DAYS: wholeNumber('BACKUP_RETENTION_DAYS', 1, 3650),
	BACKUP_CRON: z.preprocess(
		blankToUndefined,
		z
			.string()
			.refine(
				(pattern) => {
					try {
						new Cron(pattern, { paused: true, timezone: TZ }).stop();
						return true;
					} catch {
						return false;
					}
				},
				bilingual('BACKUP_CRON must be a cron pattern such as "30 2 * * *"', 'BACKUP_CRON deve essere uno schema cron come "30 2 * * *"')
			)
			.optional()
	),
	FIRMA_PROVIDER: oneOf('FIRMA_PROVIDER', ['nessuno', 'locale']),
	FIRMA_PROVIDER_DIR: optionalText(),
	FIRMA_TSA_URL: z.preprocess(
		blankToUndefined,
		z
			.url({
				protocol: /^https?$/,
				error: bilingual('FIRMA_TSA_URL must be an http(s) URL', 'FIRMA_TSA_URL deve essere un URL http(s)')
			})
			.optional()
	),
	FIRMA_PROVIDER_TIMEOUT: wholeNumber('FIRMA_PROVIDER_TIMEOUT', 1, 600),
	LOGIN_MAX_PER_ACCOUNT: wholeNumber('LOGIN_MAX_PER_ACCOUNT', 1, 100_000),
	LOGIN_MAX_PER_IP: wholeNumber('LOGIN_MAX_PER_IP', 1, 100_000),
	LOGIN_WINDOW_MINUTES: wholeNumber('LOGIN_WINDOW_MINUTES', 1, 1440),
	// Read by adapter-node's handler itself (build/handler.js); checked here so a typo fails at start.
	ADDRESS_HEADER: headerName('ADDRESS_HEADER'),
	XFF_DEPTH: wholeNumber('XFF_DEPTH', 1, 20),
	PROTOCOL_HEADER: headerName('PROTOCOL_HEADER'),
	HOST_HEADER: headerName('HOST_HEADER'),
	PORT_HEADER: headerName('PORT_HEADER'),
	BODY_SIZE_LIMIT: z.preprocess(
		blankToUndefined,
		z
			.string()
			.regex(
				/^(\d+[KMG]?|Infinity)$/i,
				bilingual(
					'BODY_SIZE_LIMIT must be a size such as 512K, 20M or Infinity',
					'BODY_SIZE_LIMIT deve essere una dimensione come 512K, 20M o Infinity'
				)
			)
			.optional()
	)
};

export const ENV_SHAPE = { ...WEB_ENV, ...SFU_ENV, ...SFU_SERVER_ENV, ...TURN_ENV, ...COLLAB_ENV };
export type EnvName = keyof typeof ENV_SHAPE;

/** Which process reads a variable, its default and its meaning: the README's table. */
export interface EnvDoc {
	used: 'web' | 'sfu' | 'collab' | 'web, sfu' | 'web, sfu, collab' | 'web, collab' | 'tools' | 'build';
	default: string;
	meaning: string;
	/** A key or password: a bad value is never printed. */
	secret?: true;
}

export const ENV_DOCS: Record<EnvName, EnvDoc> = {
	PORT: { used: 'web', default: '`3000`', meaning: 'where the web server listens (`0`: any free port)' },
	HOST: { used: 'web', default: '`127.0.0.1`', meaning: 'the address it listens on (`0.0.0.0` to expose it)' },
	ORIGIN: {
		used: 'web, sfu, collab',
		default: 'derived per request',
		meaning: 'public URL (set it behind a reverse proxy / in production with HTTPS); the accepted WebSocket origin'
	},
	NODE_ENV: {
		used: 'web',
		default: 'none',
		meaning: '`production`: the web server refuses to start without `ORIGIN` (absolute links would come from the Host header)'
	},
	DATABASE_URL: {
		used: 'web, sfu, collab',
		default: '`./data/accordo.db`',
		meaning: 'SQLite file shared by the processes (WAL, busy_timeout, foreign keys on every connection)'
	},
	ACCORDO_SEED: { used: 'web', default: '`demo`', meaning: '`none` to skip the demo data on an empty database' },
	ACCORDO_BUILD_DIR: {
		used: 'build',
		default: '`build`',
		meaning: 'where `vite build` writes the app and `server/main.ts` reads it (tests: `build-test`)'
	},
	ACCORDO_KIT_OUTDIR: { used: 'build', default: '`.svelte-kit`', meaning: "SvelteKit's generated files (svelte.config.js)" },
	ACCORDO_SECRET: {
		used: 'web, sfu, collab',
		default: '–',
		meaning:
			"optional (at least 32 characters): mixed into every Organismo's own guest-link keys (kept in `chiavi_organismo`), so the database alone cannot sign a link; also verifies links made before per-Organismo keys",
		secret: true
	},
	ACCORDO_CREDENTIALS_KEY: {
		used: 'web',
		default: 'none',
		meaning: "AES-256 key (32 bytes, base64 or hex) of the mail accounts' passwords; without it nothing is sent",
		secret: true
	},
	ACCORDO_MAIL_POLL_SECONDS: { used: 'web', default: '`60`', meaning: 'how often the PEC mailboxes are read (receipts, Posta in arrivo)' },
	ACCORDO_FONT_DIR: {
		used: 'web',
		default: 'npm `dejavu-fonts-ttf`',
		meaning: 'folder with the DejaVu Sans TTF files embedded in PDFs ([docs/pdf.md](docs/pdf.md))'
	},
	ACCORDO_JOBS: { used: 'web', default: '`on`', meaning: '`off`: this process runs no background jobs (docs/modules.md, "Jobs")' },
	ACCORDO_OPERATOR_PASSWORD: {
		used: 'tools',
		default: 'none',
		meaning: '`npm run operator -- create`: the password to set instead of a one-time link',
		secret: true
	},
	BACKUP_DIR: { used: 'web', default: '`data/backups`', meaning: 'where the nightly backups go (another disk in production)' },
	BACKUP_RETENTION_DAYS: { used: 'web', default: '`90`', meaning: 'how long backups are kept' },
	BACKUP_CRON: { used: 'web', default: '`30 2 * * *`', meaning: 'when the backup runs (cron, Europe/Rome)' },
	FIRMA_PROVIDER: {
		used: 'web',
		default: '`nessuno`',
		meaning:
			'remote/one-shot signature service: `locale` = the test/demo CSC-shaped provider over `FIRMA_PROVIDER_DIR` ([docs/firma.md](docs/firma.md))'
	},
	FIRMA_PROVIDER_DIR: { used: 'web', default: 'none', meaning: 'with `FIRMA_PROVIDER=locale`: the folder of its credentials and OTPs' },
	FIRMA_TSA_URL: { used: 'web', default: 'none', meaning: 'RFC 3161 timestamping service: in-app signatures become PAdES-B-T' },
	FIRMA_PROVIDER_TIMEOUT: { used: 'web', default: '`30`', meaning: 'seconds per call to the signature service before giving up' },
	LOGIN_MAX_PER_ACCOUNT: { used: 'web', default: '`5`', meaning: 'failed logins per account before each try waits longer (see below)' },
	LOGIN_MAX_PER_IP: { used: 'web', default: '`30`', meaning: 'failed logins per IP in the window (see below)' },
	LOGIN_WINDOW_MINUTES: { used: 'web', default: '`15`', meaning: 'the window of the login limits' },
	ADDRESS_HEADER: {
		used: 'web',
		default: 'none',
		meaning: 'behind a reverse proxy: the header with the client IP (see below; adapter-node)'
	},
	XFF_DEPTH: {
		used: 'web',
		default: '`1`',
		meaning: 'with `ADDRESS_HEADER=X-Forwarded-For`: how many proxies are in front (adapter-node)'
	},
	PROTOCOL_HEADER: {
		used: 'web',
		default: 'set by server/main.ts without `ORIGIN`',
		meaning: 'header with the original protocol (adapter-node)'
	},
	HOST_HEADER: { used: 'web', default: 'none', meaning: 'header with the original host (adapter-node)' },
	PORT_HEADER: { used: 'web', default: 'none', meaning: 'header with the original port (adapter-node)' },
	BODY_SIZE_LIMIT: {
		used: 'web',
		default: '`20M`',
		meaning: 'largest request body (uploads); other routes stop at 64 KB (adapter-node)'
	},
	SFU_WORKERS: { used: 'web, sfu', default: 'CPU cores', meaning: 'mediasoup workers (a dead worker is reported and replaced)' },
	SFU_LISTEN_IP: { used: 'web, sfu', default: '`127.0.0.1`', meaning: 'RTC bind address' },
	SFU_ANNOUNCED_ADDRESS: {
		used: 'web, sfu',
		default: 'none',
		meaning: 'the public IP or hostname put in ICE candidates (required with `SFU_LISTEN_IP=0.0.0.0`)'
	},
	RTC_MIN_PORT: { used: 'web, sfu', default: '`40000`', meaning: 'first UDP/TCP port for media' },
	RTC_MAX_PORT: { used: 'web, sfu', default: '`40999`', meaning: 'last port for media (split evenly between workers)' },
	SFU_LOG_LEVEL: { used: 'web, sfu', default: '`warn`', meaning: 'mediasoup worker log level: debug, warn, error, none' },
	SFU_PORT: { used: 'sfu', default: '`3001`', meaning: 'standalone SFU (`npm run sfu`): its port (`0`: any free port)' },
	SFU_HOST: { used: 'sfu', default: '`127.0.0.1`', meaning: 'standalone SFU: its address' },
	SFU_ALLOWED_ORIGINS: { used: 'sfu', default: '`ORIGIN`', meaning: 'standalone SFU: comma-separated origins of the web pages' },
	SFU_TURN_URLS: {
		used: 'web, sfu',
		default: 'none',
		meaning: 'TURN server for browsers, comma-separated `turn:`/`turns:` URLs (docs/sfu.md)'
	},
	SFU_TURN_SECRET: {
		used: 'web, sfu',
		default: 'none',
		meaning: 'coturn `static-auth-secret`: time-limited credentials per peer (preferred)',
		secret: true
	},
	SFU_TURN_USERNAME: { used: 'web, sfu', default: 'none', meaning: 'static TURN username (when no secret)' },
	SFU_TURN_CREDENTIAL: { used: 'web, sfu', default: 'none', meaning: 'static TURN password (when no secret)', secret: true },
	COLLAB_PORT: { used: 'collab', default: '`3002`', meaning: 'standalone collab server (`npm run collab`): its port' },
	COLLAB_HOST: { used: 'collab', default: '`127.0.0.1`', meaning: 'standalone collab server: its address' },
	COLLAB_ALLOWED_ORIGINS: {
		used: 'collab',
		default: '`ORIGIN`',
		meaning: 'standalone collab server: comma-separated origins of the web pages'
	}
};

/** Everything the processes need from the environment, parsed and typed. */
export interface Config {
	port: number;
	host: string;
	origin: string | undefined;
	/** NODE_ENV=production: ORIGIN is required (server/main.ts). */
	production: boolean;
	databaseUrl: string;
	seed: 'demo' | 'none';
	buildDir: string;
	/** HMAC key of guest links (db/rooms/secret.ts), when given. */
	guestLinkSecret: string | undefined;
	mail: {
		/** The credentials key (ACCORDO_CREDENTIALS_KEY), or null: accounts cannot be saved, nothing is sent. */
		credentialsKey: Buffer | null;
		pollMs: number;
	};
	fontDir: string | undefined;
	jobs: boolean;
	backup: BackupSettings;
	firma: FirmaConfig;
	login: LoginRateLimits;
	operatorPassword: string | undefined;
	sfu: SfuConfig;
	turn: TurnConfig | null;
	sfuServer: { port: number; host: string; allowedOrigins: string[] | undefined };
	collab: { port: number; host: string; allowedOrigins: string[] | undefined };
}

const schema = z.object(ENV_SHAPE).transform((env, ctx): Config => {
	const cron = env.BACKUP_CRON ?? '30 2 * * *';
	const origins = env.ORIGIN ? [env.ORIGIN] : undefined;
	return {
		port: env.PORT ?? 3000,
		host: env.HOST ?? '127.0.0.1',
		origin: env.ORIGIN,
		production: env.NODE_ENV === 'production',
		databaseUrl: env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
		seed: env.ACCORDO_SEED ?? 'demo',
		buildDir: env.ACCORDO_BUILD_DIR ?? 'build',
		guestLinkSecret: env.ACCORDO_SECRET,
		mail: { credentialsKey: env.ACCORDO_CREDENTIALS_KEY ?? null, pollMs: (env.ACCORDO_MAIL_POLL_SECONDS ?? 60) * 1000 },
		fontDir: env.ACCORDO_FONT_DIR,
		jobs: (env.ACCORDO_JOBS ?? 'on') === 'on',
		backup: { dir: env.BACKUP_DIR, retentionDays: env.BACKUP_RETENTION_DAYS ?? 90, cron },
		firma: firmaConfigFrom(env, ctx),
		login: {
			windowMs: env.LOGIN_WINDOW_MINUTES ? env.LOGIN_WINDOW_MINUTES * 60_000 : DEFAULT_LOGIN_LIMITS.windowMs,
			maxPerIp: env.LOGIN_MAX_PER_IP ?? DEFAULT_LOGIN_LIMITS.maxPerIp,
			maxPerAccount: env.LOGIN_MAX_PER_ACCOUNT ?? DEFAULT_LOGIN_LIMITS.maxPerAccount
		},
		operatorPassword: env.ACCORDO_OPERATOR_PASSWORD,
		sfu: sfuConfigFrom(env, ctx),
		turn: turnConfigFrom(env, ctx),
		sfuServer: {
			port: env.SFU_PORT ?? SFU_DEFAULTS.port,
			host: env.SFU_HOST ?? SFU_DEFAULTS.host,
			allowedOrigins: env.SFU_ALLOWED_ORIGINS ?? origins
		},
		collab: {
			port: env.COLLAB_PORT ?? COLLAB_DEFAULTS.port,
			host: env.COLLAB_HOST ?? COLLAB_DEFAULTS.host,
			allowedOrigins: env.COLLAB_ALLOWED_ORIGINS ?? origins
		}
	};
});

function firmaConfigFrom(
	env: { FIRMA_PROVIDER?: 'nessuno' | 'locale'; FIRMA_PROVIDER_DIR?: string; FIRMA_TSA_URL?: string; FIRMA_PROVIDER_TIMEOUT?: number },
	ctx: z.RefinementCtx
): FirmaConfig {
	const provider = env.FIRMA_PROVIDER ?? 'nessuno';
	if (provider === 'locale' && !env.FIRMA_PROVIDER_DIR)
		ctx.addIssue({
			code: 'custom',
			path: ['FIRMA_PROVIDER_DIR'],
			message: bilingual('FIRMA_PROVIDER=locale needs FIRMA_PROVIDER_DIR', 'FIRMA_PROVIDER=locale richiede FIRMA_PROVIDER_DIR')
		});
	return {
		provider,
		providerDir: env.FIRMA_PROVIDER_DIR ?? null,
		tsaUrl: env.FIRMA_TSA_URL ?? null,
		providerTimeoutMs: (env.FIRMA_PROVIDER_TIMEOUT ?? 30) * 1000
	};
}

const SECRET_VARIABLES: ReadonlySet<string> = new Set(Object.entries(ENV_DOCS).flatMap(([name, d]) => (d.secret ? [name] : [])));

export class ConfigError extends Error {
	override name = 'ConfigError';
}

/** Parses the whole environment once; throws ConfigError listing every bad value in English and Italian. */
export function loadConfig(env: Env = process.env): Config {
	const parsed = schema.safeParse(env);
	if (!parsed.success) {
		throw new ConfigError(
			`Invalid configuration (environment variables) / Configurazione non valida (variabili d'ambiente):\n${formatEnvIssues(parsed.error, env, SECRET_VARIABLES).join('\n')}`
		);
	}
	return parsed.data;
}

/**
 * The configuration of a command-line tool (backup, restore, operator): on a bad value it prints
 * `<name>: <the English and Italian lines>` (then `usage`, if given) and exits with `exitCode`.
 */
export function loadConfigOrExit(name: string, opts: { exitCode?: number; usage?: string } = {}, env: Env = process.env): Config {
	try {
		return loadConfig(env);
	} catch (err) {
		if (!(err instanceof ConfigError)) throw err;
		console.error(`${name}: ${err.message}${opts.usage ? `\n${opts.usage}` : ''}`);
		process.exit(opts.exitCode ?? 1);
	}
}

/** The README's configuration table, rendered from ENV_DOCS (checked by tests/unit/config.test.ts). */
export function renderEnvTable(): string {
	const rows = (Object.entries(ENV_DOCS) as Array<[EnvName, EnvDoc]>).map(([name, d]) => [`\`${name}\``, d.used, d.default, d.meaning]);
	const header = ['variable', 'read by', 'default', 'meaning'];
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
	return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}
