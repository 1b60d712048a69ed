import { error, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { canManageRoom, canOpenRoom, canUploadFromRoom, canViewRoomPage, meetingPermissions } from '#db/access/index.ts';
import { canPreview } from '#db/documents/mime.ts';
import { addDocument, listDocuments } from '#db/documents/repo.ts';
import { fileStoreFor } from '#db/documents/storage.ts';
import { listParti } from '#db/procedimenti/repo.ts';
import { ensureStanza, getStanza, updateStanzaSettings } from '#db/rooms/repo.ts';
import { createInvito, listInviti, revokeInvito } from '#db/rooms/invitations.ts';
import { getDb } from '$lib/server/db';
import { reauthorizeLiveConnections } from '$lib/server/live';
import { requireCase } from '$lib/server/procedimento';
import { requirePermission } from '$lib/server/auth';
import { defineAction } from '$lib/server/action';
import { invalid, notFound, ok } from '#db/shared/outcome.ts';
import { ImpostazioniFields, InvitoFields, RevocaFields, UploadFields } from './forms.ts';
import type { Actions, PageServerLoad } from './$types';

const NOT_ALLOWED = 'Non partecipi agli incontri online di questo procedimento.';

function personaName(p: { nome: string | null; cognome: string | null; denominazione: string | null }): string {
	return p.denominazione?.trim() || [p.nome, p.cognome].filter(Boolean).join(' ');
}

export const load: PageServerLoad = (event) => {
	const { actor, ctx } = requireCase(event);
	const perms = meetingPermissions(actor, ctx);
	const staff = canManageRoom(actor, ctx);
	if (!canViewRoomPage(actor, ctx)) error(403, { message: NOT_ALLOWED, code: 'forbidden' });
	const db = getDb();
	const id = event.params.id;
	const stanza = getStanza(db, id);
	const documents = perms.join
		? listDocuments(db, actor, ctx, id).map((d) => ({
				id: d.id,
				titolo: d.titolo,
				nomeFile: d.nomeFile,
				riservato: d.riservato,
				preview: canPreview(d.mime)
			}))
		: [];
	const admin = staff
		? {
				persone: listParti(db, id).map((s) => ({
					soggettoId: s.soggettoId,
					nome: personaName(s.persona),
					ruolo: s.ruolo,
					hasAccount: !!s.persona.userId
				})),
				inviti: listInviti(db, id).map((i) => ({
					id: i.id,
					nome: i.nome,
					ruolo: i.ruolo,
					expiresAt: i.expiresAt,
					revoked: !!i.revokedAt,
					url: `${event.url.origin}/stanza/${i.token}`
				}))
			}
		: null;
	return {
		perms,
		stanza: stanza
			? {
					expiresAt: stanza.expiresAt,
					expired: stanza.expiresAt.getTime() <= Date.now(),
					capienza: stanza.capienza,
					ammissioneAutomatica: stanza.ammissioneAutomatica
				}
			: null,
		documents,
		canUpload: canUploadFromRoom(actor, ctx),
		admin
	};
};

/** The guard of a room action: the case is visible and `rule` allows the action. */
const allowed = (rule: typeof canManageRoom, message?: string) => (event: RequestEvent) => {
	const access = requireCase(event);
	requirePermission(rule(access.actor, access.ctx), message);
	return access;
};

export const actions = {
	/** Opens the stanza on demand (segreteria or mediatore). */
	apri: defineAction(
		z.object({}),
		(_v, { event, guard: { actor } }) => {
			ensureStanza(getDb(), event.params.id ?? '', { actorId: actor.id });
			return ok({ opened: true });
		},
		{ guard: allowed(canOpenRoom) }
	),
	invita: defineAction(
		InvitoFields,
		(v, { event, guard: { actor } }) => {
			const r = createInvito(getDb(), actor, {
				procedimentoId: event.params.id ?? '',
				soggettoId: v.soggettoId || null,
				nome: v.nome,
				ruolo: v.ruolo
			});
			if (!r.ok) return invalid(r.message, 'form');
			return ok({ created: `${event.url.origin}/stanza/${r.token}` });
		},
		{ form: 'invita', guard: allowed(canManageRoom, 'Solo la segreteria crea i link di accesso.') }
	),
	revoca: defineAction(
		RevocaFields,
		async ({ invitoId }, { event, guard: { actor } }) => {
			if (!revokeInvito(getDb(), actor, event.params.id ?? '', invitoId)) return notFound('Link non trovato o già revocato.', 'form');
			await reauthorizeLiveConnections(); // the guest leaves the room and the verbale now
			return ok({ revoked: true });
		},
		{ form: 'revoca', guard: allowed(canManageRoom, 'Solo la segreteria revoca i link di accesso.'), invalidMessage: 'Link non valido.' }
	),
	impostazioni: defineAction(
		ImpostazioniFields,
		(v, { event, guard: { actor } }) =>
			updateStanzaSettings(getDb(), actor, event.params.id ?? '', v) ? ok({ saved: true }) : invalid('Apri prima la stanza.', 'form'),
		{ form: 'impostazioni', guard: allowed(canManageRoom, 'Solo la segreteria modifica le impostazioni della stanza.') }
	),
	/** Upload from the room into the fascicolo (author and validation by the documents module). */
	carica: defineAction(
		UploadFields,
		async (v, { event, form, guard: { actor, ctx } }) => {
			const file = form.get('file');
			if (!(file instanceof File) || file.size === 0) return invalid('Seleziona un file da caricare.', 'file');
			const db = getDb();
			const r = await addDocument(db, fileStoreFor(db), actor, ctx, {
				procedimentoId: event.params.id ?? '',
				titolo: v.titolo || null,
				nomeFile: file.name,
				bytes: new Uint8Array(await file.arrayBuffer())
			});
			if (!r.ok) return invalid(r.message, 'file');
			return ok({ uploadOk: true, uploadMessage: `«${r.nomeFile}» caricato nel fascicolo.` });
		},
		{
			form: 'carica',
			guard: allowed(canUploadFromRoom, 'Non puoi caricare documenti in questo procedimento.'),
			invalidMessage: 'Seleziona un file da caricare.'
		}
	)
} satisfies Actions;
