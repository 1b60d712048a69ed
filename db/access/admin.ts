import { isManagement, type Actor } from './actor.ts';

/** Organisation-wide administration: users and roles, the audit log, live server counters. */

export function canManageUsers(actor: Actor): boolean {
	return actor.kind === 'user' && actor.role === 'amministratore';
}

export function canViewAudit(actor: Actor): boolean {
	return isManagement(actor);
}

/** Live SFU/collab counters (rooms, peers, transports): administrators only. */
export function canViewServerStats(actor: Actor): boolean {
	return actor.kind === 'user' && actor.role === 'amministratore';
}

/** The background jobs page (/admin/operazioni: failures, "Riprova", schedules): administrators only. */
export function canSeeJobs(actor: Actor): boolean {
	return actor.kind === 'user' && actor.role === 'amministratore';
}

/**
 * The Organismo's own configuration (/admin/sedi, /admin/materie, /admin/tariffe): sedi, materie
 * and the fee tables' versions. The amministratore only; never another Organismo's rows.
 */
export function canConfigureOrganismo(actor: Actor): boolean {
	return actor.kind === 'user' && actor.role === 'amministratore';
}
