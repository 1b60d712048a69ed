import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Guest link token: `kid.body.sig`, with `body = base64url(JSON payload)` and `sig =
 * base64url(HMAC-SHA-256(key, "kid.body"))`, signed with the Organismo's key `kid`
 * (db/organismi/keys.ts). The payload binds the invitation (one person), the stanza and the expiry;
 * the signature makes it unforgeable, and the invitation row (checked by the caller, with the key's
 * Organismo) makes it revocable. Links made before per-Organismo keys (`body.sig`, one key for the
 * installation) still verify with that legacy key while it exists.
 */
export interface GuestTokenPayload {
	/** Invitation id (stanza_inviti.id). */
	i: string;
	/** Stanza id. */
	s: string;
	/** Expiry, milliseconds since the epoch. */
	e: number;
}

/** A signing key: its id (null = the legacy installation key, no id in the token) and bytes. */
export interface GuestLinkKey {
	kid: string | null;
	key: Buffer;
}

const PayloadSchema = z.object({ i: z.string().min(1).max(64), s: z.string().min(1).max(64), e: z.number().int().positive() });
const PART = /^[A-Za-z0-9_-]+$/;

export type GuestTokenCheck =
	{ ok: true; payload: GuestTokenPayload; kid: string | null } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

function sign(secret: Buffer, signed: string): Buffer {
	return createHmac('sha256', secret).update(signed).digest();
}

export function signGuestToken(key: GuestLinkKey, payload: GuestTokenPayload): string {
	const body = Buffer.from(JSON.stringify({ i: payload.i, s: payload.s, e: payload.e }), 'utf8').toString('base64url');
	const signed = key.kid === null ? body : `${key.kid}.${body}`;
	return `${signed}.${sign(key.key, signed).toString('base64url')}`;
}

/** Checks a token; `keyFor(kid)` gives the key of that id (null kid = legacy), or null when unknown or retired. */
export function verifyGuestToken(keyFor: (kid: string | null) => Buffer | null, token: unknown, now = Date.now()): GuestTokenCheck {
	if (typeof token !== 'string' || token.length > 512) return { ok: false, reason: 'malformed' };
	const parts = token.split('.');
	if ((parts.length !== 2 && parts.length !== 3) || !parts.every((p) => PART.test(p))) return { ok: false, reason: 'malformed' };
	const kid = parts.length === 3 ? parts[0] : null;
	if (kid !== null && kid.length > 64) return { ok: false, reason: 'malformed' };
	const body = parts[parts.length - 2];
	const key = keyFor(kid);
	if (!key) return { ok: false, reason: 'signature' };
	const expected = sign(key, parts.slice(0, -1).join('.'));
	const given = Buffer.from(parts[parts.length - 1], 'base64url');
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
	let json: unknown;
	try {
		json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
	} catch {
		return { ok: false, reason: 'malformed' };
	}
	const parsed = PayloadSchema.safeParse(json);
	if (!parsed.success) return { ok: false, reason: 'malformed' };
	if (parsed.data.e <= now) return { ok: false, reason: 'expired' };
	return { ok: true, payload: parsed.data, kid };
}
