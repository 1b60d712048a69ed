import { error } from '@sveltejs/kit';
import { formatMegabytes } from '#db/documents/repo.ts';
import { ricevutaDeposito } from '#db/portale/deposito.ts';
import { formatDataOraSecondi } from '#db/shared/time.ts';
import { getDb } from '$lib/server/db';
import { requireCase } from '$lib/server/procedimento';
import type { PageServerLoad } from './$types';

/** The receipt of one deposit (printable): for whoever filed it and the staff of the case. */
export const load: PageServerLoad = (event) => {
	const { actor, ctx } = requireCase(event);
	const r = ricevutaDeposito(getDb(), actor, ctx, event.params.protocolloId);
	if (!r.ok) error(404, { message: r.message, code: 'not_found' });
	return {
		ricevuta: {
			...r.ricevuta,
			registratoIl: formatDataOraSecondi(r.ricevuta.registratoIl),
			documenti: r.ricevuta.documenti.map((d) => ({ ...d, dimensione: formatMegabytes(d.dimensione) }))
		}
	};
};
