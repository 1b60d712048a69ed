import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { writeTransaction, type Db } from '../client.ts';
import { segretiServer } from '../schema.ts';

const GUEST_LINK_SECRET = 'stanza_guest_link_hmac';

/**
 * The HMAC key of the guest links: ACCORDO_SECRET when set (at least 32 characters), otherwise a
 * random 256-bit key generated at first use and kept in `segreti_server`, so links survive restarts.
 */
export function guestLinkSecret(db: Db, env: Record<string, string | undefined> = process.env): Buffer {
	const fromEnv = env.ACCORDO_SECRET?.trim();
	if (fromEnv) {
		if (fromEnv.length < 32) throw new Error('ACCORDO_SECRET must be at least 32 characters long');
		return Buffer.from(`guest-link:${fromEnv}`, 'utf8');
	}
	return writeTransaction(db, () => {
		const row = db.select().from(segretiServer).where(eq(segretiServer.nome, GUEST_LINK_SECRET)).get();
		if (row) return Buffer.from(row.valore, 'base64url');
		const value = randomBytes(32).toString('base64url');
		db.insert(segretiServer).values({ nome: GUEST_LINK_SECRET, valore: value }).run();
		return Buffer.from(value, 'base64url');
	});
}
