import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { organismi, sedi, users } from '../schema.ts';
import { getMembershipSedeIds, listMembers } from '../auth/memberships.ts';

export function findUserByEmail(db: Db, email: string) {
	return db
		.select()
		.from(users)
		.where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
		.get();
}

export function getUserById(db: Db, id: string) {
	return db.select().from(users).where(eq(users.id, id)).get();
}

/** Sedi a segreteria membership is limited to; null when not limited. */
export function getUserSedeIds(db: Db, membershipId: string): string[] | null {
	return getMembershipSedeIds(db, membershipId);
}

/** The people of the Organismo with their role there. */
export function listUsers(db: Db, organismoId: string) {
	return listMembers(db, organismoId);
}

export function setPasswordHash(db: Db, userId: string, passwordHash: string): void {
	db.update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
}

export function getOrganismo(db: Db, organismoId: string) {
	const organismo = db.select().from(organismi).where(eq(organismi.id, organismoId)).get();
	const sediList = db.select().from(sedi).where(eq(sedi.organismoId, organismoId)).orderBy(asc(sedi.nome)).all();
	return organismo ? { ...organismo, sedi: sediList } : null;
}
