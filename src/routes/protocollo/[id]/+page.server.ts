import { error, type RequestEvent } from '@sveltejs/kit';
import { canUseProtocollo, protocolloCaseRights, type Actor } from '#db/access/index.ts';
import { z } from 'zod';
import { parseQuery } from '$lib/server/validation';
import { flagParam } from '#db/shared/query.ts';
import type { Db } from '#db/client.ts';
import { annullaProtocollo, getProtocollo } from '#db/protocollo/repo.ts';
import { romeIsoDate } from '#db/shared/time.ts';
import { AnnullamentoSchema } from '#db/protocollo/validation.ts';
import { loadCaseContext } from '#db/procedimenti/context.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import { defineAction } from '$lib/server/action';
import { ok } from '#db/shared/outcome.ts';
import { STAFF_ONLY } from '$lib/server/protocollo-registrazione';
import type { Actions, PageServerLoad } from './$types';

/** What the actor may do with the linked case: open it, and annul entries linked to it. */
function caseRights(db: Db, actor: Actor, procedimentoId: string | null) {
	return protocolloCaseRights(actor, procedimentoId ? loadCaseContext(db, procedimentoId) : null, procedimentoId !== null);
}

export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	requirePermission(canUseProtocollo(actor), STAFF_ONLY);
	const db = getDb();
	const entry = getProtocollo(db, actor.organismoId, event.params.id);
	if (!entry) error(404, { message: 'Registrazione di protocollo non trovata.', code: 'not_found' });
	const rights = caseRights(db, actor, entry.procedimentoId);
	const { docs, procSedeId: _sede, ...rest } = entry;
	return {
		entry: rest,
		// Titles of linked documents only to who may open the case; the others see how many.
		docs: rights.view ? docs.map(({ id, titolo, nomeFile, versione, sha256 }) => ({ id, titolo, nomeFile, versione, sha256 })) : null,
		docCount: docs.length,
		canViewCase: rights.view,
		canAnnul: rights.annul && entry.annullatoIl === null,
		giorno: romeIsoDate(new Date(entry.registratoIl)),
		registrata: parseQuery(z.object({ registrata: flagParam }), event.url).registrata
	};
};

const staff = (event: RequestEvent) => {
	const actor = requireActor(event);
	requirePermission(canUseProtocollo(actor), STAFF_ONLY);
	return actor;
};

export const actions = {
	annulla: defineAction(
		AnnullamentoSchema,
		({ motivo }, { event, guard: actor }) => {
			const result = annullaProtocollo(getDb(), actor, event.params.id ?? '', motivo);
			if (!result.ok) {
				if (result.code === 'not_found') error(404, { message: result.message, code: 'not_found' });
				if (result.code === 'forbidden') error(403, { message: result.message, code: 'forbidden' });
				return result;
			}
			return ok({ annullata: true });
		},
		{ form: 'annulla', guard: staff }
	)
} satisfies Actions;
