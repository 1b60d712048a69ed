import { error } from '@sveltejs/kit';
import { canUseProtocollo } from '#db/access/index.ts';
import { registroCsvFile } from '#db/protocollo/csv.ts';
import { PDF_FONT_USER_MESSAGE, PdfFontError } from '#db/pdf/index.ts';
import { registroPdf } from '#db/protocollo/pdf.ts';
import { registroGiornaliero } from '#db/protocollo/registro.ts';
import { romeIsoDate } from '#db/shared/time.ts';
import { parseRegistroParam } from '#db/protocollo/validation.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import { STAFF_ONLY } from '$lib/server/protocollo-registrazione';
import type { RequestHandler } from './$types';

/**
 * Registro giornaliero di protocollo of one Italian day: /protocollo/registro/2026-11-26.pdf or .csv.
 * The PDF footer carries the SHA-256 of the CSV built from the same data, so the two files are linked.
 */
export const GET: RequestHandler = async (event) => {
	const actor = requireActor(event);
	requirePermission(canUseProtocollo(actor), STAFF_ONLY);
	const parsed = parseRegistroParam(event.params.data);
	if (!parsed)
		error(404, { message: 'Registro non trovato: usa un indirizzo come /protocollo/registro/2026-11-26.pdf', code: 'not_found' });
	const now = new Date();
	if (parsed.giorno > romeIsoDate(now)) error(400, { message: 'Il registro di una giornata futura non esiste ancora.', code: 'invalid' });
	const registro = registroGiornaliero(getDb(), actor.organismoId, parsed.giorno);
	if (!registro) error(404, { message: 'Organismo non trovato.', code: 'not_found' });
	const csv = registroCsvFile(registro);
	const name = `registro-protocollo-${parsed.giorno}.${parsed.formato}`;
	const headers = {
		'content-disposition': `attachment; filename="${name}"`,
		'cache-control': 'private, no-store',
		'x-content-type-options': 'nosniff'
	};
	if (parsed.formato === 'csv')
		return new Response(csv.bytes as Uint8Array<ArrayBuffer>, {
			headers: { ...headers, 'content-type': 'text/csv; charset=utf-8', 'x-content-sha256': csv.sha256 }
		});
	let pdf: Uint8Array;
	try {
		pdf = await registroPdf(registro, { csvSha256: csv.sha256, generatedAt: now });
	} catch (err) {
		if (!(err instanceof PdfFontError)) throw err;
		console.error('accordo:', err.message);
		error(503, { message: PDF_FONT_USER_MESSAGE, code: 'pdf_font' });
	}
	return new Response(pdf as Uint8Array<ArrayBuffer>, { headers: { ...headers, 'content-type': 'application/pdf' } });
};
