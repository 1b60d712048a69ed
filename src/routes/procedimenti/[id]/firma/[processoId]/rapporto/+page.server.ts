import { error } from '@sveltejs/kit';
import { puoScaricare, rapportoSalvato } from '#db/firma/pannello.ts';
import { getProcesso } from '#db/firma/repo.ts';
import { verificaProcesso } from '#db/firma/service.ts';
import { ESITO_LABELS } from '#db/firma/labels.ts';
import { getDb } from '$lib/server/db';
import { firmaDeps } from '$lib/server/firma';
import { requireCase } from '$lib/server/procedimento';
import type { PageServerLoad } from './$types';

/** The rapporto di verifica of the process: stored (final, or the mediator's check) or verified now. */
export const load: PageServerLoad = async (event) => {
	const { actor, ctx } = requireCase(event);
	const db = getDb();
	const p = getProcesso(db, ctx.organismoId, event.params.processoId);
	if (!p || p.procedimentoId !== ctx.procedimentoId || !puoScaricare(db, actor, ctx, p))
		error(404, { message: 'Processo di firma non trovato.' });
	const stored = rapportoSalvato(db, p);
	const rapporto = stored?.rapporto ?? (await verificaProcesso(firmaDeps(event.url.origin, ctx.organismoId), p));
	return {
		titolo: p.titolo,
		processoId: p.id,
		salvato: stored !== null,
		rapporto,
		esitoLabel: ESITO_LABELS[rapporto.esito] ?? rapporto.esito,
		esiti: ESITO_LABELS
	};
};
