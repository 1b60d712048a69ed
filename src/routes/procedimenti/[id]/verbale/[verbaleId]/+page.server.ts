import { error, fail } from '@sveltejs/kit';
import { formatDataOra } from '#db/shared/time.ts';
import { z } from 'zod';
import { canLockVerbale, canManageVersions, verbaleAccess } from '#db/access/index.ts';
import { fileStoreFor } from '#db/documents/storage.ts';
import { exportDoneMessage, exportVerbalePdf } from '#db/verbali/export.ts';
import { PDF_FONT_USER_MESSAGE, PdfFontError } from '#db/pdf/index.ts';
import { getVerbale, getVersione, listVersioni, saveVersione, setVerbaleLocked, VERBALE_TIPO_LABELS } from '#db/verbali/repo.ts';
import { readVerbaleState, reauthorizeDocument, replaceVerbaleContent, stateToJson } from '$lib/server/live';
import { verbaleDocName } from '$lib/protocol/collab';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth';
import { requireCase } from '$lib/server/procedimento';
import { parseForm } from '$lib/server/validation';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

function requireVerbale(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>) {
	const access = requireCase(event);
	const verbale = getVerbale(getDb(), event.params.id, event.params.verbaleId);
	const level = verbale ? verbaleAccess(access.actor, access.ctx, { locked: verbale.locked }) : 'none';
	if (!verbale || level === 'none') error(404, { message: 'Verbale non trovato.', code: 'not_found' });
	const ref = { kind: 'verbale' as const, procedimentoId: verbale.procedimentoId, documentId: verbale.id };
	return { ...access, verbale, level, ref, docName: verbaleDocName(verbale.procedimentoId, verbale.id) };
}

const NomeVersione = z.object({
	nome: z.string().trim().min(1, 'Dai un nome alla versione (per esempio «Bozza 1»).').max(120, 'Al massimo 120 caratteri.')
});
const VersioneId = z.object({ versioneId: z.string().regex(/^[a-z0-9]{1,40}$/, 'Versione non valida.') });
const ExportFields = z.object({
	versioneId: z.union([z.literal(''), z.string().regex(/^[a-z0-9]{1,40}$/, 'Versione non valida.')]).optional()
});

export const load: PageServerLoad = (event) => {
	const { actor, ctx, verbale } = requireVerbale(event);
	const db = getDb();
	const user = event.locals.user!;
	return {
		verbale: {
			id: verbale.id,
			titolo: verbale.titolo,
			tipo: VERBALE_TIPO_LABELS[verbale.tipo],
			locked: verbale.locked,
			lockedAt: verbale.lockedAt
		},
		// Write access when unlocked; the lock itself reaches the editor live from the server.
		canWrite: verbaleAccess(actor, ctx, { locked: false }) === 'write',
		canLock: canLockVerbale(actor, ctx),
		canVersions: canManageVersions(actor, ctx),
		user: { id: user.id, name: `${user.nome} ${user.cognome}`.trim() },
		versioni: listVersioni(db, verbale.id).map((v) => ({
			id: v.id,
			numero: v.numero,
			nome: v.nome,
			quando: formatDataOra(v.createdAt),
			autore: [v.autore, v.autoreCognome].filter(Boolean).join(' ') || '—',
			ripristinataDa: v.ripristinataDa,
			documentoId: v.documentoId
		}))
	};
};

async function snapshot(event: RequestEvent, nome: string, ripristinataDa: string | null = null) {
	const { actor, ctx, verbale, ref, docName } = requireVerbale(event);
	const db = getDb();
	const stato = await readVerbaleState(db, docName, ref);
	return saveVersione(db, actor, ctx, verbale, { nome, stato, contenuto: stateToJson(stato), ripristinataDa });
}

