import { error, type RequestEvent as KitRequestEvent } from '@sveltejs/kit';
import { formatDataOra } from '#db/shared/time.ts';
import { z } from 'zod';
import { canLockVerbale, canManageVersions, verbaleAccess } from '#db/access/index.ts';
import { fileStoreFor } from '#db/documents/storage.ts';
import { exportDoneMessage, exportVerbalePdf } from '#db/verbali/export.ts';
import { PDF_FONT_USER_MESSAGE, PdfFontError } from '#db/pdf/index.ts';
import { getVerbale, getVersione, listVersioni, saveVersione, setVerbaleLocked } from '#db/verbali/repo.ts';
import { VERBALE_TIPO_LABELS } from '#db/verbali/labels.ts';
import { readVerbaleState, reauthorizeDocument, replaceVerbaleContent, stateToJson } from '$lib/server/live';
import { verbaleDocName } from '$lib/protocol/collab';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth';
import { requireCase } from '$lib/server/procedimento';
import { defineAction } from '$lib/server/action';
import { failure, notFound, ok } from '#db/shared/outcome.ts';
import type { Actions, PageServerLoad } from './$types';

function requireVerbale(event: Pick<KitRequestEvent, 'locals' | 'url' | 'params'>) {
	const access = requireCase(event);
	const verbale = getVerbale(getDb(), event.params.id ?? '', event.params.verbaleId ?? '');
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

async function snapshot(event: KitRequestEvent, nome: string, ripristinataDa: string | null = null) {
	const { actor, ctx, verbale, ref, docName } = requireVerbale(event);
	const db = getDb();
	const stato = await readVerbaleState(db, docName, ref);
	return saveVersione(db, actor, ctx, verbale, { nome, stato, contenuto: stateToJson(stato), ripristinataDa });
}

/** The guard of an action on this verbale: the verbale is visible and the rule allows the action. */
const allowed = (rule: typeof canLockVerbale, message: string) => (event: KitRequestEvent) => {
	const v = requireVerbale(event);
	requirePermission(rule(v.actor, v.ctx), message);
	return v;
};

export const actions = {
	lock: defineAction(
		z.object({}),
		async (_v, { event, guard: { actor, ctx, verbale, docName } }) => {
			if (verbale.locked) return ok({ message: 'Il verbale è già bloccato.' });
			const r = setVerbaleLocked(getDb(), actor, ctx, verbale, true);
			if (!r.ok) return r;
			await reauthorizeDocument(docName);
			const saved = await snapshot(event, 'Versione per la firma');
			return ok({
				message: saved.ok ? `Verbale bloccato: salvata la versione ${saved.numero} «Versione per la firma».` : 'Verbale bloccato.'
			});
		},
		{ guard: allowed(canLockVerbale, 'Solo il mediatore del procedimento può bloccare il verbale.') }
	),

	unlock: defineAction(
		z.object({}),
		async (_v, { guard: { actor, ctx, verbale, docName } }) => {
			const r = setVerbaleLocked(getDb(), actor, ctx, verbale, false);
			if (!r.ok) return r;
			await reauthorizeDocument(docName);
			return ok({ message: 'Verbale sbloccato: tutti possono di nuovo scrivere.' });
		},
		{ guard: allowed(canLockVerbale, 'Solo il mediatore del procedimento può sbloccare il verbale.') }
	),

	saveVersion: defineAction(
		NomeVersione,
		async ({ nome }, { event }) => {
			const r = await snapshot(event, nome);
			return r.ok ? ok({ message: `Salvata la versione ${r.numero} «${nome}».` }) : r;
		},
		{
			guard: allowed(canManageVersions, 'Non puoi salvare versioni di questo verbale.'),
			invalidMessage: 'Controlla il nome della versione.'
		}
	),

	restore: defineAction(
		VersioneId,
		async ({ versioneId }, { event, guard: { verbale, docName } }) => {
			if (verbale.locked) return failure('conflict', 'Il verbale è bloccato: sbloccalo prima di ripristinare una versione.');
			const versione = getVersione(getDb(), verbale.id, versioneId);
			if (!versione) return notFound('Versione non trovata.');
			const done = await replaceVerbaleContent(docName, JSON.parse(versione.contenuto));
			if (!done) return failure('unavailable', 'Il servizio di scrittura condivisa non è disponibile: riprova tra poco.');
			const r = await snapshot(event, `Ripristino della versione ${versione.numero} «${versione.nome}»`, versione.id);
			return ok({
				message: r.ok ? `Ripristinata la versione ${versione.numero}: creata la versione ${r.numero}.` : 'Versione ripristinata.'
			});
		},
		{ guard: allowed(canManageVersions, 'Non puoi ripristinare versioni di questo verbale.') }
	),

	exportPdf: defineAction(
		ExportFields,
		async (input, { event, guard: { actor, ctx, verbale } }) => {
			const db = getDb();
			let versioneId = input.versioneId || null;
			if (!versioneId) {
				const nome = verbale.locked ? 'Versione per la firma' : `Esportazione del ${formatDataOra(Date.now())}`;
				const saved = await snapshot(event, nome);
				if (!saved.ok) return saved;
				versioneId = saved.id;
			}
			const versione = getVersione(db, verbale.id, versioneId);
			if (!versione) return notFound('Versione non trovata.');
			try {
				const r = await exportVerbalePdf(db, fileStoreFor(db), actor, ctx, verbale, versione);
				if (!r.ok) return r;
				return ok({ message: exportDoneMessage(versione.numero, r.pages, r.sha256), documentoId: r.documentoId });
			} catch (err) {
				if (!(err instanceof PdfFontError)) throw err;
				console.error('accordo:', err.message);
				return failure('unavailable', PDF_FONT_USER_MESSAGE);
			}
		},
		{ guard: allowed(canManageVersions, 'Non puoi esportare questo verbale.') }
	)
} satisfies Actions;
