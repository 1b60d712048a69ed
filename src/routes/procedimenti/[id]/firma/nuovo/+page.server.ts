import { redirect, type RequestEvent } from '@sveltejs/kit';
import { canManageFirma } from '#db/access/index.ts';
import { inviaRichieste } from '#db/firma/invii.ts';
import { documentiFirmabili } from '#db/firma/repo.ts';
import { AvvioInput, destinatariFromForm } from '#db/firma/schemas.ts';
import { avviaProcesso, prefillDestinatari } from '#db/firma/service.ts';
import { defineAction } from '$lib/server/action';
import { requirePermission } from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import { firmaDeps, invioDeps } from '$lib/server/firma';
import { requireCase } from '$lib/server/procedimento';
import { z } from 'zod';
import { parseQuery } from '$lib/server/validation';
import { optionalParam } from '#db/shared/query.ts';
import type { Actions, PageServerLoad } from './$types';

const ONLY = 'Solo il mediatore del procedimento o la segreteria possono avviare un processo di firma.';

function manager(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>) {
	const access = requireCase(event);
	requirePermission(canManageFirma(access.actor, access.ctx), ONLY);
	return access;
}

export const load: PageServerLoad = (event) => {
	manager(event);
	const db = getDb();
	const documenti = documentiFirmabili(db, event.params.id);
	const wanted = parseQuery(z.object({ documento: optionalParam(z.string().max(100)) }), event.url).documento;
	const preferito = documenti.find((d) => d.id === wanted) ?? documenti.find((d) => d.verbale?.bloccato) ?? documenti[0];
	const scadenza = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
	return {
		documenti,
		documentoId: preferito?.id ?? '',
		scadenza,
		destinatari: prefillDestinatari(db, event.params.id).map((d) => ({
			nome: d.nome,
			qualifica: d.qualifica,
			codiceFiscale: d.codiceFiscale ?? '',
			email: d.email ?? '',
			userId: d.userId ?? '',
			mediatore: d.mediatore ?? false
		}))
	};
};

export const actions = {
	avvia: defineAction(
		AvvioInput,
		async (v, { guard, event }) => {
			const { actor, ctx } = guard;
			const deps = firmaDeps(event.url.origin, ctx.organismoId);
			const r = await avviaProcesso(deps, actor, ctx, {
				procedimentoId: ctx.procedimentoId,
				documentoId: v.documentoId,
				titolo: v.titolo,
				scadenza: v.scadenza,
				sollecitoGiorni: v.sollecitoGiorni,
				destinatari: v.destinatari
			});
			if (!r.ok) return r;
			await inviaRichieste(invioDeps(event.url.origin), r.id, ctx.organismoId);
			redirect(303, `/procedimenti/${ctx.procedimentoId}/firma/${r.id}`);
		},
		{
			form: 'avvia',
			guard: manager,
			invalidMessage: undefined,
			raw: (form) => ({
				documentoId: String(form.get('documentoId') ?? ''),
				titolo: String(form.get('titolo') ?? ''),
				scadenza: String(form.get('scadenza') ?? ''),
				sollecitoGiorni: String(form.get('sollecitoGiorni') ?? ''),
				destinatari: destinatariFromForm(form)
			})
		}
	)
} satisfies Actions;
