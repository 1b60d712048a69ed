import { error } from '@sveltejs/kit';
import type { RequestEvent } from '@sveltejs/kit';
import { caseRoleOf, type CaseContext, type CaseRole, type UserActor } from '#db/access/index.ts';
import { loadCaseContext } from '#db/procedimenti/context.ts';
import type { SessionUser } from '#db/auth/session.ts';
import { getDb } from './db';
import { requireActor } from './auth';

export interface CaseAccess {
	actor: UserActor & SessionUser;
	ctx: CaseContext;
	role: CaseRole;
}

/**
 * Every load, action and endpoint under /procedimenti/[id] starts here: signed in, the case exists,
 * and the actor has a role in it (404 otherwise, so case ids are not confirmed to strangers).
 * Callers then check the specific rule (canManageCase, canViewDocument...).
 */
export function requireCase(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>, id = event.params.id): CaseAccess {
	const actor = requireActor(event);
	const ctx = id ? loadCaseContext(getDb(), id) : null;
	const role = ctx ? caseRoleOf(actor, ctx) : null;
	if (!ctx || !role) error(404, { message: 'Procedimento non trovato.', code: 'not_found' });
	return { actor, ctx, role };
}
