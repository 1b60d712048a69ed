import { canCreateCase, isStaff } from '#db/access/index.ts';
import { ListFilters, listFilterOptions, listProcedimenti } from '#db/procedimenti/list.ts';
import { getDb } from '$lib/server/db';
import { requireActor } from '$lib/server/auth';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	const db = getDb();
	const parsed = ListFilters.safeParse(Object.fromEntries(event.url.searchParams));
	const filters = parsed.success ? parsed.data : ListFilters.parse({});
	const { rows, total, capped } = listProcedimenti(db, actor, filters);
	const staff = isStaff(actor);
	return {
		rows,
		total,
		capped,
		filters,
		invalidFilters: !parsed.success,
		staff,
		canCreate: canCreateCase(actor),
		options: staff ? listFilterOptions(db, actor) : null
	};
};
