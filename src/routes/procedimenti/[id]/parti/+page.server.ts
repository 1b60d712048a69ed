import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { canManageCase, canViewCaseDetails, canViewPartyDetails } from '../../../../../db/access/index.ts';
import { listParti, updateAdesione } from '../../../../../db/procedimenti/repo.ts';
import { getDb } from '$lib/server/db';
import { requireCase } from '$lib/server/procedimento';
import { requirePermission } from '$lib/server/auth';
import { parseForm } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { actor, ctx } = requireCase(event);
	requirePermission(canViewCaseDetails(actor, ctx), "Accetta prima l'incarico per vedere le parti.");
	const manage = canManageCase(actor, ctx);
	const rows = listParti(getDb(), event.params.id);
	// Contact and tax data are for the staff and the mediator; parties see names and roles.
	const full = canViewPartyDetails(actor, ctx);
	const centri = new Map<
		string,
		{ id: string; ruolo: string; adesione: string | null; dataAdesione: string | null; dataInvio: string | null; soggetti: unknown[] }
	>();
	for (const r of rows) {
		const key = r.centroId ?? 'nessuno';
		if (!centri.has(key))
			centri.set(key, {
				id: key,
				ruolo: r.centroRuolo ?? '',
				adesione: r.adesione,
				dataAdesione: r.dataAdesione,
				dataInvio: r.dataInvioComunicazione,
				soggetti: []
			});
		const pe = r.persona;
		centri.get(key)!.soggetti.push({
			id: r.soggettoId,
			ruolo: r.ruolo,
			nome: pe.tipo === 'giuridica' ? pe.denominazione : `${pe.nome} ${pe.cognome}`,
			tipo: pe.tipo,
			...(full
				? {
						codiceFiscale: pe.codiceFiscale,
						partitaIva: pe.partitaIva,
						pec: pe.pec,
						email: pe.email,
						telefono: pe.telefono,
						foro: pe.foro,
						account: Boolean(pe.userId)
					}
				: {})
		});
	}
	return { centri: [...centri.values()], manage, full, oggi: new Date().toISOString().slice(0, 10) };
};

const Comunicazione = z.object({ centroId: z.string().min(1).max(64), data: z.iso.date('Data non valida.') });
const Risposta = Comunicazione.extend({
	adesione: z.enum(['aderito', 'rifiutato', 'nessuna_risposta'], { error: 'Risposta non valida.' })
});

export const actions = {
	comunicazione: async (event) => {
		const { actor, ctx } = requireCase(event);
		requirePermission(canManageCase(actor, ctx));
		const parsed = parseForm(Comunicazione, await event.request.formData());
		if (!parsed.ok) return fail(400, { message: Object.values(parsed.errors)[0] });
		const r = updateAdesione(getDb(), actor, event.params.id, parsed.data.centroId, { kind: 'comunicazione', data: parsed.data.data });
		return r.ok ? { message: 'Invio della comunicazione registrato.', ok: true } : fail(400, { message: r.message });
	},
	risposta: async (event) => {
		const { actor, ctx } = requireCase(event);
		requirePermission(canManageCase(actor, ctx));
		const parsed = parseForm(Risposta, await event.request.formData());
		if (!parsed.ok) return fail(400, { message: Object.values(parsed.errors)[0] });
		const r = updateAdesione(getDb(), actor, event.params.id, parsed.data.centroId, {
			kind: 'risposta',
			adesione: parsed.data.adesione,
			data: parsed.data.data
		});
		return r.ok ? { message: 'Risposta della parte registrata.', ok: true } : fail(400, { message: r.message });
	}
} satisfies Actions;
