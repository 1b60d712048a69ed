import type { RequestEvent } from '@sveltejs/kit';
import { canUsePostaInArrivo } from '#db/access/index.ts';
import { casiDellaPersona, listPostaArrivo } from '#db/comunicazioni/repo.ts';
import { RegistraArrivoInput } from '#db/comunicazioni/schemas.ts';
import { registraArrivo } from '#db/comunicazioni/service.ts';
import { fileStoreFor } from '#db/documents/storage.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import { z } from 'zod';
import { parseQuery } from '$lib/server/validation';
import { flagParam } from '#db/shared/query.ts';
import { defineAction } from '$lib/server/action';
import { ok } from '#db/shared/outcome.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	requirePermission(canUsePostaInArrivo(actor), 'Solo la segreteria legge la posta in arrivo.');
	const db = getDb();
	const { tutti } = parseQuery(z.object({ tutti: flagParam }), event.url);
	const arrivi = listPostaArrivo(db, actor.organismoId, tutti ? 'tutti' : 'da_registrare').map((a) => ({
		...a,
		suggeriti: a.personaId ? casiDellaPersona(db, a.personaId).map((c) => ({ numero: `${c.anno}/${c.numero}`, oggetto: c.oggetto })) : []
	}));
	return { arrivi, tutti };
};

/** Signed in as the segreteria that registers the incoming mail. */
function segreteria(event: RequestEvent) {
	const actor = requireActor(event);
	requirePermission(canUsePostaInArrivo(actor), 'Solo la segreteria registra la posta in arrivo.');
	return actor;
}

export const actions = {
	registra: defineAction(
		RegistraArrivoInput,
		async ({ arrivoId, procedimento }, { guard: actor }) => {
			const numero = procedimento?.split('/').map(Number);
			const db = getDb();
			const r = await registraArrivo(db, fileStoreFor(db), actor, arrivoId, numero ? { anno: numero[0], numero: numero[1] } : null);
			if (!r.ok) return r;
			return ok({
				message: `${r.duplicate ? 'Già registrato' : 'Registrato'} al protocollo n. ${r.protocollo}${r.procedimentoId ? ' e collegato al procedimento' : ''}.`
			});
		},
		{ guard: segreteria }
	)
} satisfies Actions;
