import { error } from '@sveltejs/kit';
import { getDocumentForDownload } from '#db/documents/repo.ts';
import { latestVerifica } from '#db/firma/repo.ts';
import { getDb } from '$lib/server/db';
import { requireCase } from '$lib/server/procedimento';
import type { RequestHandler } from './$types';

/** The rapporto di verifica (JSON) stored with a signed document of the fascicolo: for who may see the document. */
export const GET: RequestHandler = (event) => {
	const { actor, ctx } = requireCase(event);
	const db = getDb();
	const doc = getDocumentForDownload(db, actor, ctx, event.params.id, event.params.docId);
	const v = doc ? latestVerifica(db, doc.id) : undefined;
	if (!doc || !v) error(404, { message: 'Rapporto di verifica non trovato.', code: 'not_found' });
	return new Response(v.rapporto, {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="rapporto-di-verifica.json"`,
			'x-content-type-options': 'nosniff',
			'cache-control': 'private, no-cache'
		}
	});
};
