import { canViewAudit } from '#db/access/index.ts';
import { appendAudit, exportAuditChain } from '#db/audit/repo.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import type { RequestHandler } from './$types';

/** The Organismo's own audit chain as JSON lines, every hashed field: verifiable offline. */
export const GET: RequestHandler = (event) => {
	const actor = requireActor(event);
	requirePermission(canViewAudit(actor));
	const db = getDb();
	appendAudit(db, { action: 'audit.exported', organismoId: actor.organismoId, actorId: actor.id });
	const body = [...exportAuditChain(db, actor.organismoId)].join('');
	return new Response(body, {
		headers: {
			'content-type': 'application/x-ndjson; charset=utf-8',
			'content-disposition': `attachment; filename="registro-attivita-${new Date().toISOString().slice(0, 10)}.jsonl"`
		}
	});
};
