import { createHmac, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { writeTransaction, type Db } from '../client.ts';
import { newId } from '../shared/ids.ts';
import { chiaviOrganismo, type CHIAVE_SCOPI } from './schema.ts';

// Each Organismo signs with its own HMAC keys (guest links today), so one Organismo's key can never
// sign for another and a key can be rotated or retired for one Organismo alone. Tokens carry the
// key id: after `rotateKey` the new key signs while the old one still verifies until `retireKey`.

export type ChiaveScopo = (typeof CHIAVE_SCOPI)[number];

export interface OrganismoKey {
	/** Key id, written into each token. */
	kid: string;
	organismoId: string;
	key: Buffer;
}

/**
 * The installation secret (ACCORDO_SECRET, optional, at least 32 characters; read by the caller) is
 * mixed into every key: with it set, the database alone (a stolen backup) is not enough to sign a link.
 */
function material(row: { id: string; scopo: string; valore: string }, installationSecret: string | undefined): Buffer {
	const raw = Buffer.from(row.valore, 'base64url');
	const secret = installationSecret?.trim();
	if (!secret) return raw;
	if (secret.length < 32) throw new Error('ACCORDO_SECRET must be at least 32 characters long');
	return createHmac('sha256', secret).update(`${row.scopo}:${row.id}:`).update(raw).digest();
}

const toKey = (row: typeof chiaviOrganismo.$inferSelect, secret: string | undefined): OrganismoKey => ({
	kid: row.id,
	organismoId: row.organismoId,
	key: material(row, secret)
});

function newest(db: Db, organismoId: string, scopo: ChiaveScopo) {
	return db
		.select()
		.from(chiaviOrganismo)
		.where(and(eq(chiaviOrganismo.organismoId, organismoId), eq(chiaviOrganismo.scopo, scopo), isNull(chiaviOrganismo.retiredAt)))
		.orderBy(desc(chiaviOrganismo.createdAt), desc(chiaviOrganismo.id))
		.get();
}

function insertKey(db: Db, organismoId: string, scopo: ChiaveScopo, now: Date) {
	const row = { id: newId(), organismoId, scopo, valore: randomBytes(32).toString('base64url'), createdAt: now };
	db.insert(chiaviOrganismo).values(row).run();
	return { ...row, retiredAt: null };
}

/** The key that signs new tokens of the Organismo (its newest active one, created at first use). */
export function signingKey(db: Db, organismoId: string, scopo: ChiaveScopo, secret: string | undefined): OrganismoKey {
	const row =
		newest(db, organismoId, scopo) ??
		writeTransaction(db, () => newest(db, organismoId, scopo) ?? insertKey(db, organismoId, scopo, new Date()));
	return toKey(row, secret);
}

/** The key with this id, if it exists for that purpose and is not retired (the verifier's look-up). */
export function verificationKey(db: Db, kid: string, scopo: ChiaveScopo, secret: string | undefined): OrganismoKey | null {
	const row = db
		.select()
		.from(chiaviOrganismo)
		.where(and(eq(chiaviOrganismo.id, kid), eq(chiaviOrganismo.scopo, scopo), isNull(chiaviOrganismo.retiredAt)))
		.get();
	return row ? toKey(row, secret) : null;
}

/** A new signing key for the Organismo; the previous ones keep verifying until retired. Returns the new key id. */
export function rotateKey(db: Db, organismoId: string, scopo: ChiaveScopo, now = new Date()): string {
	return writeTransaction(db, () => {
		const latest = newest(db, organismoId, scopo);
		// Strictly after the current newest, so "newest" is unambiguous even within one millisecond.
		const at = latest && latest.createdAt.getTime() >= now.getTime() ? new Date(latest.createdAt.getTime() + 1) : now;
		return insertKey(db, organismoId, scopo, at).id;
	});
}

/** Retires every key of the Organismo for that purpose except the newest: tokens they signed stop working. */
export function retireOlderKeys(db: Db, organismoId: string, scopo: ChiaveScopo, now = new Date()): number {
	return writeTransaction(db, () => {
		const keep = newest(db, organismoId, scopo);
		if (!keep) return 0;
		const older = db
			.select({ id: chiaviOrganismo.id })
			.from(chiaviOrganismo)
			.where(and(eq(chiaviOrganismo.organismoId, organismoId), eq(chiaviOrganismo.scopo, scopo), isNull(chiaviOrganismo.retiredAt)))
			.all()
			.filter((r) => r.id !== keep.id);
		for (const r of older) db.update(chiaviOrganismo).set({ retiredAt: now }).where(eq(chiaviOrganismo.id, r.id)).run();
		return older.length;
	});
}

/** The Organismo's keys for that purpose, newest first, without their values (for an admin or operator view). */
export function listKeys(db: Db, organismoId: string, scopo: ChiaveScopo) {
	return db
		.select({ kid: chiaviOrganismo.id, createdAt: chiaviOrganismo.createdAt, retiredAt: chiaviOrganismo.retiredAt })
		.from(chiaviOrganismo)
		.where(and(eq(chiaviOrganismo.organismoId, organismoId), eq(chiaviOrganismo.scopo, scopo)))
		.orderBy(desc(chiaviOrganismo.createdAt))
		.all();
}
