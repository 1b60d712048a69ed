import { z } from 'zod';
import {
	aggiungiDisponibilita,
	aggiungiIndisponibilita,
	listDisponibilita,
	listIndisponibilita,
	rimuovi
} from '#db/agenda/availability.ts';
import { DisponibilitaInput, IndisponibilitaInput } from '#db/agenda/schemas.ts';
import { formatRange } from '#db/shared/time.ts';
import { canManageAvailability } from '#db/access/index.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import { defineAction } from '$lib/server/action';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

function mediatore(event: Pick<RequestEvent, 'locals' | 'url'>) {
	const actor = requireActor(event);
	requirePermission(canManageAvailability(actor), 'Pagina riservata ai mediatori.');
	return actor;
}

export const load: PageServerLoad = (event) => {
	const actor = mediatore(event);
	const db = getDb();
	return {
		disponibilita: listDisponibilita(db, actor.organismoId, actor.id),
		indisponibilita: listIndisponibilita(db, actor.organismoId, actor.id).map((r) => ({
			id: r.id,
			quando: formatRange(Date.parse(r.inizio), Date.parse(r.fine)),
			motivo: r.motivo
		}))
	};
};

const Rimuovi = z.object({
	tipo: z.string().optional(),
	id: z.string().max(64, 'Voce non valida.').default('')
});

export const actions = {
	disponibilita: defineAction(DisponibilitaInput, (v, { guard: actor }) => aggiungiDisponibilita(getDb(), actor, v), {
		form: 'disponibilita',
		guard: mediatore
	}),
	indisponibilita: defineAction(IndisponibilitaInput, (v, { guard: actor }) => aggiungiIndisponibilita(getDb(), actor, v), {
		form: 'indisponibilita',
		guard: mediatore
	}),
	rimuovi: defineAction(
		Rimuovi,
		(v, { guard: actor }) => rimuovi(getDb(), actor, v.tipo === 'disponibilita' ? 'disponibilita' : 'indisponibilita', v.id),
		{ form: 'rimuovi', guard: mediatore }
	)
} satisfies Actions;
