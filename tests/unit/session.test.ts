import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	createSession,
	generateSessionToken,
	invalidateSession,
	invalidateUserSessions,
	readCookie,
	SESSION_RENEW_MS,
	SESSION_TTL_MS,
	sessionIdFromToken,
	userFromCookieHeader,
	validateSessionToken
} from '#db/auth/session.ts';
import { sessions, users } from '#db/schema.ts';
import { eq } from 'drizzle-orm';
import { createOrganismo, createTestDb, createUser } from '../helpers/db.ts';

let t: ReturnType<typeof createTestDb>;
let userId: string;
beforeEach(async () => {
	t = createTestDb();
	const { organismoId } = createOrganismo(t.db);
	userId = (await createUser(t.db, organismoId, 'segreteria')).id;
});
afterEach(() => t.cleanup());

describe('sessions (Lucia-style)', () => {
	it('stores only the SHA-256 of the token', () => {
		const token = generateSessionToken();
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		const s = createSession(t.db, token, userId);
		const row = t.db.select().from(sessions).where(eq(sessions.id, s.id)).get();
		expect(row?.id).toBe(sessionIdFromToken(token));
		expect(row?.id).not.toContain(token);
		expect(row?.id).toMatch(/^[0-9a-f]{64}$/);
	});

	it('validates a fresh session and returns its user', () => {
		const token = generateSessionToken();
		createSession(t.db, token, userId);
		const v = validateSessionToken(t.db, token);
		expect(v.user?.id).toBe(userId);
		expect(v.user?.role).toBe('segreteria');
		expect(v.renewed).toBe(false);
	});

	it('expires after 30 days and deletes the row', () => {
		const token = generateSessionToken();
		const now = Date.now();
		createSession(t.db, token, userId, now);
		expect(validateSessionToken(t.db, token, now + SESSION_TTL_MS + 1).session).toBeNull();
		expect(t.db.select().from(sessions).all()).toHaveLength(0);
	});

	it('renews (sliding) when fewer than 15 days remain', () => {
		const token = generateSessionToken();
		const now = Date.now();
		createSession(t.db, token, userId, now);
		const later = now + SESSION_TTL_MS - SESSION_RENEW_MS + 1000;
		const v = validateSessionToken(t.db, token, later);
		expect(v.renewed).toBe(true);
		expect(v.session?.expiresAt.getTime()).toBe(later + SESSION_TTL_MS);
		const row = t.db.select().from(sessions).get();
		expect(row?.expiresAt.getTime()).toBe(later + SESSION_TTL_MS);
	});

	it('refuses tampered, unknown and malformed tokens', () => {
		const token = generateSessionToken();
		createSession(t.db, token, userId);
		const tampered = (token[0] === 'a' ? 'b' : 'a') + token.slice(1);
		expect(validateSessionToken(t.db, tampered).user).toBeNull();
		expect(validateSessionToken(t.db, token + 'x').user).toBeNull();
		expect(validateSessionToken(t.db, "'; DROP TABLE sessions; --").user).toBeNull();
		expect(validateSessionToken(t.db, token).user?.id).toBe(userId);
	});

	it('a deactivated user loses the session', () => {
		const token = generateSessionToken();
		createSession(t.db, token, userId);
		t.db.update(users).set({ active: false }).where(eq(users.id, userId)).run();
		expect(validateSessionToken(t.db, token).user).toBeNull();
	});

	it('invalidates one session or all of a user', () => {
		const a = generateSessionToken();
		const b = generateSessionToken();
		const sa = createSession(t.db, a, userId);
		createSession(t.db, b, userId);
		invalidateSession(t.db, sa.id);
		expect(validateSessionToken(t.db, a).user).toBeNull();
		expect(validateSessionToken(t.db, b).user).not.toBeNull();
		expect(invalidateUserSessions(t.db, userId)).toBe(1);
		expect(validateSessionToken(t.db, b).user).toBeNull();
	});

	it('reads the session cookie from a raw Cookie header', () => {
		const token = generateSessionToken();
		createSession(t.db, token, userId);
		expect(readCookie('a=1; accordo_session=xyz; b=2', 'accordo_session')).toBe('xyz');
		expect(readCookie(undefined, 'accordo_session')).toBeNull();
		expect(userFromCookieHeader(t.db, `theme=dark; accordo_session=${token}`)?.id).toBe(userId);
		expect(userFromCookieHeader(t.db, 'accordo_session=%E0%A4%A')).toBeNull();
	});
});
