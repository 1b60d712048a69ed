import { canManageCaseProtocollo } from '#db/access/index.ts';
import { newId } from '#db/shared/ids.ts';
import { listDocumentiProcedimento, listProtocolloProcedimento } from '#db/protocollo/repo.ts';
import { denominazioneOrganismo } from '#db/organismi/repo.ts';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth';
import { requireCase } from '$lib/server/procedimento';
import { registraAction } from '$lib/server/protocollo-registrazione';
import type { Actions, PageServerLoad } from './$types';

const MANAGE_ONLY = 'Il protocollo del procedimento è riservato alla segreteria della sua sede e ai responsabili.';

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
	registra: async (event) => {
		const { actor, ctx } = requireCase(event);
		requirePermission(canManageCaseProtocollo(actor, ctx), MANAGE_ONLY);
		const result = await registraAction(event, event.params.id);
		if ('ok' in result && result.ok)
			return { registrata: { id: result.id, anno: result.anno, numero: result.numero, registratoIl: result.registratoIl } };
		return result;
	}
} satisfies Actions;
