import { and, asc, countDistinct, eq, inArray, isNull, notInArray, or, sql } from 'drizzle-orm';
import type { UserActor } from '../access/index.ts';
import { appendAudit } from '../audit/repo.ts';
import type { Db } from '../client.ts';
import { newId } from '../shared/ids.ts';
import {
	materie,
	mediatoreConflitti,
	mediatoreMaterie,
	mediatori,
	persone,
	procedimenti,
	assegnazioni,
	memberships,
	users
} from '../schema.ts';
import { canEditRegistry } from '../access/index.ts';
import type { ConflittoInput, MediatoreInput } from './schemas.ts';
import type { Outcome } from '../shared/outcome.ts';

// The registry of the Organismo's mediators: stato, materie, qualifiche, maximum load, conflicts.

export type RegistryResult = Outcome<{ message: string }>;

/** Display name of a persona record (natural or legal person). */
export function personaName(p: { nome: string | null; cognome: string | null; denominazione: string | null }): string {
	return p.denominazione?.trim() || `${p.nome ?? ''} ${p.cognome ?? ''}`.trim() || '(senza nome)';
}

/**
 * Gives every user with role "mediatore" of the Organismo a registry row (stato attivo, no
 * materie: staff then set the competences). Idempotent; returns how many rows it added.
 */
export function ensureMediatori(db: Db, organismoId: string): number {
	const missing = db
		.select({ id: memberships.userId })
		.from(memberships)
		.leftJoin(mediatori, and(eq(mediatori.userId, memberships.userId), eq(mediatori.organismoId, memberships.organismoId)))
		.where(and(eq(memberships.organismoId, organismoId), eq(memberships.role, 'mediatore'), isNull(mediatori.userId)))
		.all();
	if (missing.length === 0) return 0;
	return db.transaction(() => {
		let added = 0;
		for (const u of missing) added += db.insert(mediatori).values({ userId: u.id, organismoId }).onConflictDoNothing().run().changes;
		return added;
	});
}

/** Open cases per mediator: assignments proposta/accettata on procedimenti not conclusa/archiviata. */
export function openLoads(db: Db, organismoId: string): Map<string, number> {
	const rows = db
		.select({ userId: assegnazioni.mediatoreId, n: countDistinct(assegnazioni.procedimentoId) })
		.from(assegnazioni)
		.innerJoin(procedimenti, eq(procedimenti.id, assegnazioni.procedimentoId))
		.where(
			and(
				eq(procedimenti.organismoId, organismoId),
				inArray(assegnazioni.stato, ['proposta', 'accettata']),
				notInArray(procedimenti.stato, ['conclusa', 'archiviata'])
			)
		)
		.groupBy(assegnazioni.mediatoreId)
		.all();
	return new Map(rows.map((r) => [r.userId, r.n]));
}

export function listMaterie(db: Db, organismoId: string) {
	return db
		.select({ id: materie.id, nome: materie.nome, attiva: materie.attiva })
		.from(materie)
		.where(eq(materie.organismoId, organismoId))
		.orderBy(asc(materie.ordine), asc(materie.nome))
		.all();
}

/** Registry rows of the Organismo (users whose role is mediatore), by surname. */
export function listMediatori(db: Db, organismoId: string) {
	const rows = db
		.select({
			userId: mediatori.userId,
			nome: users.nome,
			cognome: users.cognome,
			email: users.email,
			accountAttivo: sql<boolean>`(${users.active} and ${memberships.active})`.mapWith(Boolean),
			stato: mediatori.stato,
			qualifiche: mediatori.qualifiche,
			caricoMassimo: mediatori.caricoMassimo,
			ultimaAssegnazione: mediatori.ultimaAssegnazione
		})
		.from(mediatori)
		.innerJoin(users, eq(users.id, mediatori.userId))
		.innerJoin(memberships, and(eq(memberships.userId, mediatori.userId), eq(memberships.organismoId, mediatori.organismoId)))
		.where(and(eq(mediatori.organismoId, organismoId), eq(memberships.role, 'mediatore')))
		.orderBy(asc(users.cognome), asc(users.nome), asc(users.id))
		.all();
	const ids = rows.map((r) => r.userId);
	const mm = ids.length
		? db
				.select()
				.from(mediatoreMaterie)
				.where(and(eq(mediatoreMaterie.organismoId, organismoId), inArray(mediatoreMaterie.userId, ids)))
				.all()
		: [];
	const cc = ids.length
		? db
				.select({ userId: mediatoreConflitti.userId })
				.from(mediatoreConflitti)
				.where(and(eq(mediatoreConflitti.organismoId, organismoId), inArray(mediatoreConflitti.userId, ids)))
				.all()
		: [];
	const loads = openLoads(db, organismoId);
	return rows.map((r) => ({
		...r,
		materiaIds: mm.filter((m) => m.userId === r.userId).map((m) => m.materiaId),
		conflitti: cc.filter((c) => c.userId === r.userId).length,
		carico: loads.get(r.userId) ?? 0
	}));
}

