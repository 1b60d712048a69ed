import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { canManageCase } from '#db/access/index.ts';
import { verifyAuditChain } from '#db/audit/repo.ts';
import { ROLE_LABELS } from '#db/auth/roles.ts';
import { auditLog, memberships, persone, soggetti, users } from '#db/schema.ts';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth';
import { requireCase } from '$lib/server/procedimento';
import { dettagliEvento, labelAzione } from './eventi';
import type { PageServerLoad } from './$types';

const STAFF_ONLY = 'Lo storico del procedimento è riservato alla segreteria della sua sede e ai responsabili.';

/**
 * Audit rows of the case: those about the procedimento itself, and those about its parts
 * (documents, protocol entries...) that carry `procedimentoId` in their details.
 */
export const load: PageServerLoad = (event) => {
	const { actor, ctx } = requireCase(event);
	requirePermission(canManageCase(actor, ctx), STAFF_ONLY);
	const db = getDb();
	const id = event.params.id;
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
		.leftJoin(memberships, and(eq(memberships.userId, auditLog.actorId), eq(memberships.organismoId, ctx.organismoId)))
		.where(
			and(
				eq(auditLog.organismoId, ctx.organismoId),
				or(
					and(eq(auditLog.entityType, 'procedimento'), eq(auditLog.entityId, id)),
					sql`json_extract(${auditLog.details}, '$.procedimentoId') = ${id}`
				)
			)
		)
		.orderBy(desc(auditLog.id))
		.all();

	// Names for ids found in the details: mediators and the parties of each centro di interesse.
	const userIds = [...new Set(rows.flatMap((r) => [...r.details.matchAll(/"mediatoreId":"([^"]+)"/g)].map((m) => m[1])))];
	const utenti = new Map(
		(userIds.length
			? db.select({ id: users.id, nome: users.nome, cognome: users.cognome }).from(users).where(inArray(users.id, userIds)).all()
			: []
		).map((u) => [u.id, `${u.nome} ${u.cognome}`])
	);
	const centri = new Map<string, string>();
	const parti = db
		.select({ centroId: soggetti.centroId, nome: persone.nome, cognome: persone.cognome, denominazione: persone.denominazione })
		.from(soggetti)
		.innerJoin(persone, eq(soggetti.personaId, persone.id))
		.where(and(eq(soggetti.procedimentoId, id), eq(soggetti.ruolo, 'parte')))
		.all();
	for (const p of parti) {
		if (!p.centroId) continue;
		const nome = p.denominazione ?? `${p.nome ?? ''} ${p.cognome ?? ''}`.trim();
		centri.set(p.centroId, centri.has(p.centroId) ? `${centri.get(p.centroId)}, ${nome}` : nome);
	}

	return {
		eventi: rows.map((r) => ({
			id: r.id,
			at: r.at,
			azione: labelAzione(r.action),
			codice: r.action,
			autore: r.actorId
				? r.actorNome
					? `${r.actorNome} ${r.actorCognome} (${ROLE_LABELS[r.actorRole!] ?? r.actorRole})`
					: 'Utente non più presente'
				: 'Sistema',
			dettagli: dettagliEvento(r.action, r.details, { utenti, centri })
		})),
		verifica: verifyAuditChain(db, ctx.organismoId)
	};
};
