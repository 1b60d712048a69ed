import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attemptLogin } from '#db/auth/login.ts';
import { attoreDaFeed, creaFeed, revocaFeed } from '#db/agenda/feed.ts';
import { countNonLette, listNotifiche, notify, segnaLette } from '#db/agenda/notifications.ts';
import { getMembershipSedeIds, joinOrganismo, listActiveMemberships } from '#db/auth/memberships.ts';
import {
	createSession,
	generateSessionToken,
	selectSessionMembership,
	sessionIdFromToken,
	validateSessionToken
} from '#db/auth/session.ts';
import { closeDb, openDb } from '#db/client.ts';
import { migrateDb, MIGRATIONS_DIR } from '#db/migrate.ts';
import { memberships } from '#db/schema.ts';
import { eq } from 'drizzle-orm';
import { addMembership, createOrganismo, createTestDb, createUser } from '../helpers/db.ts';

const limits = { windowMs: 60_000, maxPerIp: 50, maxPerAccount: 50 };
let t: ReturnType<typeof createTestDb>;
let a: string;
let b: string;
beforeEach(() => {
	t = createTestDb();
	a = createOrganismo(t.db).organismoId;
	b = createOrganismo(t.db).organismoId;
});
afterEach(() => t.cleanup());

describe('one account, memberships in several Organismi', () => {
	it('the session works in the selected membership only; the person picks and switches', async () => {
		const p = await createUser(t.db, a, 'avvocato', { email: 'avv@studio.it' });
		const mB = addMembership(t.db, p.id, b, 'mediatore');
		const login = await attemptLogin(t.db, { email: 'avv@studio.it', password: 'password-di-prova', ip: '10.0.0.1' }, limits);
		expect(login).toMatchObject({ ok: true, next: 'scegli' });
		if (!login.ok) return;
		// No Organismo picked yet: an account, no actor.
		const before = validateSessionToken(t.db, login.token);
		expect(before.account?.id).toBe(p.id);
		expect(before.user).toBeNull();
		expect(selectSessionMembership(t.db, login.session, p.membershipId)).toBe(true);
		expect(validateSessionToken(t.db, login.token).user).toMatchObject({ id: p.id, organismoId: a, role: 'avvocato' });
		expect(selectSessionMembership(t.db, login.session, mB)).toBe(true);
		expect(validateSessionToken(t.db, login.token).user).toMatchObject({ id: p.id, organismoId: b, role: 'mediatore', membershipId: mB });
		// Somebody else's membership cannot be selected.
		const other = await createUser(t.db, a, 'segreteria');
		expect(selectSessionMembership(t.db, login.session, other.membershipId)).toBe(false);
		expect(validateSessionToken(t.db, login.token).user?.organismoId).toBe(b);
	});

	it("an Organismo's own login page starts the session there; without a membership there it is refused", async () => {
		const p = await createUser(t.db, a, 'avvocato', { email: 'avv@studio.it' });
		addMembership(t.db, p.id, b, 'parte');
		const r = await attemptLogin(t.db, { email: p.email, password: 'password-di-prova', ip: '10.0.0.1', organismoId: b }, limits);
		expect(r).toMatchObject({ ok: true, next: 'organismo' });
		if (r.ok) expect(validateSessionToken(t.db, r.token).user).toMatchObject({ organismoId: b, role: 'parte' });
		const c = createOrganismo(t.db).organismoId;
		expect(
			await attemptLogin(t.db, { email: p.email, password: 'password-di-prova', ip: '10.0.0.1', organismoId: c }, limits)
		).toMatchObject({
			ok: false,
			code: 'forbidden'
		});
	});

	it('deactivating the membership in one Organismo leaves the other one working', async () => {
		const p = await createUser(t.db, a, 'segreteria');
		const mB = addMembership(t.db, p.id, b, 'segreteria');
		const token = generateSessionToken();
		const s = createSession(t.db, token, p.id, Date.now(), { membershipId: p.membershipId });
		t.db.update(memberships).set({ active: false }).where(eq(memberships.id, p.membershipId)).run();
		// The session's membership is no longer active: no actor in A, and A is no longer offered.
		expect(validateSessionToken(t.db, token).user).toBeNull();
		expect(listActiveMemberships(t.db, p.id).map((m) => m.organismoId)).toEqual([b]);
		expect(selectSessionMembership(t.db, s, p.membershipId)).toBe(false);
		expect(selectSessionMembership(t.db, s, mB)).toBe(true);
		expect(validateSessionToken(t.db, token).user?.organismoId).toBe(b);
	});

	it('joining a second Organismo reuses the account (one e-mail, one password) instead of failing on the unique e-mail', async () => {
		const p = await createUser(t.db, a, 'avvocato', { email: 'Avv@Studio.it' });
		const j = joinOrganismo(t.db, { email: 'avv@studio.it', nome: 'X', cognome: 'Y', organismoId: b, role: 'avvocato' });
		expect(j).toMatchObject({ userId: p.id, newAccount: false, newMembership: true });
		const again = joinOrganismo(t.db, { email: 'avv@studio.it', nome: 'X', cognome: 'Y', organismoId: b, role: 'avvocato' });
		expect(again).toMatchObject({ membershipId: j.membershipId, newMembership: false });
		const fresh = joinOrganismo(t.db, { email: 'nuovo@studio.it', nome: 'N', cognome: 'U', organismoId: b, role: 'parte' });
		expect(fresh).toMatchObject({ newAccount: true, newMembership: true });
		// A new account has no password until the invitation is accepted: it cannot log in.
		expect(await attemptLogin(t.db, { email: 'nuovo@studio.it', password: '', ip: '10.0.0.1' }, limits)).toMatchObject({ ok: false });
	});
});

