import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, lte, sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import type { Db } from '../client.ts';
import { preparedQuery } from '../statements.ts';
import { memberships, sessions, users } from '../schema.ts';
import type { Role } from './labels.ts';
import { defaultMembershipId } from './memberships.ts';

// Sessions the Lucia way (lucia-auth.com, "Sessions"): a random token goes to the cookie, only its
// SHA-256 is stored; 30-day expiry, extended when fewer than 15 days remain (sliding).
export const SESSION_COOKIE = 'accordo_session';
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
export const SESSION_RENEW_MS = 15 * 24 * 60 * 60 * 1000;

/**
 * The person working in their current Organismo: the account (id = the person's user id, e-mail,
 * name) with the role of the session's current membership. Every access rule takes this.
 */
export interface SessionUser {
	id: string;
	organismoId: string;
	membershipId: string;
	email: string;
	nome: string;
	cognome: string;
	role: Role;
}
/** The signed-in person, whatever Organismo they are in (or none yet: picker, platform operator). */
export interface SessionAccount {
	id: string;
	email: string;
	nome: string;
	cognome: string;
	operatore: boolean;
}
export interface Session {
	id: string;
	userId: string;
	membershipId: string | null;
	expiresAt: Date;
}
/** `user` is null while no active membership is selected (the person picks one, or is an operator). */
export type SessionValidation =
	| { session: Session; account: SessionAccount; user: SessionUser | null; renewed: boolean }
	| { session: null; account: null; user: null; renewed: false };

export function generateSessionToken(): string {
	return encodeBase32LowerCaseNoPadding(randomBytes(20));
}

export function sessionIdFromToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/**
 * Opens a session. Without `membershipId` the session starts in the person's only active
 * membership, or in none when they have several (they pick one) or none.
 */
export function createSession(
	db: Db,
	token: string,
	userId: string,
	now = Date.now(),
	opts: { membershipId?: string | null } = {}
): Session {
	const session: Session = {
		id: sessionIdFromToken(token),
		userId,
		membershipId: opts.membershipId === undefined ? defaultMembershipId(db, userId) : opts.membershipId,
		expiresAt: new Date(now + SESSION_TTL_MS)
	};
	db.insert(sessions)
		.values({ ...session, createdAt: new Date(now) })
		.run();
	return session;
}

const TOKEN_SHAPE = /^[a-z2-7]{32}$/;

export function validateSessionToken(db: Db, token: string, now = Date.now()): SessionValidation {
	const none = { session: null, account: null, user: null, renewed: false } as const;
	if (!TOKEN_SHAPE.test(token)) return none; // tampered or foreign cookie: no DB lookup
	const id = sessionIdFromToken(token);
	const row = preparedQuery(db, 'session.validate', (d) =>
		d
			.select({
				session: { id: sessions.id, userId: sessions.userId, membershipId: sessions.membershipId, expiresAt: sessions.expiresAt },
				account: {
					id: users.id,
					email: users.email,
					nome: users.nome,
					cognome: users.cognome,
					operatore: users.operatore,
					active: users.active
				},
				// The current membership, only when it is the session's person's and still active.
				membership: { id: memberships.id, organismoId: memberships.organismoId, role: memberships.role }
			})
			.from(sessions)
			.innerJoin(users, eq(sessions.userId, users.id))
			.leftJoin(
				memberships,
				and(eq(memberships.id, sessions.membershipId), eq(memberships.userId, sessions.userId), eq(memberships.active, true))
			)
			.where(eq(sessions.id, sql.placeholder('id')))
			.prepare()
	).get({ id });
	if (!row) return none;
	const { active, ...account } = row.account;
	if (!active || now >= row.session.expiresAt.getTime()) {
		db.delete(sessions).where(eq(sessions.id, id)).run();
		return none;
	}
	const session = row.session;
	let renewed = false;
	if (session.expiresAt.getTime() - now < SESSION_RENEW_MS) {
		session.expiresAt = new Date(now + SESSION_TTL_MS);
		db.update(sessions).set({ expiresAt: session.expiresAt }).where(eq(sessions.id, id)).run();
		renewed = true;
	}
	const m = row.membership;
	const user: SessionUser | null = m
		? {
				id: account.id,
				organismoId: m.organismoId,
				membershipId: m.id,
				email: account.email,
				nome: account.nome,
				cognome: account.cognome,
				role: m.role
			}
		: null;
	return { session, account, user, renewed };
}

/** Moves the session to another of the person's active memberships; false when it is not theirs. */
export function selectSessionMembership(db: Db, session: Pick<Session, 'id' | 'userId'>, membershipId: string): boolean {
	const m = db
		.select({ id: memberships.id })
		.from(memberships)
		.where(and(eq(memberships.id, membershipId), eq(memberships.userId, session.userId), eq(memberships.active, true)))
		.get();
	if (!m) return false;
	return db.update(sessions).set({ membershipId }).where(eq(sessions.id, session.id)).run().changes === 1;
}

/** Ends the sessions working in one membership (its role changed or it was deactivated). */
export function invalidateMembershipSessions(db: Db, membershipId: string): number {
	return db.delete(sessions).where(eq(sessions.membershipId, membershipId)).run().changes;
}

export function invalidateSession(db: Db, sessionId: string): void {
	db.delete(sessions).where(eq(sessions.id, sessionId)).run();
}

export function invalidateUserSessions(db: Db, userId: string): number {
	return db.delete(sessions).where(eq(sessions.userId, userId)).run().changes;
}

/** Housekeeping: sessions past their expiry can never be used again (validation refuses them). */
export function deleteExpiredSessions(db: Db, now = Date.now()): number {
	return db
		.delete(sessions)
		.where(lte(sessions.expiresAt, new Date(now)))
		.run().changes;
}

/** Reads one cookie from a raw Cookie header (for the sfu and collab upgrade requests). */
export function readCookie(header: string | undefined, name: string): string | null {
	if (!header) return null;
	for (const part of header.split(';')) {
		const eqAt = part.indexOf('=');
		if (eqAt < 0) continue;
		if (part.slice(0, eqAt).trim() === name) {
			try {
				return decodeURIComponent(part.slice(eqAt + 1).trim());
			} catch {
				return null;
			}
		}
	}
	return null;
}

/** Session check for non-SvelteKit entry points (socket.io handshake, WebSocket upgrade). */
export function userFromCookieHeader(db: Db, cookieHeader: string | undefined): SessionUser | null {
	const token = readCookie(cookieHeader, SESSION_COOKIE);
	return token ? validateSessionToken(db, token).user : null;
}
