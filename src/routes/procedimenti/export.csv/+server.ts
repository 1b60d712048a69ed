import { csvLine, CSV_BOM } from '#db/shared/csv.ts';
import { formatGiorno } from '#db/shared/time.ts';
import { canExportRegistry } from '#db/access/index.ts';
import { ESITO_LABELS, STATO_LABELS } from '#db/procedimenti/labels.ts';
import { iterateProcedimenti, ListFilters } from '#db/procedimenti/list.ts';
import { appendAudit } from '#db/audit/repo.ts';
import { TIPOLOGIA_LABELS, MODALITA_LABELS } from '#db/procedimenti/labels.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import { parseQuery } from '$lib/server/validation';
import type { RequestHandler } from './$types';

/** Excel-friendly CSV of the registry with the same filters as the list (staff only). */
export const GET: RequestHandler = (event) => {
	const actor = requireActor(event);
	requirePermission(canExportRegistry(actor), "L'esportazione del registro è riservata alla segreteria.");
	const db = getDb();
	const filters = { ...parseQuery(ListFilters, event.url), page: 1 };
	let body =
		CSV_BOM +
		csvLine(['Numero', 'Data deposito', 'Sede', 'Tipologia', 'Modalità', 'Materia', 'Oggetto', 'Parti', 'Mediatore', 'Stato', 'Esito']);
	let n = 0;
	for (const r of iterateProcedimenti(db, actor, filters)) {
		n++;
		body += csvLine([
			`${r.anno}/${r.numero}`,
			formatGiorno(r.dataDeposito),
			r.sede,
			TIPOLOGIA_LABELS[r.tipologia],
			MODALITA_LABELS[r.modalita as keyof typeof MODALITA_LABELS] ?? r.modalita,
			r.materia,
			r.oggetto,
			r.parti,
			r.mediatore ?? '',
			STATO_LABELS[r.stato],
			r.esito ? ESITO_LABELS[r.esito] : ''
		]);
	}
	appendAudit(db, { action: 'procedimenti.export_csv', organismoId: actor.organismoId, actorId: actor.id, details: { righe: n } });
	const today = new Date().toISOString().slice(0, 10);
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="procedimenti-${today}.csv"`,
			'cache-control': 'no-store'
		}
	});
};
