import { canUseProtocollo } from '#db/access/index.ts';
import { listProtocollo } from '#db/protocollo/repo.ts';
import { romeIsoDate } from '#db/shared/time.ts';
import { FiltriSchema, type Filtri } from '#db/protocollo/validation.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import { STAFF_ONLY } from '$lib/server/protocollo-registrazione';
import { withCaseVisibility } from './visibility.server';
import type { PageServerLoad } from './$types';

const FILTER_KEYS = ['dal', 'al', 'direzione', 'q', 'pagina'] as const;

/** Parses the query string; an invalid filter is reported and left out, the others still apply. */
function parseFiltri(params: URLSearchParams): { filtri: Filtri; errors: Record<string, string> } {
	const raw: Record<string, string> = {};
	for (const k of FILTER_KEYS) {
		const v = params.get(k);
		if (v !== null && v !== '') raw[k] = v;
	}
	const first = FiltriSchema.safeParse(raw);
	if (first.success) return { filtri: first.data, errors: {} };
	const errors: Record<string, string> = {};
	for (const issue of first.error.issues) errors[String(issue.path[0] ?? 'q')] ??= issue.message;
	for (const k of Object.keys(errors)) delete raw[k];
	const second = FiltriSchema.safeParse(raw);
	return { filtri: second.success ? second.data : FiltriSchema.parse({}), errors };
}

export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	requirePermission(canUseProtocollo(actor), STAFF_ONLY);
	const { filtri, errors } = parseFiltri(event.url.searchParams);
	if (Object.keys(errors).length > 0) event.locals.badQuery = true; // rendered with the reasons, status 400
	const db = getDb();
	const result = listProtocollo(db, actor.organismoId, filtri);
	return {
		values: Object.fromEntries(FILTER_KEYS.filter((k) => k !== 'pagina').map((k) => [k, event.url.searchParams.get(k) ?? ''])),
		errors,
		rows: withCaseVisibility(db, actor, result.rows),
		total: result.total,
		pagina: result.pagina,
		pagine: result.pagine,
		oggi: romeIsoDate(new Date())
	};
};
