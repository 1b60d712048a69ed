import { redirect } from '@sveltejs/kit';
import { canUseProtocollo } from '#db/access/index.ts';
import { newId } from '#db/shared/ids.ts';
import { denominazioneOrganismo } from '#db/organismi/repo.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import { registraAction, STAFF_ONLY } from '$lib/server/protocollo-registrazione';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	requirePermission(canUseProtocollo(actor), STAFF_ONLY);
	return { richiestaId: newId(), organismo: denominazioneOrganismo(getDb(), actor.organismoId) };
};

export const actions = {
	registra: async (event) => {
		const result = await registraAction(event);
		if ('ok' in result && result.ok) redirect(303, `/protocollo/${result.id}?registrata=1`);
		return result;
	}
} satisfies Actions;
