import { z } from 'zod';
import { countNonLette } from '#db/agenda/notifications.ts';
import { canSeeOrganismAgenda } from '#db/access/index.ts';
import { scadenzeOrganismo } from '#db/agenda/scadenze.ts';
import { romeIsoDate } from '#db/shared/time.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import { parseFilters } from '$lib/server/validation';
import { paramWithDefault } from '#db/shared/query.ts';
import type { PageServerLoad } from './$types';

const Query = z.object({ orizzonte: paramWithDefault(z.coerce.number().int().min(1).max(365), 30) });

export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	requirePermission(canSeeOrganismAgenda(actor), 'Il cruscotto delle scadenze è riservato alla segreteria.');
	const db = getDb();
	const {
		data: { orizzonte },
		errors: filterErrors
	} = parseFilters(event, Query);
	const today = romeIsoDate();
	const righe = scadenzeOrganismo(db, actor, { today, orizzonte });
	return {
		filterErrors,
		today,
		orizzonte,
		scadute: righe.filter((r) => r.stato === 'scaduta'),
		prossime: righe.filter((r) => r.stato !== 'scaduta'),
		nonLette: countNonLette(db, actor)
	};
};
