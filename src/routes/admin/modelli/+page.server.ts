import type { RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { PLACEHOLDERS } from '#db/verbali/default-templates.ts';
import { canEditModelli } from '#db/access/index.ts';
import { listModelli, resetModello, saveModello } from '#db/verbali/modelli.ts';
import { VERBALE_TIPI } from '#db/verbali/labels.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import { defineAction } from '$lib/server/action';
import { ok } from '#db/shared/outcome.ts';
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

function editor(event: RequestEvent) {
	const actor = requireActor(event);
	requirePermission(canEditModelli(actor), "Solo l'amministratore può modificare i modelli di verbale.");
	return actor;
}
const tipoOf = (fd: FormData) => ({ tipo: String(fd.get('tipo') ?? '') });

export const actions = {
	save: defineAction(
		ModelloFields,
		(v, { guard: actor }) => {
			saveModello(getDb(), actor, v);
			return ok({ message: `Modello «${v.titolo}» salvato: vale per i nuovi verbali.` });
		},
		{ guard: editor, echo: tipoOf }
	),
	reset: defineAction(
		z.object({ tipo: Tipo }),
		(v, { guard: actor }) => {
			resetModello(getDb(), actor, v.tipo);
			return ok({ message: 'Ripristinato il testo predefinito.' });
		},
		{ guard: editor, echo: tipoOf }
	)
} satisfies Actions;
