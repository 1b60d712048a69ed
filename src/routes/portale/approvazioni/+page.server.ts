import { canApproveProfili } from '#db/access/index.ts';
import { decidiModifica, listModificheInAttesa, nomiMaterie } from '#db/portale/profilo.ts';
import { DecisioneModificaInput } from '#db/portale/schemas.ts';
import { ok } from '#db/shared/outcome.ts';
import { formatDataOra } from '#db/shared/time.ts';
import { getDb } from '$lib/server/db';
import { defineAction } from '$lib/server/action';
import { requireActor, requirePermission } from '$lib/server/auth';
import type { Actions, PageServerLoad } from './$types';

/** The segreteria approves the changes of data that need it (the mediators' professional data). */
function staff(event: Parameters<typeof requireActor>[0]) {
	const actor = requireActor(event);
	requirePermission(canApproveProfili(actor), 'Solo la segreteria approva le modifiche dei dati.');
	return actor;
}

export const load: PageServerLoad = (event) => {
	const actor = staff(event);
	const db = getDb();
	const nomi = nomiMaterie(db, actor.organismoId);
	return {
		modifiche: listModificheInAttesa(db, actor).map((m) => ({
			id: m.id,
			persona: `${m.nome} ${m.cognome}`,
			quando: formatDataOra(m.createdAt),
			lingue: m.dati.lingue,
			oreFormazione: m.dati.oreFormazione,
			altriOrganismi: m.dati.altriOrganismi,
			materie: m.dati.materie.map((id) => nomi.get(id) ?? id)
		}))
	};
};

export const actions = {
	decidi: defineAction(
		DecisioneModificaInput,
		(v, { guard }) => {
			const r = decidiModifica(getDb(), guard, v);
			return r.ok ? ok({ message: v.esito === 'approvata' ? 'Modifica approvata.' : 'Modifica respinta.' }) : r;
		},
		{ guard: staff, invalidMessage: 'Controlla i campi evidenziati.' }
	)
} satisfies Actions;
