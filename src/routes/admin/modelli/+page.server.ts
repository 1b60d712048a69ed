import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { PLACEHOLDERS } from '../../../../db/verbali/default-templates.ts';
import { canEditModelli } from '../../../../db/access/index.ts';
import { listModelli, resetModello, saveModello } from '../../../../db/verbali/modelli.ts';
import { VERBALE_TIPI } from '../../../../db/verbali/repo.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import { parseForm } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

const Tipo = z.enum(VERBALE_TIPI, { error: 'Modello non valido.' });
const ModelloFields = z.object({
	tipo: Tipo,
	titolo: z.string().trim().min(1, 'Inserisci il titolo.').max(200, 'Al massimo 200 caratteri.'),
	testo: z.string().trim().min(1, 'Il testo non può essere vuoto.').max(50_000, 'Al massimo 50.000 caratteri.')
});

export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	requirePermission(canEditModelli(actor), "Solo l'amministratore può modificare i modelli di verbale.");
	return { modelli: listModelli(getDb(), actor.organismoId), placeholders: PLACEHOLDERS };
};

export const actions = {
	save: async (event) => {
		const actor = requireActor(event);
		requirePermission(canEditModelli(actor), "Solo l'amministratore può modificare i modelli di verbale.");
		const parsed = parseForm(ModelloFields, await event.request.formData());
		if (!parsed.ok) return fail(400, { tipo: parsed.values.tipo, errors: parsed.errors, values: parsed.values });
		saveModello(getDb(), actor, parsed.data);
		return { tipo: parsed.data.tipo, message: `Modello «${parsed.data.titolo}» salvato: vale per i nuovi verbali.` };
	},
	reset: async (event) => {
		const actor = requireActor(event);
		requirePermission(canEditModelli(actor), "Solo l'amministratore può modificare i modelli di verbale.");
		const parsed = parseForm(z.object({ tipo: Tipo }), await event.request.formData());
		if (!parsed.ok) return fail(400, { tipo: '', errors: parsed.errors, values: parsed.values });
		resetModello(getDb(), actor, parsed.data.tipo);
		return { tipo: parsed.data.tipo, message: 'Ripristinato il testo predefinito.' };
	}
} satisfies Actions;
