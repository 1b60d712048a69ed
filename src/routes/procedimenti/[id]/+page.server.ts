import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { canManageCase } from '../../../../db/access/index.ts';
import { allowedTransitions } from '../../../../db/procedimenti/stato.ts';
import { changeStato, getProcedimento } from '../../../../db/procedimenti/repo.ts';
import { ESITI, STATI } from '../../../../db/procedimenti/schema.ts';
import { scadenzeProcedimento } from '../../../../db/deadlines/repo.ts';
import { getDb } from '$lib/server/db';
import { requireCase } from '$lib/server/procedimento';
import { requirePermission } from '$lib/server/auth';
import { parseForm } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { actor, ctx } = requireCase(event);
	const row = getProcedimento(getDb(), event.params.id)!;
	const manage = canManageCase(actor, ctx);
	return {
		p: row.p,
		materia: row.materia,
		sede: row.sede,
		manage,
		transitions: manage ? allowedTransitions(row.p.stato) : [],
		creato: event.url.searchParams.get('creato'),
		scadenze: scadenzeProcedimento(getDb(), event.params.id) ?? []
	};
};

const StatoSchema = z.object({
	stato: z.enum(STATI, { error: 'Stato non valido.' }),
	esito: z.preprocess((v) => (v === '' ? undefined : v), z.enum(ESITI, { error: 'Esito non valido.' }).optional()),
	esitoNote: z.string().trim().max(2000, 'Massimo 2000 caratteri.').optional(),
	dataConclusione: z.preprocess((v) => (v === '' ? undefined : v), z.iso.date('Data non valida.').optional())
});

export const actions = {
	stato: async (event) => {
		const { actor, ctx } = requireCase(event);
		requirePermission(canManageCase(actor, ctx), 'Solo la segreteria cambia lo stato del procedimento.');
		const parsed = parseForm(StatoSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { message: Object.values(parsed.errors)[0] });
		const r = changeStato(getDb(), actor, event.params.id, parsed.data.stato, {
			esito: parsed.data.esito ?? null,
			esitoNote: parsed.data.esitoNote || null,
			dataConclusione: parsed.data.dataConclusione ?? null
		});
		if (!r.ok) return fail(400, { message: r.message });
		return { message: 'Stato aggiornato.', ok: true };
	}
} satisfies Actions;
