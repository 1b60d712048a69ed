import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { preparedQuery } from '../statements.ts';
import { organismi, sedi, userSedi, users } from '../schema.ts';
import type { Role } from './roles.ts';

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

/** Sedi a segreteria user is limited to; null when not limited. */
export function getUserSedeIds(db: Db, userId: string): string[] | null {
	const rows = preparedQuery(db, 'users.sedeIds', (d) =>
		d
			.select({ sedeId: userSedi.sedeId })
			.from(userSedi)
			.where(eq(userSedi.userId, sql.placeholder('userId')))
			.prepare()
	).all({ userId });
	return rows.length ? rows.map((r) => r.sedeId) : null;
}

export function listUsers(db: Db, organismoId: string) {
	return db
		.select({
			id: users.id,
			email: users.email,
			nome: users.nome,
			cognome: users.cognome,
			role: users.role,
			active: users.active
		})
		.from(users)
		.where(eq(users.organismoId, organismoId))
		.orderBy(asc(users.cognome), asc(users.nome))
		.all();
}

export function updateUserAccess(db: Db, organismoId: string, userId: string, change: { role: Role; active: boolean }) {
	return db
		.update(users)
		.set(change)
		.where(and(eq(users.id, userId), eq(users.organismoId, organismoId)))
		.run().changes;
}

export function setPasswordHash(db: Db, userId: string, passwordHash: string): void {
	db.update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
}

export function getOrganismo(db: Db, organismoId: string) {
	const organismo = db.select().from(organismi).where(eq(organismi.id, organismoId)).get();
	const sediList = db.select().from(sedi).where(eq(sedi.organismoId, organismoId)).orderBy(asc(sedi.nome)).all();
	return organismo ? { ...organismo, sedi: sediList } : null;
}
