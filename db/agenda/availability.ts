import { and, asc, eq, gte } from 'drizzle-orm';
import type { UserActor } from '../access/index.ts';
import { appendAudit } from '../audit/repo.ts';
import { invalid, type Outcome } from '../shared/outcome.ts';
import { writeTransaction, type Db } from '../client.ts';
import { newId } from '../shared/ids.ts';
import { disponibilitaMediatori, indisponibilitaMediatori } from '../schema.ts';
import { romeToUtc } from '../shared/time.ts';

/** A mediator's own weekly availability and unavailability periods (self-service, audited). */

export type Esito = Outcome<{ message: string }>;

/** A mediator's weekly availability in one Organismo (a mediator of several declares it in each). */
export function listDisponibilita(db: Db, organismoId: string, mediatoreId: string) {
	return db
		.select()
		.from(disponibilitaMediatori)
		.where(and(eq(disponibilitaMediatori.organismoId, organismoId), eq(disponibilitaMediatori.mediatoreId, mediatoreId)))
		.orderBy(asc(disponibilitaMediatori.giorno), asc(disponibilitaMediatori.dalle))
		.all();
}

export function listIndisponibilita(db: Db, organismoId: string, mediatoreId: string, now: number = Date.now()) {
	return db
		.select()
		.from(indisponibilitaMediatori)
		.where(
			and(
				eq(indisponibilitaMediatori.organismoId, organismoId),
				eq(indisponibilitaMediatori.mediatoreId, mediatoreId),
				gte(indisponibilitaMediatori.fine, new Date(now).toISOString())
			)
		)
		.orderBy(asc(indisponibilitaMediatori.inizio))
		.all();
}

function audit(db: Db, actor: UserActor, action: string, details: Record<string, unknown>) {
	appendAudit(db, { action, organismoId: actor.organismoId, actorId: actor.id, entityType: 'user', entityId: actor.id, details });
}

export function aggiungiDisponibilita(db: Db, actor: UserActor, v: { giorno: number; dalle: string; alle: string }): Esito {
	return writeTransaction(db, () => {
		const same = listDisponibilita(db, actor.organismoId, actor.id).filter((d) => d.giorno === v.giorno);
		if (same.some((d) => d.dalle < v.alle && v.dalle < d.alle))
			return { ok: false, code: 'conflict', message: 'Si sovrappone a una disponibilità già dichiarata per quel giorno.' };
		db.insert(disponibilitaMediatori)
			.values({ id: newId(), organismoId: actor.organismoId, mediatoreId: actor.id, ...v })
			.run();
		audit(db, actor, 'mediatore.disponibilita_aggiunta', v);
		return { ok: true, message: 'Disponibilità aggiunta.' };
	});
}

export function aggiungiIndisponibilita(
	db: Db,
	actor: UserActor,
	v: { dal: string; dalle: string; al: string; alle: string; motivo: string },
	now: number = Date.now()
): Esito {
	const a = romeToUtc(v.dal, v.dalle);
	const b = romeToUtc(v.al, v.alle);
	if (!a.ok) return invalid(a.message);
	if (!b.ok) return invalid(b.message);
	if (b.ms <= a.ms) return { ok: false, code: 'invalid', message: 'La fine deve seguire l’inizio.' };
	if (b.ms <= now) return { ok: false, code: 'conflict', message: 'Il periodo è già passato.' };
	return writeTransaction(db, () => {
		db.insert(indisponibilitaMediatori)
			.values({
				id: newId(),
				organismoId: actor.organismoId,
				mediatoreId: actor.id,
				inizio: new Date(a.ms).toISOString(),
				fine: new Date(b.ms).toISOString(),
				motivo: v.motivo
			})
			.run();
		audit(db, actor, 'mediatore.indisponibilita_aggiunta', { inizio: new Date(a.ms).toISOString(), fine: new Date(b.ms).toISOString() });
		return { ok: true, message: 'Periodo di indisponibilità registrato.' };
	});
}

/** Removes one of the actor's own rows (availability or unavailability). */
export function rimuovi(db: Db, actor: UserActor, tipo: 'disponibilita' | 'indisponibilita', id: string): Esito {
	const table = tipo === 'disponibilita' ? disponibilitaMediatori : indisponibilitaMediatori;
	return writeTransaction(db, () => {
		const n = db
			.delete(table)
			.where(and(eq(table.id, id), eq(table.organismoId, actor.organismoId), eq(table.mediatoreId, actor.id)))
			.run().changes;
		if (!n) return { ok: false, code: 'not_found', message: 'Voce non trovata.' };
		audit(db, actor, `mediatore.${tipo}_rimossa`, { id });
		return { ok: true, message: 'Voce rimossa.' };
	});
}
