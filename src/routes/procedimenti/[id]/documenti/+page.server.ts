import type { RequestEvent } from '@sveltejs/kit';
import { canLinkProtocollo, canUploadDocument, canViewFascicolo } from '#db/access/index.ts';
import { ESTENSIONI_AMMESSE, canPreview, mimeLabel } from '#db/documents/mime.ts';
import {
	addDocument,
	formatMegabytes,
	listDocumentSeries,
	listProtocolloOptions,
	maxUploadBytes,
	tooLargeMessage
} from '#db/documents/repo.ts';
import { fileStoreFor } from '#db/documents/storage.ts';
import { UploadFields, cleanFileName } from '#db/documents/validation.ts';
import { verificaDocumento, verificheDi } from '#db/firma/service.ts';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth';
import { requireCase } from '$lib/server/procedimento';
import { defineAction } from '$lib/server/action';
import { failure, invalid, ok, type Failure, type Outcome } from '#db/shared/outcome.ts';
import type { UploadOutcome } from '$lib/components/documents/types';
import type { Actions, PageServerLoad } from './$types';

/** At most this many files in one submission (the body limit applies to the whole request anyway). */
const MAX_FILES = 20;

export const load: PageServerLoad = (event) => {
	const { actor, ctx } = requireCase(event);
	requirePermission(canViewFascicolo(actor, ctx), 'Non puoi consultare il fascicolo di questo procedimento.');
	const db = getDb();
	const max = maxUploadBytes(db, ctx.organismoId);
	const serie = listDocumentSeries(db, actor, ctx, event.params.id);
	const verifiche = verificheDi(
		db,
		serie.flatMap((s) => s.versioni.map((v) => v.id))
	);
	return {
		serie: serie.map((s) => ({
			...s,
			versioni: s.versioni.map((v) => ({
				...v,
				tipo: mimeLabel(v.mime),
				anteprima: canPreview(v.mime),
				verifica: verifiche.get(v.id) ?? null
			}))
		})),
		upload: canUploadDocument(actor, ctx)
			? {
					maxBytes: max,
					maxLabel: formatMegabytes(max),
					accept: ESTENSIONI_AMMESSE.map((e) => `.${e}`).join(','),
					estensioni: ESTENSIONI_AMMESSE,
					protocolli: canLinkProtocollo(actor, ctx) ? listProtocolloOptions(db, event.params.id) : []
				}
			: null
	};
};

/** The case is visible and the actor may upload to its fascicolo. */
function uploader(event: RequestEvent) {
	const a = requireCase(event);
	requirePermission(canUploadDocument(a.actor, a.ctx), 'Non puoi caricare documenti in questo procedimento.');
	return a;
}

export const actions = {
	/**
	 * One or more files (field "file"), each validated on its own: a refused file is reported and does
	 * not block the others. Used by the plain form and, one file per request, by the upload widget.
	 */
	upload: defineAction(
		UploadFields,
		async (
			v,
			{ event, form, guard: { actor, ctx } }
		): Promise<Outcome<{ results: UploadOutcome[] }> | (Failure & { results: UploadOutcome[] })> => {
			const files = form.getAll('file').filter((f): f is File => typeof f !== 'string' && (f.size > 0 || f.name !== ''));
			if (files.length === 0) return invalid('Seleziona almeno un file da caricare.', 'file');
			if (files.length > MAX_FILES) return invalid(`Puoi caricare al massimo ${MAX_FILES} file alla volta.`, 'file');
			if (v.serieId && files.length > 1) return invalid('Una nuova versione è un solo file.', 'file');

			const db = getDb();
			const store = fileStoreFor(db);
			const limit = maxUploadBytes(db, ctx.organismoId);
			const results: UploadOutcome[] = [];
			let serieMissing = false;
			for (const file of files) {
				const nome = cleanFileName(file.name);
				if (file.size > limit) {
					results.push({ nome, ok: false, message: tooLargeMessage(limit, nome, file.size) });
					continue;
				}
				const r = await addDocument(db, store, actor, ctx, {
					procedimentoId: event.params.id ?? '',
					titolo: files.length === 1 ? v.titolo : null,
					nomeFile: file.name,
					bytes: new Uint8Array(await file.arrayBuffer()),
					riservato: v.riservato,
					serieId: v.serieId,
					protocolloId: v.protocolloId
				});
				// A signed file (PDF with signatures, .p7m, .p7s) is verified at once; the rapporto stays with it.
				const verifica = r.ok ? await verificaDocumento({ db, store }, ctx.organismoId, r.id) : null;
				results.push(
					r.ok
						? {
								nome: r.nomeFile,
								ok: true,
								message: `«${r.nomeFile}» caricato${r.versione > 1 ? ` come versione ${r.versione}` : ''}.${verifica ? ` Verifica delle firme: ${verifica.sintesi}` : ''}`
							}
						: { nome, ok: false, message: r.message }
				);
				if (!r.ok && r.reason === 'serie') serieMissing = true;
			}
			// A new version of a document that is not in this fascicolo (another case's, another Organismo's): not found.
			if (!results.some((r) => r.ok)) return { ...failure(serieMissing ? 'not_found' : 'invalid', results[0].message), results };
			return ok({ results });
		},
		{ guard: uploader, echo: (form) => ({ serieId: typeof form.get('serieId') === 'string' ? String(form.get('serieId')) : '' }) }
	)
} satisfies Actions;
