import { eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { signingKey, verificationKey } from '../organismi/keys.ts';
import { segretiServer } from '../schema.ts';
import type { GuestLinkKey } from './guest-token.ts';

const LEGACY_GUEST_LINK_SECRET = 'stanza_guest_link_hmac';

/** The key that signs the Organismo's new guest links (its own, rotation-friendly: db/organismi/keys.ts). */
export function guestLinkKey(db: Db, organismoId: string, env: Record<string, string | undefined> = process.env): GuestLinkKey {
	const k = signingKey(db, organismoId, 'stanza_link', env.ACCORDO_SECRET);
	return { kid: k.kid, key: k.key };
}

/** The Organismo a key id belongs to and its bytes, or null when unknown or retired. */
export function guestLinkVerificationKey(db: Db, kid: string, env: Record<string, string | undefined> = process.env) {
	return verificationKey(db, kid, 'stanza_link', env.ACCORDO_SECRET);
}

/**
 * The single installation-wide key that signed guest links before each Organismo had its own:
 * ACCORDO_SECRET when set, else the random key kept in `segreti_server` if one was ever generated.
 * Null on installations that never had one (no legacy link can exist there). Never creates one.
 */
export function legacyGuestLinkSecret(db: Db, env: Record<string, string | undefined> = process.env): Buffer | null {
	const fromEnv = env.ACCORDO_SECRET?.trim();
	if (fromEnv) {
		if (fromEnv.length < 32) throw new Error('ACCORDO_SECRET must be at least 32 characters long');
		return Buffer.from(`guest-link:${fromEnv}`, 'utf8');
	}
	const row = db.select().from(segretiServer).where(eq(segretiServer.nome, LEGACY_GUEST_LINK_SECRET)).get();
	return row ? Buffer.from(row.valore, 'base64url') : null;
}
