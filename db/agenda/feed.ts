import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { appendAudit } from '../audit/repo.ts';
import { writeTransaction, type Db } from '../client.ts';
import { sha256Hex } from '../shared/hash.ts';
import type { UserActor } from '../access/index.ts';
import { loadActor } from '../access/load.ts';
import { icsFeed, memberships, users } from '../schema.ts';

/**
 * Calendar feed per membership at a secret URL (/ics/<token>.ics): a person working for two
 * Organismi has one feed in each, each with only that Organismo's meetings. Only the SHA-256 of the
 * token is stored: the URL is shown once, when created; creating a new one replaces (revokes) the old one.
 */

/** Whose feed: the person in one membership (the session's current one). */
export interface FeedOwner {
	id: string;
	organismoId: string;
	membershipId: string;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function creaFeed(db: Db, user: FeedOwner): string {
	const token = randomBytes(32).toString('base64url');
	writeTransaction(db, () => {
		db.insert(icsFeed)
			.values({ membershipId: user.membershipId, userId: user.id, tokenHash: sha256Hex(token), createdAt: new Date() })
			.onConflictDoUpdate({ target: icsFeed.membershipId, set: { tokenHash: sha256Hex(token), createdAt: new Date() } })
			.run();
		appendAudit(db, {
			action: 'agenda.feed_creato',
			organismoId: user.organismoId,
			actorId: user.id,
			entityType: 'user',
			entityId: user.id
		});
	});
	return token;
}

export function revocaFeed(db: Db, user: FeedOwner): boolean {
	return writeTransaction(db, () => {
		const n = db.delete(icsFeed).where(eq(icsFeed.membershipId, user.membershipId)).run().changes;
		if (n)
			appendAudit(db, {
				action: 'agenda.feed_revocato',
				organismoId: user.organismoId,
				actorId: user.id,
				entityType: 'user',
				entityId: user.id
			});
		return n > 0;
	});
}

export function statoFeed(db: Db, membershipId: string): { attivo: boolean; createdAt: Date | null } {
	const row = db.select({ createdAt: icsFeed.createdAt }).from(icsFeed).where(eq(icsFeed.membershipId, membershipId)).get();
	return { attivo: Boolean(row), createdAt: row?.createdAt ?? null };
}

/**
 * The active user of a feed token, or null (unknown, revoked, the account disabled or the membership
 * no longer active), with the Organismo and role of the membership the feed belongs to.
 */
export function utenteDaFeed(db: Db, token: string) {
	if (!TOKEN.test(token)) return null;
	const row = db
		.select({
			id: users.id,
			organismoId: memberships.organismoId,
			role: memberships.role,
			membershipId: memberships.id,
			active: users.active
		})
		.from(icsFeed)
		.innerJoin(users, eq(icsFeed.userId, users.id))
		.innerJoin(memberships, and(eq(memberships.id, icsFeed.membershipId), eq(memberships.userId, users.id), eq(memberships.active, true)))
		.where(eq(icsFeed.tokenHash, sha256Hex(token)))
		.get();
	return row && row.active ? row : null;
}

/**
 * The access-rule Actor of a feed token, or null: the same actor a session would give, sede
 * restriction of a segreteria included (a Milano-only segreteria's feed has no Roma meetings).
 */
export function attoreDaFeed(db: Db, token: string): UserActor | null {
	const user = utenteDaFeed(db, token);
	return user ? loadActor(db, { id: user.id, organismoId: user.organismoId, membershipId: user.membershipId, role: user.role }) : null;
}
