import { canEditOwnProfile, hasProfessionalProfile } from '#db/access/index.ts';
import { MAX_ALTRI_ORGANISMI, MODIFICA_STATO_LABELS } from '#db/portale/labels.ts';
import { getProfilo, proponiProfessionale, salvaContatti } from '#db/portale/profilo.ts';
import { ContattiInput, ProfessionaleInput } from '#db/portale/schemas.ts';
import { ok } from '#db/shared/outcome.ts';
import { getDb } from '$lib/server/db';
import { defineAction } from '$lib/server/action';
import { requireActor, requirePermission } from '$lib/server/auth';
import type { Actions, PageServerLoad } from './$types';

/** Area riservata: one's own contacts and billing data; mediators also their professional data (approved by the segreteria). */
export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	requirePermission(canEditOwnProfile(actor));
	const p = getProfilo(getDb(), actor);
	return {
		...p,
		professionaleAbilitato: hasProfessionalProfile(actor),
		maxAltri: MAX_ALTRI_ORGANISMI,
		ultimaModifica: p.ultimaModifica ? { ...p.ultimaModifica, statoLabel: MODIFICA_STATO_LABELS[p.ultimaModifica.stato] } : null
	};
};

const guard = (event: Parameters<typeof requireActor>[0]) => requireActor(event);

export const actions = {
	contatti: defineAction(
		ContattiInput,
		(v, { guard }) => {
			const r = salvaContatti(getDb(), guard, v);
			return r.ok ? ok({ message: 'Dati salvati.' }) : r;
		},
		{ form: 'contatti', guard, invalidMessage: 'Controlla i campi evidenziati.' }
	),
	professionale: defineAction(
		ProfessionaleInput,
		(v, { guard }) => {
			const r = proponiProfessionale(getDb(), guard, v);
			return r.ok ? ok({ message: 'Modifica inviata: la segreteria la approverà. Fino ad allora valgono i dati precedenti.' }) : r;
		},
		{
			form: 'professionale',
			guard,
			invalidMessage: 'Controlla i campi evidenziati.',
			raw: (form) => ({
				lingue: form.get('lingue') ?? undefined,
				altriOrganismi: form.get('altriOrganismi') ?? undefined,
				oreFormazione: form.get('oreFormazione') ?? undefined,
				materie: form.getAll('materie')
			})
		}
	)
} satisfies Actions;
