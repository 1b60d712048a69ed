import { fail, redirect } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { canCreateCase, coversSede } from '#db/access/index.ts';
import { createProcedimento } from '#db/procedimenti/repo.ts';
import { materieAttive, sediSelezionabili } from '#db/organismi/repo.ts';
import { partiFromForm, ProcedimentoInput } from '#db/procedimenti/schemas.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
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
function fieldOf(path: PropertyKey[]): string {
	if (path[0] === 'parti' && typeof path[1] === 'number') return `p${path[1]}_${String(path[2] ?? 'ruolo')}`;
	return String(path[0] ?? 'form');
}

export const actions = {
	default: async (event) => {
		const actor = requireActor(event);
		requirePermission(canCreateCase(actor), NOT_STAFF);
		const form = await event.request.formData();
		const values: Record<string, string> = {};
		for (const [k, v] of form.entries()) if (typeof v === 'string') values[k] = v;
		const parsed = ProcedimentoInput.safeParse({ ...values, parti: partiFromForm(form) });
		if (!parsed.success) {
			const errors: Record<string, string> = {};
			for (const issue of parsed.error.issues) errors[fieldOf(issue.path)] ??= issue.message;
			return fail(400, { errors, values, message: 'Controlla i campi evidenziati.' });
		}
		const result = createProcedimento(getDb(), actor, parsed.data);
		if (!result.ok) return fail(400, { errors: { [result.field ?? 'form']: result.message }, values, message: result.message });
		redirect(303, `/procedimenti/${result.id}?creato=${result.duplicate ? 'duplicato' : '1'}`);
	}
} satisfies Actions;
