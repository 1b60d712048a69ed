import { isStaff, type Actor } from './actor.ts';
import { canManageCase, canViewCase, type CaseContext } from './case.ts';

/** Rules of the protocol register (entrata / uscita / interno). */

/** The register, new entries and the daily register files: the staff. */
export function canUseProtocollo(actor: Actor): boolean {
	return isStaff(actor);
}

/** The protocol tab of a case (its entries, registering one for it): the staff who manage it. */
export function canManageCaseProtocollo(actor: Actor, c: CaseContext): boolean {
	return canManageCase(actor, c);
}

/**
 * What the actor may do with an entry's linked case (null = no case): open it (and read the linked
 * documents' titles), and annul the entry (an entry of a case: staff who manage that case).
 */
export function protocolloCaseRights(actor: Actor, c: CaseContext | null, linked: boolean): { view: boolean; annul: boolean } {
	if (!linked) return { view: false, annul: canUseProtocollo(actor) };
	return { view: c !== null && canViewCase(actor, c), annul: c !== null && canManageCase(actor, c) };
}
