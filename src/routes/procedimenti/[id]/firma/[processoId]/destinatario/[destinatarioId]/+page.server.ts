import type { RequestEvent } from '@sveltejs/kit';
import { recipientActions, recipientLoad, type RecipientAccess } from '$lib/server/firma-destinatario';
import { requireCase } from '$lib/server/procedimento';
import type { Actions, PageServerLoad } from './$types';

/** A recipient's page, signed in: the recipient's account, or who manages the process (db/access/firma.ts). */
function access(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>): RecipientAccess {
	const { actor, ctx } = requireCase(event);
	return { actor, ctx, processoId: event.params.processoId!, destinatarioId: event.params.destinatarioId! };
}

export const load: PageServerLoad = (event) => {
	event.depends('firma:destinatario');
	const a = access(event);
	return {
		...recipientLoad(event, a),
		documentoHref: `/procedimenti/${a.ctx.procedimentoId}/firma/${a.processoId}/documento`,
		processoHref: `/procedimenti/${a.ctx.procedimentoId}/firma/${a.processoId}`
	};
};

export const actions = recipientActions(access) satisfies Actions;
