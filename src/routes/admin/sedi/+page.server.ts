import type { RequestEvent } from '@sveltejs/kit';
import { canConfigureOrganismo } from '#db/access/index.ts';
import { creaSede, listSediConfig, modificaSede } from '#db/organismi/config.ts';
import { ModificaSede, SedeInput } from '#db/organismi/schemas.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import { defineAction } from '$lib/server/action';
import type { Actions, PageServerLoad } from './$types';

const ADMIN_ONLY = "Solo l'amministratore configura le sedi dell'organismo.";

function admin(event: Pick<RequestEvent, 'locals' | 'url'>) {
	const actor = requireActor(event);
	requirePermission(canConfigureOrganismo(actor), ADMIN_ONLY);
	return actor;
}

export const load: PageServerLoad = (event) => {
	const actor = admin(event);
	return { sedi: listSediConfig(getDb(), actor.organismoId) };
};

const sedeOf = (fd: FormData) => ({ sedeId: String(fd.get('sedeId') ?? '') });

export const actions = {
	crea: defineAction(SedeInput, (v, { guard: actor }) => creaSede(getDb(), actor, v), { guard: admin, form: 'crea' }),
	modifica: defineAction(ModificaSede, ({ sedeId, ...v }, { guard: actor }) => modificaSede(getDb(), actor, sedeId, v), {
		guard: admin,
		form: 'modifica',
		echo: sedeOf
	})
} satisfies Actions;
