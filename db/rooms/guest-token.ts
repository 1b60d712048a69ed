import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Guest link token: `base64url(JSON payload) + "." + base64url(HMAC-SHA-256(payload))`.
 * The payload binds the invitation (one person), the stanza and the expiry; the signature makes it
 * unforgeable, and the invitation row (checked by the caller) makes it revocable.
 */
export interface GuestTokenPayload {
	/** Invitation id (stanza_inviti.id). */
	i: string;
	/** Stanza id. */
	s: string;
	/** Expiry, milliseconds since the epoch. */
	e: number;
}

const PayloadSchema = z.object({ i: z.string().min(1).max(64), s: z.string().min(1).max(64), e: z.number().int().positive() });

export type GuestTokenCheck = { ok: true; payload: GuestTokenPayload } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

function sign(secret: Buffer, body: string): Buffer {
	return createHmac('sha256', secret).update(body).digest();
}

export function signGuestToken(secret: Buffer, payload: GuestTokenPayload): string {
	const body = Buffer.from(JSON.stringify({ i: payload.i, s: payload.s, e: payload.e }), 'utf8').toString('base64url');
	return `${body}.${sign(secret, body).toString('base64url')}`;
}

export function verifyGuestToken(secret: Buffer, token: unknown, now = Date.now()): GuestTokenCheck {
	if (typeof token !== 'string' || token.length > 512) return { ok: false, reason: 'malformed' };
	const parts = token.split('.');
	if (parts.length !== 2 || !/^[A-Za-z0-9_-]+$/.test(parts[0]) || !/^[A-Za-z0-9_-]+$/.test(parts[1]))
		return { ok: false, reason: 'malformed' };
	const expected = sign(secret, parts[0]);
	const given = Buffer.from(parts[1], 'base64url');
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
	let json: unknown;
	try {
		json = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
	} catch {
		return { ok: false, reason: 'malformed' };
	}
	const parsed = PayloadSchema.safeParse(json);
	if (!parsed.success) return { ok: false, reason: 'malformed' };
	if (parsed.data.e <= now) return { ok: false, reason: 'expired' };
	return { ok: true, payload: parsed.data };
}
