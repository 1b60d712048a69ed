import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { assegnazioni, materie, procedimenti, users } from '../schema.ts';
import { declarationFor } from './answer.ts';
import { CLOSED_STATI } from './assignment.ts';
import { caseSummary } from './procedimento-summary.ts';

/**
 * The "Incarichi" page of a mediator: pending proposals (with what is needed to check conflicts
 * and the declaration to sign) and the accepted cases. Only the mediator's own assignments, in the
 * Organismo of the current membership (a mediator of several sees each one's apart).
 */
export function listIncarichi(db: Db, organismoId: string, mediatorUserId: string) {
	const me = db.select({ nome: users.nome, cognome: users.cognome }).from(users).where(eq(users.id, mediatorUserId)).get();
	if (!me) return { proposte: [], incarichi: [] };
	const rows = db
		.select({
			assegnazioneId: assegnazioni.id,
			procedimentoId: procedimenti.id,
			anno: procedimenti.anno,
			numero: procedimenti.numero,
			materia: materie.nome,
			oggetto: procedimenti.oggetto,
			stato: procedimenti.stato,
			ruolo: assegnazioni.ruolo,
			metodo: assegnazioni.metodo,
			statoAssegnazione: assegnazioni.stato,
			createdAt: assegnazioni.createdAt,
			rispostaAt: assegnazioni.rispostaAt
		})
		.from(assegnazioni)
		.innerJoin(procedimenti, eq(procedimenti.id, assegnazioni.procedimentoId))
		.innerJoin(materie, eq(materie.id, procedimenti.materiaId))
		.where(
			and(
				eq(procedimenti.organismoId, organismoId),
				eq(assegnazioni.mediatoreId, mediatorUserId),
				inArray(assegnazioni.stato, ['proposta', 'accettata'])
			)
		)
		.orderBy(desc(assegnazioni.createdAt))
		.all();
	const proposte = rows
		.filter((r) => r.statoAssegnazione === 'proposta')
		.flatMap(({ statoAssegnazione: _s, rispostaAt: _r, ...head }) => {
			const caso = caseSummary(db, head.procedimentoId);
			if (!caso) return [];
			return [
				{
					...head,
					soggetti: caso.soggetti,
					chiuso: CLOSED_STATI.includes(caso.stato),
					dichiarazione: declarationFor(db, caso, me, head.ruolo)
				}
			];
		});
	const incarichi = rows
		.filter((r) => r.statoAssegnazione === 'accettata')
		.map(({ statoAssegnazione: _s, ...r }) => ({ ...r, aperto: !CLOSED_STATI.includes(r.stato) }))
		.sort((x, y) => Number(y.aperto) - Number(x.aperto) || y.anno - x.anno || y.numero - x.numero);
	return { proposte, incarichi };
}