describe('the migration to memberships', () => {
	it('gives every existing user one membership with its role, state and sedi; open sessions keep their Organismo', () => {
		const dir = mkdtempSync(join(tmpdir(), 'accordo-m-'));
		try {
			const old = join(dir, 'migrations');
			cpSync(MIGRATIONS_DIR, old, { recursive: true });
			const journalPath = join(old, 'meta', '_journal.json');
			const journal = JSON.parse(readFileSync(journalPath, 'utf8'));
			const at = journal.entries.findIndex((e: { tag: string }) => e.tag.endsWith('_memberships'));
			journal.entries = journal.entries.slice(0, at); // the database as it was before memberships
			writeFileSync(journalPath, JSON.stringify(journal));
			const db = openDb(join(dir, 'old.db'));
			migrateDb(db, old);
			db.$client.exec(`
				INSERT INTO organismi (id, denominazione, numero_registro) VALUES ('Org-1', 'Uno', '1');
				INSERT INTO sedi (id, organismo_id, nome, indirizzo, comune, provincia) VALUES ('s1', 'Org-1', 'Milano', 'x', 'Milano', 'MI'), ('s2', 'Org-1', 'Roma', 'x', 'Roma', 'RM');
				INSERT INTO users (id, organismo_id, email, nome, cognome, role, password_hash, active) VALUES
					('u1', 'Org-1', 'seg@x.it', 'S', 'S', 'segreteria', 'h', 1), ('u2', 'Org-1', 'med@x.it', 'M', 'M', 'mediatore', 'h', 0);
				INSERT INTO user_sedi (user_id, sede_id) VALUES ('u1', 's2');
				INSERT INTO mediatori (user_id, organismo_id) VALUES ('u2', 'Org-1');
			`);
			const token = generateSessionToken();
			db.$client
				.prepare('INSERT INTO sessions (id, user_id, expires_at, created_at) VALUES (?, ?, ?, ?)')
				.run(sessionIdFromToken(token), 'u1', Date.now() + 86_400_000, Date.now());
			migrateDb(db);
			const rows = db.$client
				.prepare('SELECT user_id AS userId, organismo_id AS organismoId, role, active FROM memberships ORDER BY user_id')
				.all();
			expect(rows).toEqual([
				{ userId: 'u1', organismoId: 'Org-1', role: 'segreteria', active: 1 },
				{ userId: 'u2', organismoId: 'Org-1', role: 'mediatore', active: 0 }
			]);
			expect(getMembershipSedeIds(db, 'm-u1')).toEqual(['s2']);
			expect(validateSessionToken(db, token).user).toMatchObject({
				id: 'u1',
				organismoId: 'Org-1',
				role: 'segreteria',
				membershipId: 'm-u1'
			});
			expect(db.$client.prepare("SELECT slug FROM organismi WHERE id = 'Org-1'").get()).toEqual({ slug: 'org-1' });
			// The users table was rebuilt: rows that reference it are still there and still valid.
			expect(db.$client.prepare('SELECT user_id AS userId FROM mediatori').all()).toEqual([{ userId: 'u2' }]);
			expect(db.$client.pragma('foreign_key_check')).toEqual([]);
			closeDb(db);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('one person in two Organismi: notifications and calendar feeds per membership', () => {
	it('notifications are shown and marked read only in the Organismo they are about', async () => {
		const p = await createUser(t.db, a, 'mediatore', { email: 'med@studio.it' });
		addMembership(t.db, p.id, b, 'mediatore');
		notify(t.db, [p.id], { organismoId: a, titolo: 'Incontro fissato ad A' });
		notify(t.db, [p.id], { organismoId: b, titolo: 'Incontro fissato a B' });
		const inA = { id: p.id, organismoId: a };
		const inB = { id: p.id, organismoId: b };
		expect(listNotifiche(t.db, inA).map((n) => n.titolo)).toEqual(['Incontro fissato ad A']);
		expect(listNotifiche(t.db, inB).map((n) => n.titolo)).toEqual(['Incontro fissato a B']);
		expect(countNonLette(t.db, inA)).toBe(1);
		// B's notification cannot be marked read from A, even by id.
		const idB = listNotifiche(t.db, inB)[0].id;
		expect(segnaLette(t.db, inA, idB)).toBe(0);
		expect(segnaLette(t.db, inA)).toBe(1);
		expect(countNonLette(t.db, inB)).toBe(1);
	});

	it('each membership has its own feed, with that Organismo and role', async () => {
		const p = await createUser(t.db, a, 'mediatore', { email: 'feed@studio.it' });
		const mB = addMembership(t.db, p.id, b, 'segreteria');
		const tokenA = creaFeed(t.db, { id: p.id, organismoId: a, membershipId: p.membershipId });
		const tokenB = creaFeed(t.db, { id: p.id, organismoId: b, membershipId: mB });
		expect(attoreDaFeed(t.db, tokenA)).toMatchObject({ id: p.id, organismoId: a, role: 'mediatore' });
		expect(attoreDaFeed(t.db, tokenB)).toMatchObject({ id: p.id, organismoId: b, role: 'segreteria' });
		expect(revocaFeed(t.db, { id: p.id, organismoId: a, membershipId: p.membershipId })).toBe(true);
		expect(attoreDaFeed(t.db, tokenA)).toBeNull();
		expect(attoreDaFeed(t.db, tokenB)?.organismoId).toBe(b);
		// A membership made inactive stops its feed, the other keeps working.
		t.db.update(memberships).set({ active: false }).where(eq(memberships.id, mB)).run();
		expect(attoreDaFeed(t.db, tokenB)).toBeNull();
	});
});

describe('the migration to per-membership feeds and notifications (0016)', () => {
	it('an existing feed keeps its earliest membership; notifications of a one-membership person get its Organismo', () => {
		const dir = mkdtempSync(join(tmpdir(), 'accordo-m16-'));
		try {
			const old = join(dir, 'migrations');
			cpSync(MIGRATIONS_DIR, old, { recursive: true });
			const journalPath = join(old, 'meta', '_journal.json');
			const journal = JSON.parse(readFileSync(journalPath, 'utf8'));
			journal.entries = journal.entries.slice(
				0,
				journal.entries.findIndex((e: { tag: string }) => e.tag === '0016_organismo_keys')
			);
			writeFileSync(journalPath, JSON.stringify(journal));
			const db = openDb(join(dir, 'old.db'));
			migrateDb(db, old);
			db.$client.exec(`
				INSERT INTO organismi (id, denominazione, numero_registro, slug) VALUES ('O1', 'Uno', '1', 'uno'), ('O2', 'Due', '2', 'due');
				INSERT INTO users (id, email, nome, cognome, password_hash) VALUES ('u1', 'uno@x.it', 'U', 'U', 'h'), ('u2', 'due@x.it', 'D', 'D', 'h');
				INSERT INTO memberships (id, user_id, organismo_id, role, created_at) VALUES
					('m1', 'u1', 'O1', 'mediatore', 1000), ('m2', 'u1', 'O2', 'mediatore', 2000), ('m3', 'u2', 'O2', 'segreteria', 1000);
				INSERT INTO ics_feed (user_id, token_hash) VALUES ('u1', 'hash-u1');
				INSERT INTO notifiche (id, user_id, titolo) VALUES ('n1', 'u1', 'di chi?'), ('n2', 'u2', 'di O2');
			`);
			migrateDb(db);
			expect(db.$client.prepare('SELECT membership_id AS m, user_id AS u, token_hash AS h FROM ics_feed').all()).toEqual([
				{ m: 'm1', u: 'u1', h: 'hash-u1' }
			]);
			expect(db.$client.prepare('SELECT id, organismo_id AS o FROM notifiche ORDER BY id').all()).toEqual([
				{ id: 'n1', o: null },
				{ id: 'n2', o: 'O2' }
			]);
			expect(db.$client.pragma('foreign_key_check')).toEqual([]);
			closeDb(db);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
