import { and, count, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { newId } from '../shared/ids.ts';
import { membershipSedi, memberships, notifiche, users } from '../schema.ts';

export interface NuovaNotifica {
	titolo: string;
	testo?: string;
	link?: string | null;
	/** Deduplication key: one notification per user and key. */
	chiave?: string | null;
}

/** In-app notifications (e-mail will follow when the mail module exists). Returns how many were added. */
export function notify(db: Db, userIds: readonly string[], n: NuovaNotifica): number {
	let added = 0;
	for (const userId of new Set(userIds)) {
		const res = db
			.insert(notifiche)
			.values({ id: newId(), userId, titolo: n.titolo, testo: n.testo ?? '', link: n.link ?? null, chiave: n.chiave ?? null })
			.onConflictDoNothing()
			.run();
		added += res.changes;
	}
	return added;
}

export function listNotifiche(db: Db, userId: string, limit = 100) {
	return db.select().from(notifiche).where(eq(notifiche.userId, userId)).orderBy(desc(notifiche.createdAt)).limit(limit).all();
}

export function countNonLette(db: Db, userId: string): number {
	return (
		db
			.select({ n: count() })
			.from(notifiche)
			.where(and(eq(notifiche.userId, userId), eq(notifiche.letta, false)))
			.get()?.n ?? 0
	);
}

/** Marks one (or, without id, every) notification of the user as read. */
export function segnaLette(db: Db, userId: string, id?: string): number {
	return db
		.update(notifiche)
		.set({ letta: true })
		.where(and(eq(notifiche.userId, userId), id ? eq(notifiche.id, id) : undefined))
		.run().changes;
}

/** Active segreteria and responsabili who cover a sede (segreteria without sede rows covers all). */
export function staffOfSede(db: Db, organismoId: string, sedeId: string): string[] {
	const staff = db
		.select({ id: users.id, membershipId: memberships.id, role: memberships.role })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(
			and(
				eq(memberships.organismoId, organismoId),
				eq(memberships.active, true),
				eq(users.active, true),
				inArray(memberships.role, ['segreteria', 'responsabile'])
			)
		)
		.all();
	if (staff.length === 0) return [];
	const limits = db
		.select()
		.from(membershipSedi)
		.where(
			inArray(
				membershipSedi.membershipId,
				staff.map((s) => s.membershipId)
			)
		)
		.all();
	return staff
		.filter((s) => {
			if (s.role !== 'segreteria') return true;
			const mine = limits.filter((l) => l.membershipId === s.membershipId);
			return mine.length === 0 || mine.some((l) => l.sedeId === sedeId);
		})
		.map((s) => s.id);
}
