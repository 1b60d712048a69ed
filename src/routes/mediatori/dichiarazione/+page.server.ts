import { fail } from '@sveltejs/kit';
import { getFormula, setFormula } from '../../../../db/mediatori/declaration.ts';
import { canEditRegistry, canViewRegistry } from '../../../../db/access/index.ts';
import { DichiarazioneInput } from '../../../../db/mediatori/schemas.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import { parseForm } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	requirePermission(canViewRegistry(actor), 'Pagina riservata al personale dell’Organismo.');
	return { testo: getFormula(getDb(), actor.organismoId), canEdit: canEditRegistry(actor) };
};

export const actions = {
	salva: async (event) => {
		const actor = requireActor(event);
		requirePermission(canEditRegistry(actor), "Solo l'amministratore o il responsabile possono modificare la dichiarazione.");
		const parsed = parseForm(DichiarazioneInput, await event.request.formData());
		if (!parsed.ok) return fail(400, { ok: false, errors: parsed.errors, values: parsed.values, message: Object.values(parsed.errors)[0] });
		const r = setFormula(getDb(), actor, parsed.data.testo);
		if (!r.ok) return fail(400, { ok: false, errors: {}, values: { testo: parsed.data.testo }, message: r.message });
		return { ok: true, message: r.message };
	}
} satisfies Actions;
