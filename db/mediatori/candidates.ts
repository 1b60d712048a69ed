import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { assegnazioni, mediatoreConflitti, mediatoreMaterie, mediatori, memberships, users } from '../schema.ts';
import type { CaseSummary } from './procedimento-summary.ts';
import { openLoads } from './registry.ts';
import type { RotationCandidate } from './rotation.ts';

export interface CandidatesData {
	candidates: RotationCandidate[];
	/** Free-text conflicts (not linked to a persona) per mediator: the rotation cannot match them. */
	freeTextConflicts: Map<string, string[]>;
}

/** Everything the rotation needs about the Organismo's mediators, for one case. */
export function loadCandidates(db: Db, caso: Pick<CaseSummary, 'id' | 'organismoId' | 'materiaId' | 'soggetti'>): CandidatesData {
	const rows = db
		.select({
			userId: mediatori.userId,
			nome: users.nome,
			cognome: users.cognome,
			accountAttivo: sql<boolean>`(${users.active} and ${memberships.active})`.mapWith(Boolean),
			stato: mediatori.stato,
			caricoMassimo: mediatori.caricoMassimo,
			ultimaAssegnazione: mediatori.ultimaAssegnazione
		})
		.from(mediatori)
		.innerJoin(users, eq(users.id, mediatori.userId))
		.innerJoin(memberships, and(eq(memberships.userId, mediatori.userId), eq(memberships.organismoId, mediatori.organismoId)))
		.where(and(eq(mediatori.organismoId, caso.organismoId), eq(memberships.role, 'mediatore')))
		.all();
	const ids = rows.map((r) => r.userId);
	if (ids.length === 0) return { candidates: [], freeTextConflicts: new Map() };
	const competent = new Set(
		db
			.select({ userId: mediatoreMaterie.userId })
			.from(mediatoreMaterie)
			.where(
				and(
					eq(mediatoreMaterie.organismoId, caso.organismoId),
					eq(mediatoreMaterie.materiaId, caso.materiaId),
					inArray(mediatoreMaterie.userId, ids)
				)
			)
			.all()
			.map((r) => r.userId)
	);
	const personaIds = [...new Set(caso.soggetti.map((s) => s.personaId))];
	const nameOf = new Map(caso.soggetti.map((s) => [s.personaId, s.nominativo]));
	const conflicts = new Map<string, string[]>();
	if (personaIds.length)
		for (const c of db
			.select({ userId: mediatoreConflitti.userId, personaId: mediatoreConflitti.personaId, descrizione: mediatoreConflitti.descrizione })
			.from(mediatoreConflitti)
			.where(
				and(
					eq(mediatoreConflitti.organismoId, caso.organismoId),
					inArray(mediatoreConflitti.userId, ids),
					inArray(mediatoreConflitti.personaId, personaIds)
				)
			)
			.all())
			conflicts.set(c.userId, [...(conflicts.get(c.userId) ?? []), `${nameOf.get(c.personaId!) ?? ''} — ${c.descrizione}`]);
	const freeTextConflicts = new Map<string, string[]>();
	for (const c of db
		.select({ userId: mediatoreConflitti.userId, descrizione: mediatoreConflitti.descrizione })
		.from(mediatoreConflitti)
		.where(
			and(
				eq(mediatoreConflitti.organismoId, caso.organismoId),
				inArray(mediatoreConflitti.userId, ids),
				isNull(mediatoreConflitti.personaId)
			)
		)
		.all())
		freeTextConflicts.set(c.userId, [...(freeTextConflicts.get(c.userId) ?? []), c.descrizione]);
	const onCase = db
		.select({ userId: assegnazioni.mediatoreId, stato: assegnazioni.stato })
		.from(assegnazioni)
		.where(eq(assegnazioni.procedimentoId, caso.id))
		.all();
	const refused = new Set(onCase.filter((a) => a.stato === 'rifiutata').map((a) => a.userId));
	const active = new Set(onCase.filter((a) => a.stato === 'proposta' || a.stato === 'accettata').map((a) => a.userId));
	const loads = openLoads(db, caso.organismoId);
	const candidates = rows.map((r): RotationCandidate => ({
		userId: r.userId,
		nome: r.nome,
		cognome: r.cognome,
		stato: r.stato,
		accountAttivo: r.accountAttivo,
		competente: competent.has(r.userId),
		conflitti: conflicts.get(r.userId) ?? [],
		carico: loads.get(r.userId) ?? 0,
		caricoMassimo: r.caricoMassimo,
		haRifiutato: refused.has(r.userId),
		giaAssegnato: active.has(r.userId),
		ultimaAssegnazione: r.ultimaAssegnazione ? r.ultimaAssegnazione.getTime() : null
	}));
	return { candidates, freeTextConflicts };
}
