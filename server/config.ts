import { z } from 'zod';
import { DEFAULT_DATABASE_URL } from '#db/client.ts';

const schema = z.object({
	PORT: z.coerce.number().int().min(0).max(65535).default(3000),
	HOST: z.string().min(1).default('127.0.0.1'),
	DATABASE_URL: z.string().min(1).default(DEFAULT_DATABASE_URL),
	ORIGIN: z.url().optional(),
	ACCORDO_SEED: z.enum(['demo', 'none']).default('demo'),
	/** AES-256 key of the mail accounts' credentials (db/comunicazioni/secret.ts); without it nothing is sent. */
	ACCORDO_CREDENTIALS_KEY: z.string().optional(),
	ACCORDO_MAIL_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
	ACCORDO_JOBS: z.enum(['on', 'off']).default('on'),
	BACKUP_DIR: z.string().min(1).optional(),
	BACKUP_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
	BACKUP_CRON: z.string().min(1).default('30 2 * * *')
});

export type ServerConfig = z.infer<typeof schema>;

export class ConfigError extends Error {}

/** Reads the web process settings from the environment; explains bad values in plain English. */
export function loadServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
	const parsed = schema.safeParse(env);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
		throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
	}
	return parsed.data;
}
