import { error } from '@sveltejs/kit';
import { readFileSync } from 'node:fs';
import { contentDisposition } from '#db/documents/disposition.ts';
import { fileStoreFor } from '#db/documents/storage.ts';
import { puoScaricare, rapportoSalvato } from '#db/firma/pannello.ts';
import { documentRow, getProcesso } from '#db/firma/repo.ts';
import { verificaProcesso } from '#db/firma/service.ts';
import { renderRapportoPdf } from '#db/firma/verify/report-pdf.ts';
import { getOrganismoById } from '#db/organismi/repo.ts';
import { PDF_FONT_USER_MESSAGE, PdfFontError } from '#db/pdf/index.ts';
import { getDb } from '$lib/server/db';
import { firmaDeps } from '$lib/server/firma';
import { requireCase } from '$lib/server/procedimento';
import type { RequestHandler } from './$types';

/** The rapporto di verifica as PDF: the one stored at completion, else the latest check rendered now. */
export const GET: RequestHandler = async (event) => {
	const { actor, ctx } = requireCase(event);
	const db = getDb();
	const p = getProcesso(db, ctx.organismoId, event.params.processoId);
	if (!p || p.procedimentoId !== ctx.procedimentoId || !puoScaricare(db, actor, ctx, p))
		error(404, { message: 'Processo di firma non trovato.', code: 'not_found' });
	const stored = rapportoSalvato(db, p);
	let bytes: Uint8Array;
	const pdfDoc = stored?.pdfId ? documentRow(db, stored.pdfId) : undefined;
	if (pdfDoc) bytes = new Uint8Array(readFileSync(fileStoreFor(db).path(pdfDoc.sha256)));
	else {
		const rapporto = stored?.rapporto ?? (await verificaProcesso(firmaDeps(event.url.origin, ctx.organismoId), p));
		try {
			bytes = await renderRapportoPdf(rapporto, getOrganismoById(db, ctx.organismoId)?.denominazione ?? '');
		} catch (err) {
			if (err instanceof PdfFontError) error(503, { message: PDF_FONT_USER_MESSAGE, code: 'pdf_font' });
			throw err;
		}
	}
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': contentDisposition('attachment', 'rapporto-di-verifica.pdf'),
			'x-content-type-options': 'nosniff',
			'cache-control': 'private, no-cache',
			'content-security-policy': "sandbox; default-src 'none'"
		}
	});
};
