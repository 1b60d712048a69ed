import { error } from '@sveltejs/kit';
import { createReadStream, existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import { contentDisposition } from '#db/documents/disposition.ts';
import { canPreview } from '#db/documents/mime.ts';
import { getDocumentForDownload } from '#db/documents/repo.ts';
import { fileStoreFor } from '#db/documents/storage.ts';
import { getDb } from '$lib/server/db';
import { requireCase } from '$lib/server/procedimento';
import { z } from 'zod';
import { parseQuery } from '$lib/server/validation';
import { flagParam } from '#db/shared/query.ts';
import type { RequestHandler } from './$types';

/**
 * Download (or, with ?inline=1, preview of PDFs and images) of one document of the fascicolo. Access
 * is checked on every request; a document the actor may not see answers 404 like a missing one.
 */
export const GET: RequestHandler = (event) => {
	const { actor, ctx } = requireCase(event);
	const db = getDb();
	const doc = getDocumentForDownload(db, actor, ctx, event.params.id, event.params.docId);
	if (!doc) error(404, { message: 'Documento non trovato.', code: 'not_found' });
	const path = fileStoreFor(db).path(doc.sha256);
	if (!existsSync(path)) {
		console.error(`accordo: blob ${doc.sha256} of documento ${doc.id} is missing`);
		error(500, { message: 'Il file non è disponibile sul server: avvisa la segreteria.', code: 'missing_blob' });
	}
	const inline = parseQuery(z.object({ inline: flagParam }), event.url).inline && canPreview(doc.mime);
	const etag = `"${doc.sha256}"`;
	const headers = new Headers({
		'content-type': doc.mime,
		'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', doc.nomeFile),
		'x-content-type-options': 'nosniff',
		// Never runs as part of the site: no scripts for images and attachments; the PDF viewers of
		// Safari and Chromium need scripts, which the sandbox confines to an opaque origin.
		'content-security-policy':
			doc.mime === 'application/pdf' && inline
				? 'sandbox allow-scripts'
				: "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'",
		'cache-control': 'private, no-cache',
		'cross-origin-resource-policy': 'same-origin',
		'referrer-policy': 'no-referrer',
		etag
	});
	if (event.request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
	headers.set('content-length', String(doc.dimensione));
	const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
	return new Response(body, { headers });
};
