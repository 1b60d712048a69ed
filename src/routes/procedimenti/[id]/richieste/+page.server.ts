import { canAskSostituzione, canReportImparzialita, canViewRichieste } from '#db/access/index.ts';
import { SOSTITUZIONE_STATO_LABELS } from '#db/portale/labels.ts';
import { chiediSostituzione, decidiSostituzione, listRichieste, segnalaImparzialita } from '#db/portale/richieste.ts';
import { DecisioneInput, SegnalazioneInput, SostituzioneInput } from '#db/portale/schemas.ts';
import { ok } from '#db/shared/outcome.ts';
import { formatDataOra, formatGiorno } from '#db/shared/time.ts';
import { getDb } from '$lib/server/db';
import { defineAction } from '$lib/server/action';
import { requirePermission } from '$lib/server/auth';
import { avvisiDeps } from '$lib/server/avvisi';
import { requireCase } from '$lib/server/procedimento';
import type { Actions, PageServerLoad } from './$types';

/** Requests and reports of a case: replacement of the mediator (art. 14 c.3), the mediator's impartiality report (art. 14 c.2 b). */
export const load: PageServerLoad = (event) => {
	const { actor, ctx } = requireCase(event);
	requirePermission(canViewRichieste(actor, ctx), 'Non puoi consultare le richieste di questo procedimento.');
	const l = listRichieste(getDb(), actor, ctx);
	return {
		puoChiedere: canAskSostituzione(actor, ctx) && l.mediatori.length > 0,
		puoSegnalare: canReportImparzialita(actor, ctx),
		mediatori: l.mediatori,
		richieste: l.richieste.map((r) => ({
			id: r.id,
			richiedente: r.richiedente,
			mediatore: r.mediatore,
			motivo: r.motivo,
			decide: r.decisore === 'responsabile' ? 'Il responsabile dell’Organismo' : `${r.organo} (il mediatore è il responsabile)`,
			stato: SOSTITUZIONE_STATO_LABELS[r.stato],
			motivazione: r.decisioneMotivazione,
			decisoIl: r.decisoIl ? formatGiorno(r.decisoIl) : null,
			quando: formatDataOra(r.createdAt),
			puoDecidere: r.puoDecidere
		})),
		segnalazioni: l.segnalazioni.map((s) => ({ id: s.id, mediatore: s.mediatore, testo: s.testo, quando: formatDataOra(s.createdAt) }))
	};
};

const guard = (event: Parameters<typeof requireCase>[0]) => {
	const access = requireCase(event);
	requirePermission(canViewRichieste(access.actor, access.ctx), 'Non puoi operare sulle richieste di questo procedimento.');
	return access;
};

export const actions = {
	sostituzione: defineAction(
		SostituzioneInput,
		async (v, { guard, event }) => {
			const r = await chiediSostituzione(avvisiDeps(event.url.origin), guard.actor, guard.ctx, v);
			if (!r.ok) return r;
			return ok({ message: 'Richiesta di sostituzione inviata: riceverai la decisione nelle notifiche e per e-mail.' });
		},
		{ form: 'sostituzione', guard, invalidMessage: 'Controlla i campi evidenziati.' }
	),
	decidi: defineAction(
		DecisioneInput,
		async (v, { guard, event }) => {
			const r = await decidiSostituzione(avvisiDeps(event.url.origin), guard.actor, guard.ctx, v);
			if (!r.ok) return r;
			return ok({ message: 'Decisione registrata e comunicata.' });
		},
		{ form: 'decidi', guard, invalidMessage: 'Controlla i campi evidenziati.' }
	),
	segnalazione: defineAction(
		SegnalazioneInput,
		async (v, { guard, event }) => {
			const r = await segnalaImparzialita(avvisiDeps(event.url.origin), guard.actor, guard.ctx, v);
			if (!r.ok) return r;
			return ok({ message: 'Segnalazione inviata al responsabile e alle parti.' });
		},
		{ form: 'segnalazione', guard, invalidMessage: 'Controlla i campi evidenziati.' }
	)
} satisfies Actions;
