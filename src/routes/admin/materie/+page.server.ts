import type { RequestEvent } from '@sveltejs/kit';
import { canConfigureOrganismo } from '#db/access/index.ts';
import { creaMateria, listMaterieConfig, modificaMateria, spostaMateria } from '#db/organismi/config.ts';
import { ModificaMateria, NuovaMateria, SpostaMateria } from '#db/organismi/schemas.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import { defineAction } from '$lib/server/action';
import type { Actions, PageServerLoad } from './$types';

const ADMIN_ONLY = "Solo l'amministratore configura le materie dell'organismo.";

function admin(event: Pick<RequestEvent, 'locals' | 'url'>) {
	const actor = requireActor(event);
	requirePermission(canConfigureOrganismo(actor), ADMIN_ONLY);
	return actor;
}

export const load: PageServerLoad = (event) => {
	const actor = admin(event);
	return { materie: listMaterieConfig(getDb(), actor.organismoId) };
};

const materiaOf = (fd: FormData) => ({ materiaId: String(fd.get('materiaId') ?? '') });

export const actions = {
	crea: defineAction(NuovaMateria, (v, { guard: actor }) => creaMateria(getDb(), actor, v), { guard: admin, form: 'crea' }),
	modifica: defineAction(ModificaMateria, ({ materiaId, ...v }, { guard: actor }) => modificaMateria(getDb(), actor, materiaId, v), {
		guard: admin,
		form: 'modifica',
		echo: materiaOf
	}),
	sposta: defineAction(SpostaMateria, (v, { guard: actor }) => spostaMateria(getDb(), actor, v.materiaId, v.verso), {
		guard: admin,
		form: 'sposta',
		echo: materiaOf
	})
} satisfies Actions;