/** One mediator of the Organismo with materie and declared conflicts, or null. */
export function getMediatore(db: Db, organismoId: string, userId: string) {
	const row = listMediatori(db, organismoId).find((m) => m.userId === userId);
	if (!row) return null;
	const conflitti = db
		.select({
			id: mediatoreConflitti.id,
			descrizione: mediatoreConflitti.descrizione,
			createdAt: mediatoreConflitti.createdAt,
			personaId: mediatoreConflitti.personaId,
			nome: persone.nome,
			cognome: persone.cognome,
			denominazione: persone.denominazione,
			codiceFiscale: persone.codiceFiscale,
			partitaIva: persone.partitaIva
		})
		.from(mediatoreConflitti)
		.leftJoin(persone, eq(persone.id, mediatoreConflitti.personaId))
		.where(and(eq(mediatoreConflitti.organismoId, organismoId), eq(mediatoreConflitti.userId, userId)))
		.orderBy(asc(mediatoreConflitti.createdAt))
		.all()
		.map((c) => ({
			id: c.id,
			descrizione: c.descrizione,
			createdAt: c.createdAt,
			persona: c.personaId ? { id: c.personaId, nome: personaName(c), identificativo: c.codiceFiscale ?? c.partitaIva ?? '' } : null
		}));
	return { ...row, conflitti };
}

function forbidden(): RegistryResult {
	return { ok: false, code: 'forbidden', message: "Solo l'amministratore o il responsabile possono modificare il registro dei mediatori." };
}

/** Updates stato, qualifiche, maximum load and materie of a mediator; audited with the changes. */
export function updateMediatore(db: Db, actor: UserActor, userId: string, input: MediatoreInput): RegistryResult {
	if (!canEditRegistry(actor)) return forbidden();
	const before = getMediatore(db, actor.organismoId, userId);
	if (!before) return { ok: false, code: 'not_found', message: 'Mediatore non trovato.' };
	const valid = new Set(listMaterie(db, actor.organismoId).map((m) => m.id));
	const wanted = [...new Set(input.materie)];
	if (wanted.some((m) => !valid.has(m)))
		return { ok: false, code: 'not_found', field: 'materie', message: 'Una delle materie scelte non esiste.' };
	const added = wanted.filter((m) => !before.materiaIds.includes(m));
	const removed = before.materiaIds.filter((m) => !wanted.includes(m));
	const changes: Record<string, unknown> = {};
	if (before.stato !== input.stato) changes.stato = { da: before.stato, a: input.stato };
	if (before.qualifiche !== input.qualifiche) changes.qualifiche = { da: before.qualifiche, a: input.qualifiche };
	if (before.caricoMassimo !== input.caricoMassimo) changes.caricoMassimo = { da: before.caricoMassimo, a: input.caricoMassimo };
	if (added.length) changes.materieAggiunte = added;
	if (removed.length) changes.materieRimosse = removed;
	if (Object.keys(changes).length === 0) return { ok: true, message: 'Nessuna modifica.' };
	db.transaction(
		() => {
			db.update(mediatori)
				.set({ stato: input.stato, qualifiche: input.qualifiche, caricoMassimo: input.caricoMassimo })
				.where(and(eq(mediatori.userId, userId), eq(mediatori.organismoId, actor.organismoId)))
				.run();
			if (removed.length)
				db.delete(mediatoreMaterie)
					.where(
						and(
							eq(mediatoreMaterie.organismoId, actor.organismoId),
							eq(mediatoreMaterie.userId, userId),
							inArray(mediatoreMaterie.materiaId, removed)
						)
					)
					.run();
			for (const materiaId of added)
				db.insert(mediatoreMaterie).values({ organismoId: actor.organismoId, userId, materiaId }).onConflictDoNothing().run();
			appendAudit(db, {
				action: 'mediatore.aggiornato',
				organismoId: actor.organismoId,
				actorId: actor.id,
				entityType: 'mediatore',
				entityId: userId,
				details: changes
			});
		},
		{ behavior: 'immediate' }
	);
	return { ok: true, message: 'Dati del mediatore aggiornati.' };
}

