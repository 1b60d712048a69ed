import { error } from '@sveltejs/kit';
import { readFileSync } from 'node:fs';
import { contentDisposition } from '#db/documents/disposition.ts';
import { fileStoreFor } from '#db/documents/storage.ts';
import { puoScaricare } from '#db/firma/pannello.ts';
import { documentRow, getProcesso } from '#db/firma/repo.ts';
import { getDb } from '$lib/server/db';
import { requireCase } from '$lib/server/procedimento';
import type { RequestHandler } from './$types';

/** The current revision of the process's document (every signature so far), for who manages it and its recipients. */
export const GET: RequestHandler = (event) => {
	const { actor, ctx } = requireCase(event);
	const db = getDb();
	const p = getProcesso(db, ctx.organismoId, event.params.processoId);
	if (!p || p.procedimentoId !== ctx.procedimentoId || !puoScaricare(db, actor, ctx, p))
		error(404, { message: 'Processo di firma non trovato.', code: 'not_found' });
	const doc = documentRow(db, p.documentoCorrenteId)!;
	const bytes = readFileSync(fileStoreFor(db).path(doc.sha256));
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': doc.mime,
			'content-disposition': contentDisposition('attachment', doc.nomeFile),
			'content-length': String(bytes.length),
			'x-content-type-options': 'nosniff',
			'cache-control': 'private, no-cache',
			'content-security-policy': "sandbox; default-src 'none'"
		}
	});
};
