import { desc, eq } from 'drizzle-orm';
import { canViewAudit } from '../../../../db/access.ts';
import { verifyAuditChain } from '../../../../db/audit.ts';
import { auditLog } from '../../../../db/schema/index.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	requirePermission(canViewAudit(actor));
	const db = getDb();
	const rows = db
		.select({
			id: auditLog.id,
			at: auditLog.at,
			action: auditLog.action,
			actorId: auditLog.actorId,
			details: auditLog.details,
			hash: auditLog.hash
		})
		.from(auditLog)
		.where(eq(auditLog.organismoId, actor.organismoId))
		.orderBy(desc(auditLog.id))
		.limit(200)
		.all();
	return { rows, verification: verifyAuditChain(db) };
};
