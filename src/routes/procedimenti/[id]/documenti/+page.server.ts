import { fail } from '@sveltejs/kit';
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
import { parseForm } from '$lib/server/validation';
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

export const actions = {
	/**
	 * One or more files (field "file"), each validated on its own: a refused file is reported and does
	 * not block the others. Used by the plain form and, one file per request, by the upload widget.
	 */
	upload: async (event) => {
		const { actor, ctx } = requireCase(event);
		requirePermission(canUploadDocument(actor, ctx), 'Non puoi caricare documenti in questo procedimento.');
		const form = await event.request.formData();
		const parsed = parseForm(UploadFields, form);
		const serieId = typeof form.get('serieId') === 'string' ? String(form.get('serieId')) : '';
		if (!parsed.ok) {
			const raw = parsed.values;
			const values = { titolo: raw.titolo ?? '', riservato: raw.riservato !== undefined, protocolloId: raw.protocolloId ?? '' };
			return fail(400, { serieId, values, errors: parsed.errors, results: [] as UploadOutcome[] });
		}
		const values = { titolo: parsed.data.titolo ?? '', riservato: parsed.data.riservato, protocolloId: parsed.data.protocolloId ?? '' };
		const files = form.getAll('file').filter((v): v is File => typeof v !== 'string' && (v.size > 0 || v.name !== ''));
		if (files.length === 0)
			return fail(400, { serieId, values, errors: { file: 'Seleziona almeno un file da caricare.' }, results: [] as UploadOutcome[] });
		if (files.length > MAX_FILES)
			return fail(400, {
				serieId,
				values,
				errors: { file: `Puoi caricare al massimo ${MAX_FILES} file alla volta.` },
				results: [] as UploadOutcome[]
			});
		if (parsed.data.serieId && files.length > 1)
			return fail(400, { serieId, values, errors: { file: 'Una nuova versione è un solo file.' }, results: [] as UploadOutcome[] });

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
				procedimentoId: event.params.id,
				titolo: files.length === 1 ? parsed.data.titolo : null,
				nomeFile: file.name,
				bytes: new Uint8Array(await file.arrayBuffer()),
				riservato: parsed.data.riservato,
				serieId: parsed.data.serieId,
				protocolloId: parsed.data.protocolloId
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
			if (!r.ok && r.code === 'serie') serieMissing = true;
		}
		// A new version of a document that is not in this fascicolo (another case's, another Organismo's): not found.
		if (!results.some((r) => r.ok))
			return fail(serieMissing ? 404 : 400, { serieId, values, errors: {} as Record<string, string>, results });
		return { serieId, values: null, errors: {} as Record<string, string>, results };
	}
} satisfies Actions;
