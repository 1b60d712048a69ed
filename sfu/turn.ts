import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { bilingual, blankToUndefined, formatEnvIssues, optionalText, type Env } from '#db/shared/env.ts';
import type { IceServerInfo } from '#protocol/signalling.ts';

/**
 * Optional TURN server handed to browsers (see docs/sfu.md):
 *
 * | Variable            | Meaning                                                                   |
 * |---------------------|---------------------------------------------------------------------------|
 * | SFU_TURN_URLS       | comma-separated, e.g. `turn:turn.example.it:3478?transport=udp,turns:...` |
 * | SFU_TURN_SECRET     | coturn `static-auth-secret`: time-limited credentials per peer (preferred) |
 * | SFU_TURN_USERNAME   | static username (when no secret)                                          |
 * | SFU_TURN_CREDENTIAL | static password (when no secret)                                          |
 */
export interface TurnConfig {
	urls: string[];
	secret?: string;
	username?: string;
	credential?: string;
	/** Lifetime of the time-limited credentials, seconds (12 h). */
	ttlSeconds: number;
}

/** The TURN variables; part of the one environment schema (server/config.ts). */
export const TURN_ENV = {
	SFU_TURN_URLS: z.preprocess(
		blankToUndefined,
		z
			.string()
			.transform((s) =>
				s
					.split(',')
					.map((u) => u.trim())
					.filter(Boolean)
			)
			.refine(
				(urls) => urls.every((u) => /^turns?:[^\s]+$/.test(u)),
				bilingual('SFU_TURN_URLS must list turn: or turns: URLs', 'SFU_TURN_URLS deve elencare URL turn: o turns:')
			)
			.optional()
	),
	SFU_TURN_SECRET: optionalText(),
	SFU_TURN_USERNAME: optionalText(),
	SFU_TURN_CREDENTIAL: optionalText()
};

type TurnEnvValues = z.output<z.ZodObject<typeof TURN_ENV>>;

/** The TURN configuration (null without SFU_TURN_URLS), with the check that credentials are given. */
export function turnConfigFrom(env: TurnEnvValues, ctx: z.RefinementCtx): TurnConfig | null {
	const urls = env.SFU_TURN_URLS ?? [];
	if (urls.length === 0) return null;
	if (!env.SFU_TURN_SECRET && !(env.SFU_TURN_USERNAME && env.SFU_TURN_CREDENTIAL)) {
		ctx.addIssue({
			code: 'custom',
			message: bilingual(
				'SFU_TURN_URLS is set: set SFU_TURN_SECRET, or SFU_TURN_USERNAME and SFU_TURN_CREDENTIAL',
				'SFU_TURN_URLS è impostato: imposta SFU_TURN_SECRET, oppure SFU_TURN_USERNAME e SFU_TURN_CREDENTIAL'
			)
		});
	}
	return {
		urls,
		secret: env.SFU_TURN_SECRET,
		username: env.SFU_TURN_USERNAME,
		credential: env.SFU_TURN_CREDENTIAL,
		ttlSeconds: 12 * 3600
	};
}

/** Parses only the TURN variables (tools, tests); throws with the English and Italian reasons. */
export function loadTurnConfig(env: Env): TurnConfig | null {
	const result = z.object(TURN_ENV).transform(turnConfigFrom).safeParse(env);
	if (!result.success) throw new Error(`Invalid TURN configuration:\n${formatEnvIssues(result.error, env).join('\n')}`);
	return result.data;
}

/** The iceServers for one peer: coturn REST credentials (`<expiry>:<peer>` + HMAC-SHA1) or static ones. */
export function iceServersFor(turn: TurnConfig | null, peerId: string, now = Date.now()): IceServerInfo[] {
	if (!turn) return [];
	if (turn.secret) {
		const username = `${Math.floor(now / 1000) + turn.ttlSeconds}:${peerId}`;
		const credential = createHmac('sha1', turn.secret).update(username).digest('base64');
		return [{ urls: turn.urls, username, credential }];
	}
	return [{ urls: turn.urls, username: turn.username, credential: turn.credential }];
}
