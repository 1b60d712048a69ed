import { error, fail } from '@sveltejs/kit';
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
import { parseForm } from '$lib/server/validation';
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

export const actions = {
	/** Opens the stanza on demand (segreteria or mediatore). */
	apri: (event) => {
		const { actor, ctx } = requireCase(event);
		requirePermission(canOpenRoom(actor, ctx));
		ensureStanza(getDb(), event.params.id, { actorId: actor.id });
		return { opened: true };
	},
	invita: async (event) => {
		const { actor, ctx } = requireCase(event);
		requirePermission(canManageRoom(actor, ctx), 'Solo la segreteria crea i link di accesso.');
		const parsed = parseForm(InvitoFields, await event.request.formData());
		if (!parsed.ok) return fail(400, { form: 'invita' as const, errors: parsed.errors, values: parsed.values });
		const r = createInvito(getDb(), actor, {
			procedimentoId: event.params.id,
			soggettoId: parsed.data.soggettoId || null,
			nome: parsed.data.nome,
			ruolo: parsed.data.ruolo
		});
		if (!r.ok) return fail(400, { form: 'invita' as const, errors: { form: r.message }, values: parsed.data });
		return { form: 'invita' as const, created: `${event.url.origin}/stanza/${r.token}` };
	},
	revoca: async (event) => {
		const { actor, ctx } = requireCase(event);
		requirePermission(canManageRoom(actor, ctx), 'Solo la segreteria revoca i link di accesso.');
		const parsed = parseForm(RevocaFields, await event.request.formData());
		if (!parsed.ok) return fail(400, { form: 'revoca' as const, errors: { form: 'Link non valido.' } });
		if (!revokeInvito(getDb(), actor, event.params.id, parsed.data.invitoId))
			return fail(404, { form: 'revoca' as const, errors: { form: 'Link non trovato o già revocato.' } });
		await reauthorizeLiveConnections(); // the guest leaves the room and the verbale now
		return { form: 'revoca' as const, revoked: true };
	},
	impostazioni: async (event) => {
		const { actor, ctx } = requireCase(event);
		requirePermission(canManageRoom(actor, ctx), 'Solo la segreteria modifica le impostazioni della stanza.');
		const parsed = parseForm(ImpostazioniFields, await event.request.formData());
		if (!parsed.ok) return fail(400, { form: 'impostazioni' as const, errors: parsed.errors, values: parsed.values });
		if (!updateStanzaSettings(getDb(), actor, event.params.id, parsed.data))
			return fail(400, {
				form: 'impostazioni' as const,
				errors: { form: 'Apri prima la stanza.' },
				values: { capienza: String(parsed.data.capienza) }
			});
		return { form: 'impostazioni' as const, saved: true };
	},
	/** Upload from the room into the fascicolo (author and validation by the documents module). */
	carica: async (event) => {
		const { actor, ctx } = requireCase(event);
		requirePermission(canUploadFromRoom(actor, ctx), 'Non puoi caricare documenti in questo procedimento.');
		const form = await event.request.formData();
		const parsed = parseForm(UploadFields, form);
		const file = form.get('file');
		if (!parsed.ok || !(file instanceof File) || file.size === 0)
			return fail(400, { form: 'carica' as const, uploadOk: false, uploadMessage: 'Seleziona un file da caricare.' });
		const db = getDb();
		const r = await addDocument(db, fileStoreFor(db), actor, ctx, {
			procedimentoId: event.params.id,
			titolo: parsed.data.titolo || null,
			nomeFile: file.name,
			bytes: new Uint8Array(await file.arrayBuffer())
		});
		if (!r.ok) return fail(400, { form: 'carica' as const, uploadOk: false, uploadMessage: r.message });
		return { form: 'carica' as const, uploadOk: true, uploadMessage: `«${r.nomeFile}» caricato nel fascicolo.` };
	}
} satisfies Actions;
