import { and, count, desc, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { newId } from '../shared/ids.ts';
import { membershipSedi, memberships, notifiche, users } from '../schema.ts';

export interface NuovaNotifica {
	/** The Organismo it is about: the person sees it only while working there. */
	organismoId: string;
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
			.values({
				id: newId(),
				userId,
				organismoId: n.organismoId,
				titolo: n.titolo,
				testo: n.testo ?? '',
				link: n.link ?? null,
				chiave: n.chiave ?? null
			})
			.onConflictDoNothing()
			.run();
		added += res.changes;
	}
	return added;
}

/** Who reads: the person in the Organismo they are working in (one membership of several). */
export interface Lettore {
	id: string;
	organismoId: string;
}

/** The person's notifications about this Organismo (and the few older rows that name none). */
const mine = (who: Lettore) =>
	and(eq(notifiche.userId, who.id), or(eq(notifiche.organismoId, who.organismoId), isNull(notifiche.organismoId)));

export function listNotifiche(db: Db, who: Lettore, limit = 100) {
	return db.select().from(notifiche).where(mine(who)).orderBy(desc(notifiche.createdAt)).limit(limit).all();
}

export function countNonLette(db: Db, who: Lettore): number {
	return (
		db
			.select({ n: count() })
			.from(notifiche)
			.where(and(mine(who), eq(notifiche.letta, false)))
			.get()?.n ?? 0
	);
}

/** Marks one (or, without id, every) notification of the person in this Organismo as read; returns how many matched. */
export function segnaLette(db: Db, who: Lettore, id?: string): number {
	return db
		.update(notifiche)
		.set({ letta: true })
		.where(and(mine(who), id ? eq(notifiche.id, id) : undefined))
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
