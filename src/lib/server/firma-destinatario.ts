import { error, type RequestEvent } from '@sveltejs/kit';
import type { CaseContext, FirmaActor } from '#db/access/index.ts';
import { paginaDestinatario } from '#db/firma/pannello.ts';
import { latestVerifica } from '#db/firma/repo.ts';
import { DestinatarioRef, FirmaRemotaInput, OtpInput, RifiutoInput, fileOf } from '#db/firma/schemas.ts';
import { caricaFirmato, firmaRemota, preparaFirmaRemota, rifiuta, segnaVisto, verificaDocumento } from '#db/firma/service.ts';
import type { RapportoVerifica } from '#db/firma/verify/types.ts';
import { invalid, ok } from '#db/shared/outcome.ts';
import { defineAction } from './action';
import { getDb } from './db';
import { firmaDeps, remoteProvider } from './firma';

/**
 * The recipient's signing page, shared by the case page (signed in:
 * /procedimenti/[id]/firma/[processoId]/destinatario/[destinatarioId]) and the personal link of a
 * recipient without an account (/firma/[token]): download, upload a signed file, remote or one-shot
 * signature with OTP, refusal. `access` resolves who acts and for which recipient on every request
 * (the session and the case, or the signed link); the use cases check the rest (db/access/firma.ts).
 */
export interface RecipientAccess {
	actor: FirmaActor;
	ctx: CaseContext;
	processoId: string;
	destinatarioId: string;
}

export function recipientLoad(event: RequestEvent, access: RecipientAccess) {
	const db = getDb();
	const { actor, ctx, processoId, destinatarioId } = access;
	let view = paginaDestinatario(db, actor, ctx, processoId, destinatarioId);
	if (!view) error(404, { message: 'Pagina di firma non trovata.' });
	// The recipient opened the document's page: "visto" (only their own opening counts).
	if (view.proprio && view.destinatario.stato === 'inviato' && view.processo.stato === 'in_corso') {
		segnaVisto(db, actor, ctx, processoId, destinatarioId);
		view = paginaDestinatario(db, actor, ctx, processoId, destinatarioId)!;
	}
	const provider = remoteProvider();
	return { ...view, remota: provider ? provider.nome : null };
}

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

/** The page's form actions; `guard` runs first on every post (it throws 404 when the access is gone). */
export function recipientActions(guard: (event: RequestEvent) => RecipientAccess) {
	/** The recipient of the form must be the one of the page (no signing for another through a forged field). */
	const same = (a: RecipientAccess, destinatarioId: string) => a.destinatarioId === destinatarioId;
	return {
		otp: defineAction(
			OtpInput,
			async (v, { guard: a, event }) => {
				if (!same(a, v.destinatarioId)) return WRONG;
				const r = await preparaFirmaRemota(
					firmaDeps(event.url.origin, a.ctx.organismoId),
					a.actor,
					a.ctx,
					a.processoId,
					v.destinatarioId,
					v.modo === 'one_shot' ? { oneShot: { identificazione: v.identificazione } } : {}
				);
				if (!r.ok) return r;
				return {
					ok: true as const,
					credentialId: r.credentialId,
					metodo: v.modo,
					message:
						v.modo === 'one_shot'
							? `Identificazione con ${v.identificazione} riuscita: il certificato one-shot è stato rilasciato. Ti abbiamo inviato il codice OTP: inseriscilo qui sotto per firmare.`
							: 'Ti abbiamo inviato il codice OTP: inseriscilo qui sotto per firmare.'
				};
			},
			{ form: 'otp', guard }
		),
		remota: defineAction(
			FirmaRemotaInput,
			async (v, { guard: a, event }) => {
				if (!same(a, v.destinatarioId)) return WRONG;
				const r = await firmaRemota(firmaDeps(event.url.origin, a.ctx.organismoId), a.actor, a.ctx, a.processoId, v.destinatarioId, {
					credentialId: v.credentialId,
					otp: v.otp,
					metodo: v.metodo
				});
				if (!r.ok) return { ...r, credentialId: v.credentialId, metodo: v.metodo };
				return ok({ message: 'Documento firmato. Grazie: la firma è stata registrata.' });
			},
			{ form: 'remota', guard, secret: ['otp'] }
		),
		carica: defineAction(
			DestinatarioRef,
			async (v, { guard: a, event, form }) => {
				if (!same(a, v.destinatarioId)) return WRONG;
				const f = fileOf(form);
				if (!f.ok) return invalid(f.message, 'file');
				const deps = firmaDeps(event.url.origin, a.ctx.organismoId);
				const r = await caricaFirmato(deps, a.actor, a.ctx, a.processoId, v.destinatarioId, {
					nomeFile: f.file.name,
					bytes: new Uint8Array(await f.file.arrayBuffer())
				});
				if (!r.ok) return { ...r, field: 'file' };
				// The rapporto of the uploaded file, stored with it in the fascicolo and shown at once.
				await verificaDocumento(deps, a.ctx.organismoId, r.documentoId);
				const stored = latestVerifica(deps.db, r.documentoId);
				return {
					ok: true as const,
					message: 'File firmato accettato: la firma è stata verificata e registrata.',
					rapporto: stored ? summary(JSON.parse(stored.rapporto) as RapportoVerifica) : null
				};
			},
			{ form: 'carica', guard }
		),
		rifiuta: defineAction(
			RifiutoInput,
			async (v, { guard: a, event }) => {
				if (!same(a, v.destinatarioId)) return WRONG;
				const r = await rifiuta(firmaDeps(event.url.origin, a.ctx.organismoId), a.actor, a.ctx, a.processoId, v.destinatarioId, v.motivo);
				return r.ok ? ok({ message: 'Hai rifiutato di firmare: il mediatore e la segreteria sono stati avvisati e vedono il motivo.' }) : r;
			},
			{ form: 'rifiuta', guard }
		)
	};
}
