import type { RequestEvent } from '@sveltejs/kit';
import { getOrganismoById } from '#db/organismi/repo.ts';
import { getDb } from '$lib/server/db';
import { recipientActions, recipientLoad, type RecipientAccess } from '$lib/server/firma-destinatario';
import { requireSigningLink } from '$lib/server/firma-link';
import type { Actions, PageServerLoad } from './$types';

/** A recipient without an account, through their personal link: the same signing page, for them alone. */
function access(event: Pick<RequestEvent, 'params'>): RecipientAccess {
	const l = requireSigningLink(event);
	return { actor: l.actor, ctx: l.ctx, processoId: l.processo.id, destinatarioId: l.destinatario.id };
}

export const load: PageServerLoad = (event) => {
	event.setHeaders({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
	const a = access(event);
	return {
		...recipientLoad(event, a),
		organismo: getOrganismoById(getDb(), a.ctx.organismoId)?.denominazione ?? '',
		documentoHref: `/firma/${event.params.token}/documento`,
		processoHref: null
	};
};

export const actions = recipientActions(access) satisfies Actions;
