import { eq } from 'drizzle-orm';
import { writeTransaction, type Db } from './client.ts';
import { newId } from './ids.ts';
import { stanze } from './schema/index.ts';

export const ROOM_DEFAULT_DAYS = 90;

/** The procedimento's online room, created on first need (idempotent). */
export function ensureStanza(db: Db, procedimentoId: string, opts: { days?: number; now?: Date } = {}) {
	return writeTransaction(db, () => {
		const existing = db.select().from(stanze).where(eq(stanze.procedimentoId, procedimentoId)).get();
		if (existing) return existing;
		const now = opts.now ?? new Date();
		const row = {
			id: newId(),
			procedimentoId,
			createdAt: now,
			expiresAt: new Date(now.getTime() + (opts.days ?? ROOM_DEFAULT_DAYS) * 86_400_000)
		};
		db.insert(stanze).values(row).run();
		return db.select().from(stanze).where(eq(stanze.id, row.id)).get()!;
	});
}

export function getStanza(db: Db, procedimentoId: string) {
	return db.select().from(stanze).where(eq(stanze.procedimentoId, procedimentoId)).get() ?? null;
}

/** Path of the room page of a procedimento (for users with an account). */
export function stanzaPath(procedimentoId: string): string {
	return `/procedimenti/${procedimentoId}/stanza`;
}
