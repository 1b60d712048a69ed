import { error, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { canConfigureOrganismo } from '#db/access/index.ts';
import { EliminaVersioneTariffa, NuovaVersioneTariffaForm, tariffaFormRaw } from '#db/fees/schemas.ts';
import { creaVersioneTariffa, eliminaVersioneTariffa, getVersioneTariffa, listVersioniTariffa, primaDataUtile } from '#db/fees/versions.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import { defineAction } from '$lib/server/action';
import type { Actions, PageServerLoad } from './$types';

const ADMIN_ONLY = "Solo l'amministratore configura le tariffe dell'organismo.";

function admin(event: Pick<RequestEvent, 'locals' | 'url'>) {
	const actor = requireActor(event);
	requirePermission(canConfigureOrganismo(actor), ADMIN_ONLY);
	return actor;
}

const Query = z.object({ base: z.string().min(1).max(100).optional() });

export const load: PageServerLoad = (event) => {
	const actor = admin(event);
	const db = getDb();
	const q = Query.safeParse(Object.fromEntries(event.url.searchParams));
	if (!q.success) error(400, { message: 'Versione non valida.' });
	const versioni = listVersioniTariffa(db, actor.organismoId);
	// The form starts from the chosen version, else from the newest one (a planned one included).
	const baseId = q.data.base ?? versioni.at(-1)?.id;
	const base = baseId ? getVersioneTariffa(db, actor.organismoId, baseId) : null;
	if (q.data.base && !base) error(404, { message: 'Versione non trovata.' });
	return { versioni, base, primaData: primaDataUtile(db, actor.organismoId) };
};

export const actions = {
	crea: defineAction(NuovaVersioneTariffaForm, (v, { guard: actor }) => creaVersioneTariffa(getDb(), actor, v), {
		guard: admin,
		form: 'crea',
		raw: tariffaFormRaw,
		invalidMessage: 'Controlla i campi segnati: la versione non è stata salvata.'
	}),
	elimina: defineAction(EliminaVersioneTariffa, (v, { guard: actor }) => eliminaVersioneTariffa(getDb(), actor, v.tariffaId), {
		guard: admin,
		form: 'elimina'
	})
} satisfies Actions;
