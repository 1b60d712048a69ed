import { error, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { ADESIONE_LABELS } from '#db/procedimenti/labels.ts';
import { RifiutoInput } from '#db/adesioni/schemas.ts';
import { apriAccesso, creaLinkAvvocato, rifiuta } from '#db/adesioni/service.ts';
import { formatGiorno } from '#db/shared/time.ts';
import { ok } from '#db/shared/outcome.ts';
import { getDb } from '$lib/server/db';
import { defineAction } from '$lib/server/action';
import { adesioneDeps, brand, organismoPubblico, tokenDa } from '$lib/server/adesione';
import type { Actions, PageServerLoad } from './$types';

/**
 * Adesione online, step 2 (behind the personal link a correct code opens, valid two hours): the
 * party sees its case and either hands its lawyer a link to adhere, or refuses alone.
 */
const SCADUTO = 'Il collegamento è scaduto o non è valido: inserisca di nuovo il numero di istanza e il codice di adesione.';

export const load: PageServerLoad = ({ params }) => {
	const o = organismoPubblico(params.slug);
	const open = apriAccesso(getDb(), o.id, tokenDa(params.token), 'parte');
	if (!open) error(404, { message: SCADUTO, code: 'not_found' });
	const c = open.caso;
	return {
		organismo: brand(o),
		caso: {
			numero: `${c.anno}/${c.numero}`,
			materia: c.materia,
			oggetto: c.oggetto,
			dataDeposito: formatGiorno(c.dataDeposito),
			parti: c.parti,
			risposta:
				c.adesione === 'aderito' || c.adesione === 'rifiutato'
					? `${ADESIONE_LABELS[c.adesione]}${c.dataAdesione ? ` il ${formatGiorno(c.dataAdesione)}` : ''}`
					: null
		}
	};
};

const guard = (event: RequestEvent) => ({
	organismo: organismoPubblico(event.params.slug ?? ''),
	token: tokenDa(event.params.token)
});

export const actions = {
	avvocato: defineAction(
		z.object({}),
		(_input, { guard, event }) => {
			const r = creaLinkAvvocato(getDb(), guard.organismo.id, guard.token);
			if (!r.ok) return r;
			return ok({
				message: 'Collegamento per il Suo avvocato pronto.',
				link: `${adesioneDeps(event.url.origin).origin}/o/${event.params.slug}/adesione/avvocato/${r.token}`,
				scadenza: formatGiorno(r.scadenza.toISOString().slice(0, 10))
			});
		},
		{ form: 'avvocato', guard }
	),
	rifiuta: defineAction(
		RifiutoInput,
		async (input, { guard, event }) => {
			const r = await rifiuta(adesioneDeps(event.url.origin), guard.organismo.id, guard.token, input);
			if (!r.ok) return r;
			return ok({
				message: `Il rifiuto dell’invito è stato registrato il ${formatGiorno(r.data)}. La segreteria e le altre parti ne sono informate.`
			});
		},
		{ form: 'rifiuta', guard, invalidMessage: 'Controlla i campi evidenziati.' }
	)
} satisfies Actions;