/**
 * Records a conflict declared by the mediator. With a codice fiscale / partita IVA it is linked to
 * the person in the Organismo's archive, so the rotation skips the mediator on that person's cases;
 * without, it stays free text (shown to the staff as a point to check).
 */
export function addConflitto(db: Db, actor: UserActor, userId: string, input: ConflittoInput): RegistryResult {
	if (!canEditRegistry(actor)) return forbidden();
	if (!getMediatore(db, actor.organismoId, userId)) return { ok: false, code: 'not_found', message: 'Mediatore non trovato.' };
	let personaId: string | null = null;
	if (input.identificativo) {
		const p = db
			.select({ id: persone.id })
			.from(persone)
			.where(
				and(
					eq(persone.organismoId, actor.organismoId),
					or(eq(persone.codiceFiscale, input.identificativo), eq(persone.partitaIva, input.identificativo))
				)
			)
			.get();
		if (!p)
			return {
				ok: false,
				code: 'invalid',
				field: 'identificativo',
				message:
					"Nessuna persona con questo codice nell'archivio dell'Organismo. Controlla il codice, oppure lascialo vuoto per registrare il conflitto come solo testo."
			};
		personaId = p.id;
	}
	const id = newId();
	db.transaction(
		() => {
			db.insert(mediatoreConflitti).values({ id, organismoId: actor.organismoId, userId, personaId, descrizione: input.descrizione }).run();
			appendAudit(db, {
				action: 'mediatore.conflitto_aggiunto',
				organismoId: actor.organismoId,
				actorId: actor.id,
				entityType: 'mediatore',
				entityId: userId,
				details: { conflittoId: id, personaId, descrizione: input.descrizione }
			});
		},
		{ behavior: 'immediate' }
	);
	return { ok: true, message: personaId ? 'Conflitto registrato e collegato alla persona.' : 'Conflitto registrato (solo testo).' };
}

export function removeConflitto(db: Db, actor: UserActor, userId: string, conflittoId: string): RegistryResult {
	if (!canEditRegistry(actor)) return forbidden();
	if (!getMediatore(db, actor.organismoId, userId)) return { ok: false, code: 'not_found', message: 'Mediatore non trovato.' };
	const row = db
		.select()
		.from(mediatoreConflitti)
		.where(
			and(
				eq(mediatoreConflitti.id, conflittoId),
				eq(mediatoreConflitti.organismoId, actor.organismoId),
				eq(mediatoreConflitti.userId, userId)
			)
		)
		.get();
	if (!row) return { ok: false, code: 'not_found', message: 'Conflitto non trovato (forse è già stato rimosso).' };
	db.transaction(
		() => {
			db.delete(mediatoreConflitti).where(eq(mediatoreConflitti.id, conflittoId)).run();
			appendAudit(db, {
				action: 'mediatore.conflitto_rimosso',
				organismoId: actor.organismoId,
				actorId: actor.id,
				entityType: 'mediatore',
				entityId: userId,
				details: { conflittoId, personaId: row.personaId, descrizione: row.descrizione }
			});
		},
		{ behavior: 'immediate' }
	);
	return { ok: true, message: 'Conflitto rimosso.' };
}
