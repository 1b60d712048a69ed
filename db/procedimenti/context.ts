import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '../client.ts';
import type { CaseContext } from '../access/index.ts';
import { assegnazioni, persone, procedimenti, soggetti } from '../schema.ts';

/** Builds the access-rule context of one procedimento (who is who), or null if it does not exist. */
export function loadCaseContext(db: Db, procedimentoId: string): CaseContext | null {
	const p = db
		.select({ organismoId: procedimenti.organismoId, sedeId: procedimenti.sedeId })
		.from(procedimenti)
		.where(eq(procedimenti.id, procedimentoId))
		.get();
	if (!p) return null;
	const people = db
		.select({ ruolo: soggetti.ruolo, userId: persone.userId })
		.from(soggetti)
		.innerJoin(persone, eq(soggetti.personaId, persone.id))
		.where(and(eq(soggetti.procedimentoId, procedimentoId), isNotNull(persone.userId)))
		.all();
	const by = (...ruoli: string[]) => people.filter((x) => ruoli.includes(x.ruolo)).map((x) => x.userId as string);
	const meds = db
		.select({ mediatoreId: assegnazioni.mediatoreId, stato: assegnazioni.stato })
		.from(assegnazioni)
		.where(and(eq(assegnazioni.procedimentoId, procedimentoId), inArray(assegnazioni.stato, ['proposta', 'accettata'])))
		.all();
	return {
		procedimentoId,
		organismoId: p.organismoId,
		sedeId: p.sedeId,
		mediatorIds: meds.filter((m) => m.stato === 'accettata').map((m) => m.mediatoreId),
		proposedMediatorIds: meds.filter((m) => m.stato === 'proposta').map((m) => m.mediatoreId),
		partyUserIds: by('parte', 'rappresentante'),
		lawyerUserIds: by('avvocato'),
		ctuUserIds: by('ctu'),
		observerUserIds: by('tirocinante', 'uditore')
	};
}
