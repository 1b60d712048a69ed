import { fail } from '@sveltejs/kit';
import { canUsePostaInArrivo } from '#db/access/index.ts';
import { casiDellaPersona, listPostaArrivo } from '#db/comunicazioni/repo.ts';
import { RegistraArrivoInput } from '#db/comunicazioni/schemas.ts';
import { registraArrivo } from '#db/comunicazioni/service.ts';
import { fileStoreFor } from '#db/documents/storage.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import { z } from 'zod';
import { parseForm, parseQuery } from '$lib/server/validation';
import { flagParam } from '#db/shared/query.ts';
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

export const actions = {
	registra: async (event) => {
		const actor = requireActor(event);
		requirePermission(canUsePostaInArrivo(actor), 'Solo la segreteria registra la posta in arrivo.');
		const parsed = parseForm(RegistraArrivoInput, await event.request.formData());
		if (!parsed.ok) return fail(400, { message: Object.values(parsed.errors)[0] });
		const numero = parsed.data.procedimento?.split('/').map(Number);
		const db = getDb();
		const r = await registraArrivo(
			db,
			fileStoreFor(db),
			actor,
			parsed.data.arrivoId,
			numero ? { anno: numero[0], numero: numero[1] } : null
		);
		if (!r.ok) return fail(r.code === 'forbidden' ? 403 : r.code === 'not_found' ? 404 : 400, { message: r.message });
		return {
			ok: true,
			message: `${r.duplicate ? 'Già registrato' : 'Registrato'} al protocollo n. ${r.protocollo}${r.procedimentoId ? ' e collegato al procedimento' : ''}.`
		};
	}
} satisfies Actions;
