import { asc, eq } from 'drizzle-orm';
import { isStaff } from '../../../db/access.ts';
import { ListFilters, listProcedimenti } from '../../../db/repos/procedimenti-list.ts';
import { materie, mediatori, sedi, users } from '../../../db/schema/index.ts';
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
		canCreate: staff,
		options: staff
			? {
					materie: db
						.select({ id: materie.id, nome: materie.nome })
						.from(materie)
						.where(eq(materie.organismoId, actor.organismoId))
						.orderBy(asc(materie.ordine))
						.all(),
					sedi: db
						.select({ id: sedi.id, nome: sedi.nome })
						.from(sedi)
						.where(eq(sedi.organismoId, actor.organismoId))
						.all()
						.filter((s) => !actor.sedeIds?.length || actor.sedeIds.includes(s.id)),
					mediatori: db
						.select({ id: users.id, nome: users.nome, cognome: users.cognome })
						.from(mediatori)
						.innerJoin(users, eq(users.id, mediatori.userId))
						.where(eq(mediatori.organismoId, actor.organismoId))
						.orderBy(asc(users.cognome))
						.all()
				}
			: null
	};
};
