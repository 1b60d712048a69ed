import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { canManageFirma } from '#db/access/index.ts';
import { inviaSolleciti } from '#db/firma/invii.ts';
import { signingLinkPath } from '#db/firma/link.ts';
import { pannelloProcesso, salvaVerifica, sollecitaOra } from '#db/firma/pannello.ts';
import { getProcesso } from '#db/firma/repo.ts';
import { AnnullaInput, DestinatarioRef } from '#db/firma/schemas.ts';
import { annulla, rimuoviDestinatario, verificaMediatore } from '#db/firma/service.ts';
import { ok } from '#db/shared/outcome.ts';
import { defineAction } from '$lib/server/action';
import { requirePermission } from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import { firmaDeps, invioDeps } from '$lib/server/firma';
import { requireCase } from '$lib/server/procedimento';
import { appRuntime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

/** The live monitoring panel of one process (mediator and segreteria); a recipient is sent to their own page. */
export const load: PageServerLoad = (event) => {
	event.depends('firma:pannello');
	const { actor, ctx } = requireCase(event);
	const db = getDb();
	const view = pannelloProcesso(db, actor, ctx, event.params.processoId);
	if (!view) error(404, { message: 'Processo di firma non trovato.' });
	if (!view.gestisce) redirect(303, `/procedimenti/${ctx.procedimentoId}/firma/${view.processo.id}/destinatario/${view.mio}`);
	// Recipients without an account sign through their personal link (sent in the invitation): the
	// segreteria sees it too, to hand it over by other means.
	const { config } = appRuntime();
	const p = getProcesso(db, ctx.organismoId, view.processo.id)!;
	const origin = config.origin ?? event.url.origin;
	return {
		...view,
		destinatari: view.destinatari.map((d) => ({
			...d,
			link: !d.userId && p.stato === 'in_corso' ? `${origin}${signingLinkPath(db, p, d, config.guestLinkSecret)}` : null
		}))
	};
};

function manager(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>) {
	const access = requireCase(event);
	requirePermission(canManageFirma(access.actor, access.ctx), 'Solo il mediatore o la segreteria gestiscono il processo di firma.');
	return access;
}

export const actions = {
	verifica: defineAction(
		z.object({}),
		async (_v, { guard, event }) => {
			const { actor, ctx } = guard;
			const deps = firmaDeps(event.url.origin, ctx.organismoId);
			const r = await verificaMediatore(deps, actor, ctx, event.params.processoId!);
			if (!r.ok) return r;
			salvaVerifica(deps.db, getProcesso(deps.db, ctx.organismoId, event.params.processoId!)!, r.rapporto);
			return ok({ message: `Verifica superata: ${r.rapporto.sintesi} Ora il mediatore può firmare per ultimo.` });
		},
		{ form: 'verifica', guard: manager }
	),
	sollecita: defineAction(
		z.object({}),
		async (_v, { guard, event }) => {
			const { actor, ctx } = guard;
			const now = new Date();
			const r = sollecitaOra(getDb(), actor, ctx, event.params.processoId!, now);
			if (!r.ok) return r;
			await inviaSolleciti(invioDeps(event.url.origin), r.processo, r.destinatari, now, now.toISOString());
			return ok({ message: `Sollecito inviato a ${r.destinatari.map((d) => d.nome).join(', ')}.` });
		},
		{ form: 'sollecita', guard: manager }
	),
	rimuovi: defineAction(
		DestinatarioRef,
		async (v, { guard, event }) => {
			const r = await rimuoviDestinatario(
				firmaDeps(event.url.origin, guard.ctx.organismoId),
				guard.actor,
				guard.ctx,
				event.params.processoId!,
				v.destinatarioId
			);
			return r.ok ? ok({ message: `${r.nome} rimosso dai destinatari: il suo link personale non è più valido.` }) : r;
		},
		{ form: 'rimuovi', guard: manager }
	),
	annulla: defineAction(
		AnnullaInput,
		(v, { guard, event }) => {
			const r = annulla(getDb(), guard.actor, guard.ctx, event.params.processoId!, v.motivo);
			return r.ok ? ok({ message: 'Processo di firma annullato. Le firme già apposte restano nel fascicolo.' }) : r;
		},
		{ form: 'annulla', guard: manager }
	)
} satisfies Actions;
