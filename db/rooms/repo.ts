import { eq } from 'drizzle-orm';
import { writeTransaction, type Db } from '../client.ts';
import { newId } from '../shared/ids.ts';
import { procedimenti, stanze } from '../schema.ts';
import { appendAudit } from '../audit/repo.ts';

export const ROOM_DEFAULT_DAYS = 90;

/**
 * The procedimento's online room, created on first need (idempotent). The creation is audited
 * (`stanza.created`, in the procedimento's Organismo) with who asked for it: the person opening
 * it, or the one who booked an online incontro.
 */
export function ensureStanza(db: Db, procedimentoId: string, opts: { days?: number; now?: Date; actorId?: string | null } = {}) {
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
		const proc = db.select({ organismoId: procedimenti.organismoId }).from(procedimenti).where(eq(procedimenti.id, procedimentoId)).get();
		appendAudit(db, {
			action: 'stanza.created',
			organismoId: proc?.organismoId ?? null,
			actorId: opts.actorId ?? null,
			entityType: 'stanza',
			entityId: row.id,
			details: { procedimentoId, expiresAt: row.expiresAt.toISOString() }
		});
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

/** Capacity (participants besides the mediator) and auto-admission of the stanza; audited. */
export function updateStanzaSettings(
	db: Db,
	actor: { id: string; organismoId: string },
	procedimentoId: string,
	settings: { capienza: number; ammissioneAutomatica: boolean }
): boolean {
	return writeTransaction(db, () => {
		const row = db.select({ id: stanze.id }).from(stanze).where(eq(stanze.procedimentoId, procedimentoId)).get();
		if (!row) return false;
		db.update(stanze).set(settings).where(eq(stanze.id, row.id)).run();
		appendAudit(db, {
			action: 'stanza.impostazioni',
			organismoId: actor.organismoId,
			actorId: actor.id,
			entityType: 'procedimento',
			entityId: procedimentoId,
			details: settings
		});
		return true;
	});
}
