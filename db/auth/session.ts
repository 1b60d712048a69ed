import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { eq, lte, sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import type { Db } from '../client.ts';
import { preparedQuery } from '../statements.ts';
import { sessions, users } from '../schema.ts';
import type { Role } from './roles.ts';

// Sessions the Lucia way (lucia-auth.com, "Sessions"): a random token goes to the cookie, only its
// SHA-256 is stored; 30-day expiry, extended when fewer than 15 days remain (sliding).
export const SESSION_COOKIE = 'accordo_session';
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
export const SESSION_RENEW_MS = 15 * 24 * 60 * 60 * 1000;

export interface SessionUser {
	id: string;
	organismoId: string;
	email: string;
	nome: string;
	cognome: string;
	role: Role;
}
export interface Session {
	id: string;
	userId: string;
	expiresAt: Date;
}
export type SessionValidation = { session: Session; user: SessionUser; renewed: boolean } | { session: null; user: null; renewed: false };

export function generateSessionToken(): string {
	return encodeBase32LowerCaseNoPadding(randomBytes(20));
}

export function sessionIdFromToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export function createSession(db: Db, token: string, userId: string, now = Date.now()): Session {
	const session: Session = {
		id: sessionIdFromToken(token),
		userId,
		expiresAt: new Date(now + SESSION_TTL_MS)
	};
	db.insert(sessions)
		.values({ ...session, createdAt: new Date(now) })
		.run();
	return session;
}

const TOKEN_SHAPE = /^[a-z2-7]{32}$/;

export function validateSessionToken(db: Db, token: string, now = Date.now()): SessionValidation {
	const none = { session: null, user: null, renewed: false } as const;
	if (!TOKEN_SHAPE.test(token)) return none; // tampered or foreign cookie: no DB lookup
	const id = sessionIdFromToken(token);
	const row = preparedQuery(db, 'session.validate', (d) =>
		d
			.select({
				session: { id: sessions.id, userId: sessions.userId, expiresAt: sessions.expiresAt },
				user: {
					id: users.id,
					organismoId: users.organismoId,
					email: users.email,
					nome: users.nome,
					cognome: users.cognome,
					role: users.role,
					active: users.active
				}
			})
			.from(sessions)
			.innerJoin(users, eq(sessions.userId, users.id))
			.where(eq(sessions.id, sql.placeholder('id')))
			.prepare()
	).get({ id });
	if (!row) return none;
	const { active, ...user } = row.user;
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
	return { session, user, renewed };
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
