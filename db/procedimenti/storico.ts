import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { verifyAuditRows, type AuditVerification } from '../audit/repo.ts';
import { auditLog, memberships, persone, soggetti, users } from '../schema.ts';

export interface StoricoRow {
	id: number;
	at: string;
	action: string;
	details: string;
	actorId: string | null;
	actorNome: string | null;
	actorCognome: string | null;
	actorRole: (typeof memberships.$inferSelect)['role'] | null;
}

export interface Storico {
	rows: StoricoRow[];
	/** Names for the ids found in the details: mediators (user id) and parties (centro di interesse id). */
	utenti: Map<string, string>;
	centri: Map<string, string>;
	/** The rows shown, each recomputed and checked against the row before it in its chain. */
	verifica: AuditVerification;
}

/** Every value of a `mediatoreId` key anywhere in a details object (trace candidates included). */
function mediatoreIds(value: unknown, out: Set<string>): void {
	if (Array.isArray(value)) for (const v of value) mediatoreIds(v, out);
	else if (value && typeof value === 'object')
		for (const [k, v] of Object.entries(value)) {
			if (k === 'mediatoreId' && typeof v === 'string') out.add(v);
			else mediatoreIds(v, out);
		}
}

/**
 * The audit rows of one procedimento, newest first: those about the procedimento itself and those
 * about its parts (documents, protocol entries...) that carry `procedimentoId` in their details.
 */
export function storicoProcedimento(db: Db, organismoId: string, procedimentoId: string): Storico {
	const rows = db
		.select({
			id: auditLog.id,
			at: auditLog.at,
			action: auditLog.action,
			details: auditLog.details,
			actorId: auditLog.actorId,
			actorNome: users.nome,
			actorCognome: users.cognome,
			actorRole: memberships.role
		})
		.from(auditLog)
		.leftJoin(users, eq(auditLog.actorId, users.id))
		.leftJoin(memberships, and(eq(memberships.userId, auditLog.actorId), eq(memberships.organismoId, organismoId)))
		.where(
			and(
				eq(auditLog.organismoId, organismoId),
				or(
					and(eq(auditLog.entityType, 'procedimento'), eq(auditLog.entityId, procedimentoId)),
					sql`json_extract(${auditLog.details}, '$.procedimentoId') = ${procedimentoId}`
				)
			)
		)
		.orderBy(desc(auditLog.id))
		.all();

	const ids = new Set<string>();
	for (const r of rows) mediatoreIds(JSON.parse(r.details), ids);
	const utenti = new Map(
		(ids.size
			? db
					.select({ id: users.id, nome: users.nome, cognome: users.cognome })
					.from(users)
					.where(inArray(users.id, [...ids]))
					.all()
			: []
		).map((u) => [u.id, `${u.nome} ${u.cognome}`])
	);

	const centri = new Map<string, string>();
	const parti = db
		.select({ centroId: soggetti.centroId, nome: persone.nome, cognome: persone.cognome, denominazione: persone.denominazione })
		.from(soggetti)
		.innerJoin(persone, eq(soggetti.personaId, persone.id))
		.where(and(eq(soggetti.procedimentoId, procedimentoId), eq(soggetti.ruolo, 'parte')))
		.all();
	for (const p of parti) {
		if (!p.centroId) continue;
		const nome = p.denominazione ?? `${p.nome ?? ''} ${p.cognome ?? ''}`.trim();
		centri.set(p.centroId, centri.has(p.centroId) ? `${centri.get(p.centroId)}, ${nome}` : nome);
	}

	return {
		rows,
		utenti,
		centri,
		verifica: verifyAuditRows(
			db,
			rows.map((r) => r.id)
		)
	};
}
