import { canManageCase } from '#db/access/index.ts';
import { ROLE_LABELS } from '#db/auth/labels.ts';
import { storicoProcedimento } from '#db/procedimenti/storico.ts';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth';
import { requireCase } from '$lib/server/procedimento';
import { dettagliEvento, labelAzione } from './eventi';
import type { PageServerLoad } from './$types';

const STAFF_ONLY = 'Lo storico del procedimento è riservato alla segreteria della sua sede e ai responsabili.';

export const load: PageServerLoad = (event) => {
	const { actor, ctx } = requireCase(event);
	requirePermission(canManageCase(actor, ctx), STAFF_ONLY);
	const { rows, utenti, centri, verifica } = storicoProcedimento(getDb(), ctx.organismoId, event.params.id);
	return {
		eventi: rows.map((r) => ({
			id: r.id,
			at: r.at,
			azione: labelAzione(r.action),
			codice: r.action,
			autore: r.actorId
				? r.actorNome
					? `${r.actorNome} ${r.actorCognome} (${ROLE_LABELS[r.actorRole!] ?? r.actorRole})`
					: 'Utente non più presente'
				: 'Sistema',
			dettagli: dettagliEvento(r.action, r.details, { utenti, centri })
		})),
		verifica
	};
};
