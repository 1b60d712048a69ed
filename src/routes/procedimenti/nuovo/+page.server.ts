import { redirect, type RequestEvent } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { canCreateCase, coversSede } from '#db/access/index.ts';
import { createProcedimento } from '#db/procedimenti/repo.ts';
import { materieAttive, sediSelezionabili } from '#db/organismi/repo.ts';
import { partiFromForm, ProcedimentoInput } from '#db/procedimenti/schemas.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import { defineAction, stringFields } from '$lib/server/action';
import type { Actions, PageServerLoad } from './$types';

const NOT_STAFF = 'Solo la segreteria registra nuovi procedimenti.';

export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	requirePermission(canCreateCase(actor), NOT_STAFF);
	const db = getDb();
	return {
		richiestaId: randomUUID(),
		oggi: new Date().toISOString().slice(0, 10),
		sedi: sediSelezionabili(db, actor.organismoId).filter((s) => coversSede(actor, s.id)),
		materie: materieAttive(db, actor.organismoId)
	};
};

/** zod issue path -> form field name: ['parti', 0, 'cognome'] -> 'p0_cognome'. */
function fieldOf(path: readonly PropertyKey[]): string {
	if (path[0] === 'parti' && typeof path[1] === 'number') return `p${path[1]}_${String(path[2] ?? 'ruolo')}`;
	return String(path[0] ?? 'form');
}

/** Signed in and allowed to register cases (segreteria). */
function staff(event: RequestEvent) {
	const actor = requireActor(event);
	requirePermission(canCreateCase(actor), NOT_STAFF);
	return actor;
}

export const actions = {
	default: defineAction(
		ProcedimentoInput,
		(input, { guard: actor }) => {
			const result = createProcedimento(getDb(), actor, input);
			if (!result.ok) return { ...result, field: result.field ?? 'form' };
			redirect(303, `/procedimenti/${result.id}?creato=${result.duplicate ? 'duplicato' : '1'}`);
		},
		{
			guard: staff,
			// The parties are numbered fields (p0_cognome, ...): zod reads them as a list.
			raw: (form) => ({ ...stringFields(form), parti: partiFromForm(form) }),
			fieldOf,
			invalidMessage: 'Controlla i campi evidenziati.'
		}
	)
} satisfies Actions;
