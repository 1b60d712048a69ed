import { availableParallelism } from 'node:os';
import type { WorkerLogLevel } from 'mediasoup/types';
import { z } from 'zod';
import { bilingual, blankToUndefined, formatEnvIssues, oneOf, optionalText, originList, wholeNumber, type Env } from '#db/shared/env.ts';

/**
 * SFU configuration: defaults plus environment overrides, validated at boot so that a typo fails
 * fast with a plain English and Italian message instead of a broken call later. The fields are part
 * of the one environment schema (server/config.ts, listed in the README); loadSfuConfig() parses
 * only them (tests, tools).
 *
 * | Variable              | Default               | Meaning                                               |
 * |-----------------------|-----------------------|-------------------------------------------------------|
 * | SFU_WORKERS           | CPU cores             | mediasoup worker processes (one core each)            |
 * | SFU_LISTEN_IP         | 127.0.0.1             | local address the RTC sockets bind to                 |
 * | SFU_ANNOUNCED_ADDRESS | (none)                | public IP or hostname put in ICE candidates (NAT)     |
 * | RTC_MIN_PORT          | 40000                 | first UDP/TCP port for media                          |
 * | RTC_MAX_PORT          | 40999                 | last port for media (split evenly between workers)    |
 * | SFU_LOG_LEVEL         | warn                  | mediasoup worker log level: debug, warn, error, none  |
 */
export interface SfuConfig {
	workers: number;
	listenIp: string;
	announcedAddress: string | undefined;
	rtcMinPort: number;
	rtcMaxPort: number;
	logLevel: WorkerLogLevel;
}

/** Standalone process only (sfu/main.ts): where its own HTTP server listens. */
export interface SfuServerConfig {
	/** SFU_PORT, default 3001; 0 picks a free port. */
	port: number;
	/** SFU_HOST, default 127.0.0.1. */
	host: string;
}

export class SfuConfigError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SfuConfigError';
	}
}

export const SFU_DEFAULTS = {
	listenIp: '127.0.0.1',
	rtcMinPort: 40000,
	rtcMaxPort: 40999,
	logLevel: 'warn',
	port: 3001,
	host: '127.0.0.1'
} as const;

const LOG_LEVELS = ['debug', 'warn', 'error', 'none'] as const satisfies readonly WorkerLogLevel[];

const ipAddress = (name: string) =>
	z.preprocess(
		blankToUndefined,
		z
			.union([z.ipv4(), z.ipv6()], {
				error: bilingual(`${name} must be an IPv4 or IPv6 address`, `${name} deve essere un indirizzo IPv4 o IPv6`)
			})
			.optional()
	);

/** The SFU's variables (media); part of the one environment schema (server/config.ts). */
export const SFU_ENV = {
	SFU_WORKERS: wholeNumber('SFU_WORKERS', 1, 256),
	SFU_LISTEN_IP: ipAddress('SFU_LISTEN_IP'),
	SFU_ANNOUNCED_ADDRESS: z.preprocess(
		blankToUndefined,
		z
			.union([z.ipv4(), z.ipv6(), z.hostname()], {
				error: bilingual(
					'SFU_ANNOUNCED_ADDRESS must be a public IP address or a hostname',
					'SFU_ANNOUNCED_ADDRESS deve essere un indirizzo IP pubblico o un nome host'
				)
			})
			.optional()
	),
	RTC_MIN_PORT: wholeNumber('RTC_MIN_PORT', 1024, 65535),
	RTC_MAX_PORT: wholeNumber('RTC_MAX_PORT', 1024, 65535),
	SFU_LOG_LEVEL: oneOf('SFU_LOG_LEVEL', LOG_LEVELS)
};

/** The standalone SFU process's own variables (sfu/main.ts). */
export const SFU_SERVER_ENV = {
	SFU_PORT: wholeNumber('SFU_PORT', 0, 65535),
	SFU_HOST: optionalText(),
	SFU_ALLOWED_ORIGINS: originList('SFU_ALLOWED_ORIGINS')
};

