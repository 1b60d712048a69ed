import { error, type RequestEvent } from '@sveltejs/kit';
import { paginaDestinatario } from '#db/firma/pannello.ts';
import { latestVerifica } from '#db/firma/repo.ts';
import { DestinatarioRef, FirmaRemotaInput, OtpInput, RifiutoInput, fileOf } from '#db/firma/schemas.ts';
import { caricaFirmato, firmaRemota, preparaFirmaRemota, rifiuta, segnaVisto, verificaDocumento } from '#db/firma/service.ts';
import type { RapportoVerifica } from '#db/firma/verify/types.ts';
import { invalid, ok } from '#db/shared/outcome.ts';
import { defineAction } from '$lib/server/action';
import { getDb } from '$lib/server/db';
import { firmaDeps, remoteProvider } from '$lib/server/firma';
import { requireCase } from '$lib/server/procedimento';
import type { Actions, PageServerLoad } from './$types';

/** A recipient's page: download, upload a signed file, remote or one-shot signature with OTP, refusal. */
export const load: PageServerLoad = (event) => {
	event.depends('firma:destinatario');
	const { actor, ctx } = requireCase(event);
	const db = getDb();
	let view = paginaDestinatario(db, actor, ctx, event.params.processoId, event.params.destinatarioId);
	if (!view) error(404, { message: 'Pagina di firma non trovata.' });
	// The recipient opened the document's page: "visto" (only their own opening counts).
	if (view.proprio && view.destinatario.stato === 'inviato' && view.processo.stato === 'in_corso') {
		segnaVisto(db, actor, ctx, view.processo.id, view.destinatario.id);
		view = paginaDestinatario(db, actor, ctx, event.params.processoId, event.params.destinatarioId)!;
	}
	const provider = remoteProvider();
	return { ...view, remota: provider ? provider.nome : null };
};

/** Signed in, the case, and the recipient on this URL (the use case checks who may sign for whom). */
function access(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>) {
	return requireCase(event);
}

/** The recipient of the form must be the one of the page (no signing for another through a forged field). */
const samePage = (event: RequestEvent, destinatarioId: string) => event.params.destinatarioId === destinatarioId;
const WRONG = invalid('Il modulo non corrisponde a questa pagina di firma: ricarica la pagina.');

function summary(r: RapportoVerifica) {
	return {
		esito: r.esito,
		sintesi: r.sintesi,
		firme: r.firme.map((f) => ({
			indice: f.indice,
			formato: f.formato,
			nome: f.firmatario?.nome ?? null,
			codiceFiscale: f.firmatario?.codiceFiscale ?? null,
			esito: f.esito,
			controlli: f.controlli.map((c) => ({ esito: c.esito, messaggio: c.messaggio }))
		}))
	};
}

export const actions = {
	otp: defineAction(
		OtpInput,
		async (v, { guard, event }) => {
			if (!samePage(event, v.destinatarioId)) return WRONG;
			const { actor, ctx } = guard;
			const r = await preparaFirmaRemota(
				firmaDeps(event.url.origin, ctx.organismoId),
				actor,
				ctx,
				event.params.processoId!,
				v.destinatarioId,
				v.modo === 'one_shot' ? { oneShot: { identificazione: v.identificazione } } : {}
			);
			if (!r.ok) return r;
			return {
				ok: true as const,
				credentialId: r.credentialId,
				metodo: v.modo,
				message: 'Ti abbiamo inviato il codice OTP: inseriscilo qui sotto per firmare.'
			};
		},
		{ form: 'otp', guard: access }
	),
	remota: defineAction(
		FirmaRemotaInput,
		async (v, { guard, event }) => {
			if (!samePage(event, v.destinatarioId)) return WRONG;
			const { actor, ctx } = guard;
			const r = await firmaRemota(firmaDeps(event.url.origin, ctx.organismoId), actor, ctx, event.params.processoId!, v.destinatarioId, {
				credentialId: v.credentialId,
				otp: v.otp,
				metodo: v.metodo
			});
			if (!r.ok) return { ...r, credentialId: v.credentialId, metodo: v.metodo };
			return ok({ message: 'Documento firmato. Grazie: la firma è stata registrata.' });
		},
		{ form: 'remota', guard: access, secret: ['otp'] }
	),
	carica: defineAction(
		DestinatarioRef,
		async (v, { guard, event, form }) => {
			if (!samePage(event, v.destinatarioId)) return WRONG;
			const f = fileOf(form);
			if (!f.ok) return invalid(f.message, 'file');
			const { actor, ctx } = guard;
			const deps = firmaDeps(event.url.origin, ctx.organismoId);
			const r = await caricaFirmato(deps, actor, ctx, event.params.processoId!, v.destinatarioId, {
				nomeFile: f.file.name,
				bytes: new Uint8Array(await f.file.arrayBuffer())
			});
			if (!r.ok) return { ...r, field: 'file' };
			// The rapporto of the uploaded file, stored with it in the fascicolo and shown at once.
			await verificaDocumento(deps, ctx.organismoId, r.documentoId);
			const stored = latestVerifica(deps.db, r.documentoId);
			return {
				ok: true as const,
				message: 'File firmato accettato: la firma è stata verificata e registrata.',
				rapporto: stored ? summary(JSON.parse(stored.rapporto) as RapportoVerifica) : null
			};
		},
		{ form: 'carica', guard: access }
	),
	rifiuta: defineAction(
		RifiutoInput,
		(v, { guard, event }) => {
			if (!samePage(event, v.destinatarioId)) return WRONG;
			const r = rifiuta(getDb(), guard.actor, guard.ctx, event.params.processoId!, v.destinatarioId, v.motivo);
			return r.ok
				? ok({ message: 'Hai rifiutato di firmare: il mediatore e la segreteria ne vedono il motivo nel processo di firma.' })
				: r;
		},
		{ form: 'rifiuta', guard: access }
	)
} satisfies Actions;
