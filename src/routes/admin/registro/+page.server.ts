import { canViewAudit } from '#db/access/index.ts';
import { listAuditRows, verifyAuditChain } from '#db/audit/repo.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	requirePermission(canViewAudit(actor));
	const db = getDb();
	return { rows: listAuditRows(db, actor.organismoId), verification: verifyAuditChain(db, actor.organismoId) };
};