type SfuEnvValues = z.output<z.ZodObject<typeof SFU_ENV>>;

/** The SFU configuration from its parsed variables, with the checks that span several of them. */
export function sfuConfigFrom(env: SfuEnvValues, ctx: z.RefinementCtx): SfuConfig {
	const config: SfuConfig = {
		workers: env.SFU_WORKERS ?? availableParallelism(),
		listenIp: env.SFU_LISTEN_IP ?? SFU_DEFAULTS.listenIp,
		announcedAddress: env.SFU_ANNOUNCED_ADDRESS,
		rtcMinPort: env.RTC_MIN_PORT ?? SFU_DEFAULTS.rtcMinPort,
		rtcMaxPort: env.RTC_MAX_PORT ?? SFU_DEFAULTS.rtcMaxPort,
		logLevel: env.SFU_LOG_LEVEL ?? SFU_DEFAULTS.logLevel
	};
	if (config.rtcMinPort > config.rtcMaxPort) {
		ctx.addIssue({
			code: 'custom',
			message: bilingual(
				`RTC_MIN_PORT (${config.rtcMinPort}) must not be greater than RTC_MAX_PORT (${config.rtcMaxPort})`,
				`RTC_MIN_PORT (${config.rtcMinPort}) non può superare RTC_MAX_PORT (${config.rtcMaxPort})`
			)
		});
	} else if (config.rtcMaxPort - config.rtcMinPort + 1 < config.workers) {
		ctx.addIssue({
			code: 'custom',
			message: bilingual(
				`the port range ${config.rtcMinPort}-${config.rtcMaxPort} is split between the workers and is ` +
					`too small for ${config.workers} workers: widen RTC_MIN_PORT/RTC_MAX_PORT or lower SFU_WORKERS`,
				`l'intervallo di porte ${config.rtcMinPort}-${config.rtcMaxPort} è troppo piccolo per ${config.workers} worker: ` +
					'allarga RTC_MIN_PORT/RTC_MAX_PORT o riduci SFU_WORKERS'
			)
		});
	}
	if ((config.listenIp === '0.0.0.0' || config.listenIp === '::') && !config.announcedAddress) {
		ctx.addIssue({
			code: 'custom',
			message: bilingual(
				`SFU_LISTEN_IP ${config.listenIp} listens on every interface, so SFU_ANNOUNCED_ADDRESS (the address clients reach) is required`,
				`SFU_LISTEN_IP ${config.listenIp} ascolta su tutte le interfacce: serve SFU_ANNOUNCED_ADDRESS (l'indirizzo raggiunto dai client)`
			)
		});
	}
	return config;
}

const SfuEnvSchema = z.object(SFU_ENV).transform(sfuConfigFrom);
const SfuServerEnvSchema = z.object(SFU_SERVER_ENV);

function formatIssues(error: z.ZodError, env: Env): string {
	return `Invalid SFU configuration:\n${formatEnvIssues(error, env).join('\n')}`;
}

/** Reads the SFU configuration from the environment; throws SfuConfigError listing every problem. */
export function loadSfuConfig(env: Env): SfuConfig {
	const result = SfuEnvSchema.safeParse(env);
	if (!result.success) throw new SfuConfigError(formatIssues(result.error, env));
	return result.data;
}

/** Reads SFU_PORT and SFU_HOST for the standalone process; throws SfuConfigError. */
export function loadSfuServerConfig(env: Env): SfuServerConfig {
	const result = SfuServerEnvSchema.safeParse(env);
	if (!result.success) throw new SfuConfigError(formatIssues(result.error, env));
	return {
		port: result.data.SFU_PORT ?? SFU_DEFAULTS.port,
		host: result.data.SFU_HOST ?? SFU_DEFAULTS.host
	};
}
