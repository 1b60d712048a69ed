import type { Actor } from './actor.ts';
import { caseRoleOf, type CaseContext } from './case.ts';

/** Rules of the verbale (co-written live; locked for signature) and of its templates. */

export type VerbaleAccess = 'write' | 'read' | 'none';

/** Guests follow the same rule through their role in the case (parti and lawyers write, others read). */
export function verbaleAccess(actor: Actor, c: CaseContext, opts: { locked: boolean }): VerbaleAccess {
	const r = caseRoleOf(actor, c);
	if (r === null || r === 'mediatore_proposto') return 'none';
	if (r === 'ctu' || r === 'osservatore') return 'read';
	return opts.locked ? 'read' : 'write';
}

/** The verbali of the case at all (the list page, the tab). */
export function canViewVerbali(actor: Actor, c: CaseContext): boolean {
	return verbaleAccess(actor, c, { locked: false }) !== 'none';
}

/** Lock ("versione per la firma") and unlock the verbale: the mediator of the case. */
export function canLockVerbale(actor: Actor, c: CaseContext): boolean {
	return caseRoleOf(actor, c) === 'mediatore';
}

/** New verbali: the segreteria (staff of the case) and the mediator. */
export function canCreateVerbale(actor: Actor, c: CaseContext): boolean {
	if (actor.kind !== 'user') return false;
	const r = caseRoleOf(actor, c);
	return r === 'staff' || r === 'mediatore';
}

/** Save, restore and export versions: whoever may write the verbale when unlocked, with an account. */
export function canManageVersions(actor: Actor, c: CaseContext): boolean {
	if (actor.kind !== 'user') return false;
	const r = caseRoleOf(actor, c);
	return r === 'staff' || r === 'mediatore' || r === 'parte' || r === 'avvocato';
}

/** Template texts are edited by the amministratore of the Organismo. */
export function canEditModelli(actor: Actor): boolean {
	return actor.kind === 'user' && actor.role === 'amministratore';
}
