import { createHmac } from 'node:crypto';
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

export function loadTurnConfig(env: Record<string, string | undefined> = process.env): TurnConfig | null {
	const urls = (env.SFU_TURN_URLS ?? '')
		.split(',')
		.map((u) => u.trim())
		.filter(Boolean);
	if (urls.length === 0) return null;
	const bad = urls.find((u) => !/^turns?:[^\s]+$/.test(u));
	if (bad) throw new Error(`SFU_TURN_URLS: "${bad}" is not a turn: or turns: URL`);
	const secret = env.SFU_TURN_SECRET?.trim() || undefined;
	if (!secret && !(env.SFU_TURN_USERNAME && env.SFU_TURN_CREDENTIAL))
		throw new Error('SFU_TURN_URLS is set: set SFU_TURN_SECRET, or SFU_TURN_USERNAME and SFU_TURN_CREDENTIAL');
	return { urls, secret, username: env.SFU_TURN_USERNAME, credential: env.SFU_TURN_CREDENTIAL, ttlSeconds: 12 * 3600 };
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
