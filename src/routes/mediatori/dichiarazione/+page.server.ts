import type { RequestEvent } from '@sveltejs/kit';
import { getFormula, setFormula } from '#db/mediatori/declaration.ts';
import { canEditRegistry, canViewRegistry } from '#db/access/index.ts';
import { DichiarazioneInput } from '#db/mediatori/schemas.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import { defineAction } from '$lib/server/action';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	requirePermission(canViewRegistry(actor), 'Pagina riservata al personale dell’Organismo.');
	return { testo: getFormula(getDb(), actor.organismoId), canEdit: canEditRegistry(actor) };
};

export const actions = {
	salva: defineAction(DichiarazioneInput, (v, { guard: actor }) => setFormula(getDb(), actor, v.testo), {
		guard: (event: RequestEvent) => {
			const actor = requireActor(event);
			requirePermission(canEditRegistry(actor), "Solo l'amministratore o il responsabile possono modificare la dichiarazione.");
			return actor;
		}
	})
} satisfies Actions;
