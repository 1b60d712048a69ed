import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { canCreateVerbale, canViewVerbali } from '#db/access/index.ts';
import { createVerbale, listVerbali } from '#db/verbali/repo.ts';
import { VERBALE_TIPI, VERBALE_TIPO_LABELS } from '#db/verbali/labels.ts';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth';
import { requireCase } from '$lib/server/procedimento';
import { parseForm, type FieldErrors } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

const NewVerbale = z.object({
	tipo: z.enum(VERBALE_TIPI, { error: 'Scegli il modello del verbale.' }),
	titolo: z.string().trim().max(200, 'Il titolo può avere al massimo 200 caratteri.').optional()
});

export const load: PageServerLoad = (event) => {
	const { actor, ctx } = requireCase(event);
	requirePermission(canViewVerbali(actor, ctx), 'Non puoi consultare i verbali di questo procedimento.');
	return {
		verbali: listVerbali(getDb(), event.params.id).map((v) => ({ ...v, tipoLabel: VERBALE_TIPO_LABELS[v.tipo] })),
		canCreate: canCreateVerbale(actor, ctx),
		tipi: VERBALE_TIPI.map((t) => ({ value: t, label: VERBALE_TIPO_LABELS[t] }))
	};
};

export const actions = {
	create: async (event) => {
		const { actor, ctx } = requireCase(event);
		requirePermission(canCreateVerbale(actor, ctx), 'Solo la segreteria o il mediatore possono creare un verbale.');
		const parsed = parseForm(NewVerbale, await event.request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const r = createVerbale(getDb(), actor, ctx, event.params.id, parsed.data);
		if (!r.ok) return fail(403, { errors: { form: r.message } as FieldErrors, values: { ...parsed.data } as Record<string, string> });
		redirect(303, `/procedimenti/${event.params.id}/verbale/${r.id}`);
	}
} satisfies Actions;
