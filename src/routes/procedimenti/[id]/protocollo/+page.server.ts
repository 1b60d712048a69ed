import { canManageCaseProtocollo } from '#db/access/index.ts';
import { newId } from '#db/shared/ids.ts';
import { listDocumentiProcedimento, listProtocolloProcedimento } from '#db/protocollo/repo.ts';
import { denominazioneOrganismo } from '#db/organismi/repo.ts';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth';
import { requireCase } from '$lib/server/procedimento';
import { registraAction, type Registrata } from '$lib/server/protocollo-registrazione';
import { ok } from '#db/shared/outcome.ts';
import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

const MANAGE_ONLY = 'Il protocollo del procedimento è riservato alla segreteria della sua sede e ai responsabili.';

/** The case is visible and the actor keeps its protocol (segreteria of its sede, responsabili). */
function caseProtocollo(event: RequestEvent) {
	const { actor, ctx } = requireCase(event);
	requirePermission(canManageCaseProtocollo(actor, ctx), MANAGE_ONLY);
	return actor;
}

export const load: PageServerLoad = (event) => {
	const { actor, ctx } = requireCase(event);
	requirePermission(canManageCaseProtocollo(actor, ctx), MANAGE_ONLY);
	const db = getDb();
	return {
		voci: listProtocolloProcedimento(db, event.params.id).map((r) => ({ ...r, procVisibile: true })),
		documenti: listDocumentiProcedimento(db, event.params.id).map(({ id, titolo, nomeFile, versione, riservato }) => ({
			id,
			titolo,
			nomeFile,
			versione,
			riservato
		})),
		richiestaId: newId(),
		organismo: denominazioneOrganismo(db, actor.organismoId)
	};
};

export const actions = {
	registra: registraAction({
		guard: caseProtocollo,
		procedimentoId: (event) => event.params.id ?? '',
		done: ({ id, anno, numero, registratoIl }: Registrata) => ok({ registrata: { id, anno, numero, registratoIl } })
	})
} satisfies Actions;
