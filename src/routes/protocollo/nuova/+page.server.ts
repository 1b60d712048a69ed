import { redirect } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { canUseProtocollo } from '#db/access/index.ts';
import { newId } from '#db/shared/ids.ts';
import { organismi } from '#db/schema.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import { registraAction, STAFF_ONLY } from '../registrazione.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	requirePermission(canUseProtocollo(actor), STAFF_ONLY);
	const org = getDb().select({ denominazione: organismi.denominazione }).from(organismi).where(eq(organismi.id, actor.organismoId)).get();
	return { richiestaId: newId(), organismo: org?.denominazione ?? "l'Organismo" };
};

export const actions = {
	registra: async (event) => {
		const result = await registraAction(event);
		if ('ok' in result && result.ok) redirect(303, `/protocollo/${result.id}?registrata=1`);
		return result;
	}
} satisfies Actions;
