import { redirect } from '@sveltejs/kit';
import { newId } from '#db/shared/ids.ts';
import { denominazioneOrganismo } from '#db/organismi/repo.ts';
import { getDb } from '$lib/server/db';
import { protocolloStaff, registraAction } from '$lib/server/protocollo-registrazione';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = protocolloStaff(event);
	return { richiestaId: newId(), organismo: denominazioneOrganismo(getDb(), actor.organismoId) };
};

export const actions = {
	registra: registraAction({ guard: protocolloStaff, done: (r) => redirect(303, `/protocollo/${r.id}?registrata=1`) })
} satisfies Actions;
