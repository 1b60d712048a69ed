import { canCreateCase, isStaff } from '#db/access/index.ts';
import { ListFilters, listFilterOptions, listProcedimenti } from '#db/procedimenti/list.ts';
import { parseFilters } from '$lib/server/validation';
import { getDb } from '$lib/server/db';
import { requireActor } from '$lib/server/auth';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	const db = getDb();
	const { data: filters, errors: filterErrors } = parseFilters(event, ListFilters);
	const { rows, total, capped } = listProcedimenti(db, actor, filters);
	const staff = isStaff(actor);
	return {
		rows,
		total,
		capped,
		filters,
		filterErrors,
		staff,
		canCreate: canCreateCase(actor),
		options: staff ? listFilterOptions(db, actor) : null
	};
};