export const actions = {
	lock: async (event) => {
		const { actor, ctx, verbale, docName } = requireVerbale(event);
		requirePermission(canLockVerbale(actor, ctx), 'Solo il mediatore del procedimento può bloccare il verbale.');
		if (verbale.locked) return { message: 'Il verbale è già bloccato.' };
		const db = getDb();
		const r = setVerbaleLocked(db, actor, ctx, verbale, true);
		if (!r.ok) return fail(403, { message: r.message });
		await reauthorizeDocument(docName);
		const saved = await snapshot(event, 'Versione per la firma');
		return { message: saved.ok ? `Verbale bloccato: salvata la versione ${saved.numero} «Versione per la firma».` : 'Verbale bloccato.' };
	},

	unlock: async (event) => {
		const { actor, ctx, verbale, docName } = requireVerbale(event);
		requirePermission(canLockVerbale(actor, ctx), 'Solo il mediatore del procedimento può sbloccare il verbale.');
		const r = setVerbaleLocked(getDb(), actor, ctx, verbale, false);
		if (!r.ok) return fail(403, { message: r.message });
		await reauthorizeDocument(docName);
		return { message: 'Verbale sbloccato: tutti possono di nuovo scrivere.' };
	},

	saveVersion: async (event) => {
		const { actor, ctx } = requireVerbale(event);
		requirePermission(canManageVersions(actor, ctx), 'Non puoi salvare versioni di questo verbale.');
		const parsed = parseForm(NomeVersione, await event.request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const r = await snapshot(event, parsed.data.nome);
		if (!r.ok) return fail(403, { message: r.message, values: parsed.data });
		return { message: `Salvata la versione ${r.numero} «${parsed.data.nome}».` };
	},

	restore: async (event) => {
		const { actor, ctx, verbale, docName } = requireVerbale(event);
		requirePermission(canManageVersions(actor, ctx), 'Non puoi ripristinare versioni di questo verbale.');
		if (verbale.locked) return fail(409, { message: 'Il verbale è bloccato: sbloccalo prima di ripristinare una versione.' });
		const parsed = parseForm(VersioneId, await event.request.formData());
		if (!parsed.ok) return fail(400, { message: parsed.errors.versioneId });
		const versione = getVersione(getDb(), verbale.id, parsed.data.versioneId);
		if (!versione) return fail(404, { message: 'Versione non trovata.' });
		const done = await replaceVerbaleContent(docName, JSON.parse(versione.contenuto));
		if (!done) return fail(503, { message: 'Il servizio di scrittura condivisa non è disponibile: riprova tra poco.' });
		const r = await snapshot(event, `Ripristino della versione ${versione.numero} «${versione.nome}»`, versione.id);
		return { message: r.ok ? `Ripristinata la versione ${versione.numero}: creata la versione ${r.numero}.` : 'Versione ripristinata.' };
	},

	exportPdf: async (event) => {
		const { actor, ctx, verbale } = requireVerbale(event);
		requirePermission(canManageVersions(actor, ctx), 'Non puoi esportare questo verbale.');
		const parsed = parseForm(ExportFields, await event.request.formData());
		if (!parsed.ok) return fail(400, { message: parsed.errors.versioneId });
		const db = getDb();
		let versioneId = parsed.data.versioneId || null;
		if (!versioneId) {
			const nome = verbale.locked ? 'Versione per la firma' : `Esportazione del ${formatDataOra(Date.now())}`;
			const saved = await snapshot(event, nome);
			if (!saved.ok) return fail(403, { message: saved.message });
			versioneId = saved.id;
		}
		const versione = getVersione(db, verbale.id, versioneId);
		if (!versione) return fail(404, { message: 'Versione non trovata.' });
		try {
			const r = await exportVerbalePdf(db, fileStoreFor(db), actor, ctx, verbale, versione);
			if (!r.ok) return fail(400, { message: r.message });
			return {
				message: exportDoneMessage(versione.numero, r.pages, r.sha256),
				documentoId: r.documentoId
			};
		} catch (err) {
			if (!(err instanceof PdfFontError)) throw err;
			console.error('accordo:', err.message);
			return fail(503, { message: PDF_FONT_USER_MESSAGE });
		}
	}
} satisfies Actions;
