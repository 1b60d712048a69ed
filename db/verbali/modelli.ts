import { and, eq } from 'drizzle-orm';
import type { UserActor } from '../access/index.ts';
import { appendAudit } from '../audit/repo.ts';
import { writeTransaction, type Db } from '../client.ts';
import { newId } from '../shared/ids.ts';
import { verbaleModelli } from '../schema.ts';
import { VERBALE_TIPI, type VerbaleTipo } from './labels.ts';
import { getModello, type Modello } from './templates.ts';

export function listModelli(db: Db, organismoId: string): Modello[] {
	return VERBALE_TIPI.map((tipo) => getModello(db, organismoId, tipo));
}

/** Saves the Organismo's text of a template (new verbali use it; existing ones keep their text). */
export function saveModello(db: Db, actor: UserActor, input: { tipo: VerbaleTipo; titolo: string; testo: string }): void {
	writeTransaction(db, () => {
		const now = new Date();
		db.insert(verbaleModelli)
			.values({ id: newId(), organismoId: actor.organismoId, ...input, updatedBy: actor.id, updatedAt: now })
			.onConflictDoUpdate({
				target: [verbaleModelli.organismoId, verbaleModelli.tipo],
				set: { titolo: input.titolo, testo: input.testo, updatedBy: actor.id, updatedAt: now }
			})
			.run();
		appendAudit(db, {
			action: 'verbale_modello.updated',
			organismoId: actor.organismoId,
			actorId: actor.id,
			entityType: 'verbale_modello',
			entityId: input.tipo,
			details: { tipo: input.tipo, titolo: input.titolo, caratteri: input.testo.length }
		});
	});
}

/** Goes back to the built-in text. */
export function resetModello(db: Db, actor: UserActor, tipo: VerbaleTipo): void {
	writeTransaction(db, () => {
		db.delete(verbaleModelli)
			.where(and(eq(verbaleModelli.organismoId, actor.organismoId), eq(verbaleModelli.tipo, tipo)))
			.run();
		appendAudit(db, {
			action: 'verbale_modello.reset',
			organismoId: actor.organismoId,
			actorId: actor.id,
			entityType: 'verbale_modello',
			entityId: tipo,
			details: { tipo }
		});
	});
}
