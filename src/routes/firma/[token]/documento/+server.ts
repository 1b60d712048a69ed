import { readFileSync } from 'node:fs';
import { contentDisposition } from '#db/documents/disposition.ts';
import { fileStoreFor } from '#db/documents/storage.ts';
import { documentRow } from '#db/firma/repo.ts';
import { getDb } from '$lib/server/db';
import { requireSigningLink } from '$lib/server/firma-link';
import type { RequestHandler } from './$types';

/** The current revision of the document (every signature so far), for the holder of a recipient's personal link. */
export const GET: RequestHandler = (event) => {
	const { processo } = requireSigningLink(event);
	const db = getDb();
	const doc = documentRow(db, processo.documentoCorrenteId)!;
	const bytes = readFileSync(fileStoreFor(db).path(doc.sha256));
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': doc.mime,
			'content-disposition': contentDisposition('attachment', doc.nomeFile),
			'content-length': String(bytes.length),
			'x-content-type-options': 'nosniff',
			'cache-control': 'private, no-store',
			'referrer-policy': 'no-referrer',
			'content-security-policy': "sandbox; default-src 'none'"
		}
	});
};
