import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { listCaselle } from '#db/comunicazioni/repo.ts';
import { CasellaInput } from '#db/comunicazioni/schemas.ts';
import { canManageCaselle, saveCasella, testCasella } from '#db/comunicazioni/service.ts';
import { MISSING_KEY_MESSAGE } from '#db/comunicazioni/secret.ts';
import { getDb } from '$lib/server/db';
import { appRuntime } from '$lib/server/runtime';
import { requireActor, requirePermission } from '$lib/server/auth';
import { parseForm } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	requirePermission(canManageCaselle(actor));
	// Never the password, not even encrypted.
	const caselle = listCaselle(getDb(), actor.organismoId).map(({ passwordCifrata: _p, ...c }) => ({
		...c,
		fidati: c.gestoriFidati.length > 0
	}));
	const chiave = appRuntime().config.mail.credentialsKey ? null : MISSING_KEY_MESSAGE;
	return { caselle, chiave };
};

export const actions = {
	salva: async (event) => {
		const actor = requireActor(event);
		requirePermission(canManageCaselle(actor));
		const parsed = parseForm(CasellaInput, await event.request.formData(), { secret: ['password'] });
		if (!parsed.ok) return fail(400, { message: Object.values(parsed.errors)[0], errors: parsed.errors, values: parsed.values });
		const r = saveCasella(getDb(), actor, parsed.data, appRuntime().config.mail.credentialsKey);
		if (!r.ok)
			return fail(r.code === 'forbidden' ? 403 : 400, { message: r.message, errors: { [r.field ?? 'form']: r.message }, values: {} });
		return { ok: true, message: 'Casella salvata.' };
	},
	prova: async (event) => {
		const actor = requireActor(event);
		requirePermission(canManageCaselle(actor));
		const parsed = parseForm(z.object({ id: z.string().min(1).max(64) }), await event.request.formData());
		if (!parsed.ok) return fail(400, { message: 'Casella non valida.' });
		const key = appRuntime().config.mail.credentialsKey;
		if (!key) return fail(400, { message: MISSING_KEY_MESSAGE });
		const r = await testCasella(getDb(), actor, parsed.data.id, { key });
		if (!r.ok) return fail(400, { message: r.message, provaId: parsed.data.id });
		return { ok: true, message: r.message, provaId: parsed.data.id };
	}
} satisfies Actions;
