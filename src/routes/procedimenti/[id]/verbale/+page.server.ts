import { redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { canCreateVerbale, canViewVerbali } from '#db/access/index.ts';
import { createVerbale, listVerbali } from '#db/verbali/repo.ts';
import { VERBALE_TIPI, VERBALE_TIPO_LABELS } from '#db/verbali/labels.ts';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth';
import { requireCase } from '$lib/server/procedimento';
import { defineAction } from '$lib/server/action';
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

/** The case is visible and the actor may create its verbali (segreteria, mediatore). */
function creator(event: RequestEvent) {
	const a = requireCase(event);
	requirePermission(canCreateVerbale(a.actor, a.ctx), 'Solo la segreteria o il mediatore possono creare un verbale.');
	return a;
}

export const actions = {
	create: defineAction(
		NewVerbale,
		(v, { event, guard: { actor, ctx } }) => {
			const r = createVerbale(getDb(), actor, ctx, event.params.id ?? '', v);
			if (!r.ok) return { ...r, field: 'form' };
			redirect(303, `/procedimenti/${event.params.id}/verbale/${r.id}`);
		},
		{ guard: creator }
	)
} satisfies Actions;
