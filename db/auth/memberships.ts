import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { newId } from '../shared/ids.ts';
import { preparedQuery } from '../statements.ts';
import { membershipSedi, memberships, organismi, users } from '../schema.ts';
import type { Role } from './labels.ts';

/**
 * Memberships: a person (one account) belongs to one or more Organismi, each with its own role,
 * state and sedi. The session records the current one (db/auth/session.ts) and every access rule
 * takes it; nothing about one membership grants anything in another Organismo.
 */

export interface MembershipChoice {
	id: string;
	organismoId: string;
	denominazione: string;
	slug: string | null;
	role: Role;
}

/** The person's active memberships, for the picker after login and the header's switcher. */
export function listActiveMemberships(db: Db, userId: string): MembershipChoice[] {
	return db
		.select({
			id: memberships.id,
			organismoId: memberships.organismoId,
			denominazione: organismi.denominazione,
			slug: organismi.slug,
			role: memberships.role
		})
		.from(memberships)
		.innerJoin(organismi, eq(organismi.id, memberships.organismoId))
		.where(and(eq(memberships.userId, userId), eq(memberships.active, true)))
		.orderBy(asc(organismi.denominazione), asc(memberships.id))
		.all();
}

/** The membership a new session starts in: the only active one, else none (the person picks). */
export function defaultMembershipId(db: Db, userId: string, organismoId?: string | null): string | null {
	const active = db
		.select({ id: memberships.id, organismoId: memberships.organismoId })
		.from(memberships)
		.where(and(eq(memberships.userId, userId), eq(memberships.active, true)))
		.all();
	if (organismoId) return active.find((m) => m.organismoId === organismoId)?.id ?? null;
	return active.length === 1 ? active[0].id : null;
}

export function getMembership(db: Db, membershipId: string) {
	return db.select().from(memberships).where(eq(memberships.id, membershipId)).get();
}

/** The membership of a person in one Organismo (active or not). */
export function findMembership(db: Db, userId: string, organismoId: string) {
	return db
		.select()
		.from(memberships)
		.where(and(eq(memberships.userId, userId), eq(memberships.organismoId, organismoId)))
		.get();
}

/** Sedi a segreteria membership is limited to; null when not limited. */
export function getMembershipSedeIds(db: Db, membershipId: string): string[] | null {
	const rows = preparedQuery(db, 'memberships.sedeIds', (d) =>
		d
			.select({ sedeId: membershipSedi.sedeId })
			.from(membershipSedi)
			.where(eq(membershipSedi.membershipId, sql.placeholder('membershipId')))
			.prepare()
	).all({ membershipId });
	return rows.length ? rows.map((r) => r.sedeId) : null;
}

/** Replaces a membership's sedi limits (empty = every sede). */
export function setMembershipSedi(db: Db, membershipId: string, sedeIds: readonly string[]): void {
	db.delete(membershipSedi).where(eq(membershipSedi.membershipId, membershipId)).run();
	for (const sedeId of sedeIds) db.insert(membershipSedi).values({ membershipId, sedeId }).run();
}

/** Adds a membership (the person must not have one in that Organismo yet). */
export function createMembership(
	db: Db,
	input: { userId: string; organismoId: string; role: Role; active?: boolean; sedeIds?: readonly string[] }
): string {
	const id = newId();
	db.insert(memberships)
		.values({ id, userId: input.userId, organismoId: input.organismoId, role: input.role, active: input.active ?? true })
		.run();
	if (input.sedeIds?.length) setMembershipSedi(db, id, input.sedeIds);
	return id;
}

export function findAccountByEmail(db: Db, email: string) {
	return db
		.select()
		.from(users)
		.where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
		.get();
}

/**
 * A person joins an Organismo: the account with that e-mail is reused (one person, one account)
 * or created without a password; the membership is created unless the person already has one
 * there. This is what the portals' self-registration calls with the Organismo whose portal was
 * used, and what the amministratore's invitations call. Run it inside a write transaction.
 */
export function joinOrganismo(
	db: Db,
	input: { email: string; nome: string; cognome: string; organismoId: string; role: Role; sedeIds?: readonly string[] }
): { userId: string; membershipId: string; newAccount: boolean; newMembership: boolean } {
	const email = input.email.trim().toLowerCase();
	let account = findAccountByEmail(db, email);
	let newAccount = false;
	if (!account) {
		const id = newId();
		db.insert(users).values({ id, email, nome: input.nome, cognome: input.cognome, passwordHash: null }).run();
		account = findAccountByEmail(db, email)!;
		newAccount = true;
	}
	const existing = findMembership(db, account.id, input.organismoId);
	if (existing) return { userId: account.id, membershipId: existing.id, newAccount, newMembership: false };
	const membershipId = createMembership(db, {
		userId: account.id,
		organismoId: input.organismoId,
		role: input.role,
		sedeIds: input.sedeIds
	});
	return { userId: account.id, membershipId, newAccount, newMembership: true };
}

/** The people of an Organismo with their role there (the amministratore's user list). */
export function listMembers(db: Db, organismoId: string) {
	return db
		.select({
			id: users.id,
			membershipId: memberships.id,
			email: users.email,
			nome: users.nome,
			cognome: users.cognome,
			role: memberships.role,
			active: memberships.active,
			invitoInSospeso: sql<boolean>`${users.passwordHash} is null`.mapWith(Boolean)
		})
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(eq(memberships.organismoId, organismoId))
		.orderBy(asc(users.cognome), asc(users.nome))
		.all();
}

export function updateMembershipAccess(db: Db, organismoId: string, membershipId: string, change: { role: Role; active: boolean }) {
	return db
		.update(memberships)
		.set(change)
		.where(and(eq(memberships.id, membershipId), eq(memberships.organismoId, organismoId)))
		.run().changes;
}

/** Active people of the Organismo with a role (for example its mediators), by surname. */
export function listActiveMembersByRole(db: Db, organismoId: string, role: Role) {
	return db
		.select({ id: users.id, nome: users.nome, cognome: users.cognome })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(and(eq(memberships.organismoId, organismoId), eq(memberships.role, role), eq(memberships.active, true), eq(users.active, true)))
		.orderBy(asc(users.cognome), asc(users.nome))
		.all();
}

/** One person as a member of the Organismo (null when they are not one). */
export function getMember(db: Db, organismoId: string, userId: string) {
	return (
		db
			.select({
				id: users.id,
				nome: users.nome,
				cognome: users.cognome,
				email: users.email,
				membershipId: memberships.id,
				role: memberships.role,
				organismoId: memberships.organismoId,
				active: sql<boolean>`(${memberships.active} and ${users.active})`.mapWith(Boolean)
			})
			.from(memberships)
			.innerJoin(users, eq(users.id, memberships.userId))
			.where(and(eq(memberships.organismoId, organismoId), eq(memberships.userId, userId)))
			.get() ?? null
	);
}
