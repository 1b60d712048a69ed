import { getOrganismo, listUsers } from '#db/auth/users.ts';
import { verifyAuditChain } from '#db/audit/repo.ts';
import { canManageUsers, canViewAudit, coversSede, dashboardSections, isStaff } from '#db/access/index.ts';
import { ListFilters, listProcedimenti } from '#db/procedimenti/list.ts';
import { getDb } from '$lib/server/db';
import { requireActor } from '$lib/server/auth';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	const db = getDb();
	const organismo = getOrganismo(db, actor.organismoId);
	const visibleSedi = organismo?.sedi.filter((s) => coversSede(actor, s.id)) ?? [];
	return {
		role: actor.role,
		sezioni: dashboardSections(actor),
		organismo: organismo
			? { denominazione: organismo.denominazione, numeroRegistro: organismo.numeroRegistro, sedi: isStaff(actor) ? visibleSedi : [] }
			: null,
		users: canManageUsers(actor) ? listUsers(db, actor.organismoId).length : null,
		audit: canViewAudit(actor) ? verifyAuditChain(db, actor.organismoId) : null,
		// Latest cases the actor can see (the list applies the same visibility rules as the registry).
		recenti: listProcedimenti(db, actor, ListFilters.parse({ pageSize: 10 }))
	};
};
