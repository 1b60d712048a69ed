import type { RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { canManageCase, canViewCaseDetails, canViewPartyDetails } from '#db/access/index.ts';
import { listParti, updateAdesione } from '#db/procedimenti/repo.ts';
import { randomUUID } from 'node:crypto';
import { listMessaggiProcedimento } from '#db/comunicazioni/repo.ts';
import { invioFromForm, InvioInput } from '#db/comunicazioni/schemas.ts';
import { destinatariComunicazione, inviaComunicazione } from '#db/comunicazioni/service.ts';
import { retryMessaggio } from '#db/comunicazioni/outbox.ts';
import { fileStoreFor } from '#db/documents/storage.ts';
import { getDb } from '$lib/server/db';
import { appRuntime } from '$lib/server/runtime';
import { requireCase } from '$lib/server/procedimento';
import { requirePermission } from '$lib/server/auth';
import { defineAction } from '$lib/server/action';
import { invalid, ok } from '#db/shared/outcome.ts';
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
	// Communications: the outbox of the case, grouped by centro (staff only: addresses and evidence).
	const messaggi = manage ? listMessaggiProcedimento(getDb(), event.params.id) : [];
	return {
		centri: [...centri.values()],
		manage,
		full,
		oggi: new Date().toISOString().slice(0, 10),
		messaggi,
		destinatari: manage ? destinatariComunicazione(getDb(), event.params.id) : [],
		richiestaId: randomUUID()
	};
};

const Comunicazione = z.object({ centroId: z.string().min(1).max(64), data: z.iso.date('Data non valida.') });
const Risposta = Comunicazione.extend({
	adesione: z.enum(['aderito', 'rifiutato', 'nessuna_risposta'], { error: 'Risposta non valida.' })
});

const staffGuard = (message?: string) => (event: RequestEvent) => {
	const access = requireCase(event);
	requirePermission(canManageCase(access.actor, access.ctx), message);
	return access;
};
const manager = staffGuard();

export const actions = {
	invia: defineAction(
		InvioInput,
		async (v, { guard, event }) => {
			const db = getDb();
			const r = await inviaComunicazione(db, fileStoreFor(db), guard.actor, event.params.id!, v, new Date(), {
				origin: appRuntime().config.origin ?? event.url.origin
			});
			if (!r.ok) return r;
			return ok({
				message: r.duplicate
					? 'La comunicazione era già stata messa in coda: nessun nuovo invio.'
					: `Comunicazione in coda per ${r.ids.length} destinatar${r.ids.length === 1 ? 'io' : 'i'}: lo stato si aggiorna con le ricevute.`
			});
		},
		{
			guard: staffGuard('Solo la segreteria invia le comunicazioni del procedimento.'),
			raw: (form) => invioFromForm(form) as Record<string, unknown>
		}
	),
	riprova: defineAction(
		z.object({ messaggioId: z.string().min(1, 'Messaggio non valido.').max(64, 'Messaggio non valido.') }),
		({ messaggioId }, { guard, event }) => {
			const db = getDb();
			const own = listMessaggiProcedimento(db, event.params.id!).some((m) => m.id === messaggioId);
			if (!own || !retryMessaggio(db, messaggioId, guard.actor.organismoId))
				return invalid('Il messaggio non è in stato di errore: nulla da reinviare.');
			return ok({ message: 'Messaggio rimesso in coda.' });
		},
		{ guard: staffGuard() }
	),
	comunicazione: defineAction(
		Comunicazione,
		(v, { guard, event }) => {
			const r = updateAdesione(getDb(), guard.actor, event.params.id!, v.centroId, { kind: 'comunicazione', data: v.data });
			return r.ok ? ok({ message: 'Invio della comunicazione registrato.' }) : r;
		},
		{ guard: manager }
	),
	risposta: defineAction(
		Risposta,
		(v, { guard, event }) => {
			const r = updateAdesione(getDb(), guard.actor, event.params.id!, v.centroId, {
				kind: 'risposta',
				adesione: v.adesione,
				data: v.data
			});
			return r.ok ? ok({ message: 'Risposta della parte registrata.' }) : r;
		},
		{ guard: manager }
	)
} satisfies Actions;
