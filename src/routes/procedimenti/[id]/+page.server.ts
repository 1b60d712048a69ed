import { parseQuery } from '$lib/server/validation';
import { optionalParam } from '#db/shared/query.ts';
import type { RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { canManageCase } from '#db/access/index.ts';
import { allowedTransitions } from '#db/procedimenti/stato.ts';
import { changeStato, getProcedimento } from '#db/procedimenti/repo.ts';
import { ESITI, STATI } from '#db/procedimenti/labels.ts';
import { scadenzeProcedimento } from '#db/deadlines/repo.ts';
import { getDb } from '$lib/server/db';
import { requireCase } from '$lib/server/procedimento';
import { requirePermission } from '$lib/server/auth';
import { defineAction } from '$lib/server/action';
import { ok } from '#db/shared/outcome.ts';
import type { Actions, PageServerLoad } from './$types';

/** ?creato=1 after registering the case, =duplicato when the same form was sent twice. */
const CreatoQuery = z.object({ creato: optionalParam(z.enum(['1', 'duplicato'])) });

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
		creato: parseQuery(CreatoQuery, event.url).creato,
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
	stato: defineAction(
		StatoSchema,
		(v, { guard, event }) => {
			const r = changeStato(getDb(), guard.actor, event.params.id!, v.stato, {
				esito: v.esito ?? null,
				esitoNote: v.esitoNote || null,
				dataConclusione: v.dataConclusione ?? null
			});
			return r.ok ? ok({ message: 'Stato aggiornato.' }) : r;
		},
		{
			guard: (event: RequestEvent) => {
				const access = requireCase(event);
				requirePermission(canManageCase(access.actor, access.ctx), 'Solo la segreteria cambia lo stato del procedimento.');
				return access;
			}
		}
	)
} satisfies Actions;
