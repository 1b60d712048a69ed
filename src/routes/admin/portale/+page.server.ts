import type { RequestEvent } from '@sveltejs/kit';
import { canConfigurePortale } from '#db/access/index.ts';
import { ORGANO_PREDEFINITO } from '#db/portale/labels.ts';
import { impostazioni, salvaImpostazioni } from '#db/portale/richieste.ts';
import { ImpostazioniPortaleInput } from '#db/portale/schemas.ts';
import { ok } from '#db/shared/outcome.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import { defineAction } from '$lib/server/action';
import type { Actions, PageServerLoad } from './$types';

/** Settings of the portals: the body the regolamento names for replacement requests when the mediator is the responsabile. */
function admin(event: Pick<RequestEvent, 'locals' | 'url'>) {
	const actor = requireActor(event);
	requirePermission(canConfigurePortale(actor), 'Solo l’amministratore configura i portali.');
	return actor;
}

export const load: PageServerLoad = (event) => {
	const actor = admin(event);
	return { impostazioni: impostazioni(getDb(), actor.organismoId), predefinito: ORGANO_PREDEFINITO };
};

export const actions = {
	default: defineAction(
		ImpostazioniPortaleInput,
		(v, { guard }) => {
			const r = salvaImpostazioni(getDb(), guard, v);
			return r.ok ? ok({ message: 'Impostazioni salvate.' }) : r;
		},
		{ guard: admin, invalidMessage: 'Controlla i campi evidenziati.' }
	)
} satisfies Actions;
