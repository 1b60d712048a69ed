import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDb, openDb, type Db } from '#db/client.ts';
import { migrateDb } from '#db/migrate.ts';
import { createSession, generateSessionToken, SESSION_COOKIE } from '#db/auth/session.ts';
import { hashPassword } from '#db/auth/password.ts';
import { newId } from '#db/shared/ids.ts';
import { memberships, organismi, sedi, users } from '#db/schema.ts';
import { setMembershipSedi } from '#db/auth/memberships.ts';
import type { Role } from '#db/auth/labels.ts';

/** A real SQLite file in a fresh temp directory, migrated. Call cleanup() in afterEach/afterAll. */
export function createTestDb(): { db: Db; path: string; cleanup: () => void } {
	const dir = mkdtempSync(join(tmpdir(), 'accordo-test-'));
	const path = join(dir, 'test.db');
	const db = openDb(path);
	migrateDb(db);
	return {
		db,
		path,
		cleanup: () => {
			closeDb(db);
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

export function createOrganismo(db: Db, opts: { denominazione?: string; slug?: string } = {}): { organismoId: string; sedeId: string } {
	const organismoId = newId();
	const sedeId = newId();
	db.insert(organismi)
		.values({
			id: organismoId,
			denominazione: opts.denominazione ?? 'Organismo di prova',
			numeroRegistro: '9999',
			slug: opts.slug ?? organismoId.toLowerCase()
		})
		.run();
	db.insert(sedi)
		.values({ id: sedeId, organismoId, nome: 'Sede di prova', indirizzo: 'Via Roma 1', comune: 'Milano', provincia: 'MI' })
		.run();
	return { organismoId, sedeId };
}

let cheapHash: Promise<string> | null = null;

/**
 * Inserts a person with one membership (role in the Organismo); password "password-di-prova" unless
 * given (hashed once and reused: argon2 is slow). `sedeIds` limits a segreteria to those sedi.
 */
export async function createUser(
	db: Db,
	organismoId: string,
	role: Role,
	opts: { email?: string; password?: string; nome?: string; cognome?: string; sedeIds?: string[] } = {}
) {
	const id = newId();
	const passwordHash = opts.password ? await hashPassword(opts.password) : await (cheapHash ??= hashPassword('password-di-prova'));
	const email = opts.email ?? `${role}.${id}@prova.it`;
	db.insert(users)
		.values({ id, email, nome: opts.nome ?? 'Nome', cognome: opts.cognome ?? role, passwordHash })
		.run();
	const membershipId = addMembership(db, id, organismoId, role, opts.sedeIds);
	// An access-rule actor of the user too (kind 'user'), so tests pass it to repos directly.
	return { kind: 'user' as const, id, email, role, organismoId, membershipId };
}

/** Gives an existing person a membership in another Organismo. */
export function addMembership(db: Db, userId: string, organismoId: string, role: Role, sedeIds: string[] = []): string {
	const membershipId = newId();
	db.insert(memberships).values({ id: membershipId, userId, organismoId, role }).run();
	if (sedeIds.length) setMembershipSedi(db, membershipId, sedeIds);
	return membershipId;
}

/** Creates a session for the user (in `membershipId`, or their only one) and returns the Cookie header value that carries it. */
export function sessionCookieFor(db: Db, userId: string, membershipId?: string): string {
	const token = generateSessionToken();
	createSession(db, token, userId, Date.now(), membershipId ? { membershipId } : {});
	return `${SESSION_COOKIE}=${token}`;
}
