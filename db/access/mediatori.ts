import { isManagement, isMediatore, isStaff, type Actor } from './actor.ts';
import { canManageCase, type CaseContext } from './case.ts';

/** Rules of the mediator registry and of assignments. */

/** The registry (list, materie, conflicts): read by all staff. */
export function canViewRegistry(actor: Actor): boolean {
	return isStaff(actor);
}

/** Edit a mediator's stato, materie, qualifiche, load and conflicts, and the declaration text. */
export function canEditRegistry(actor: Actor): boolean {
	return isManagement(actor);
}

/** Rotation and joint indication: the staff who manage the case. */
export function canAssignMediator(actor: Actor, c: CaseContext): boolean {
	return canManageCase(actor, c);
}

/** Scelta del responsabile (a reason is required): the responsabile or an amministratore. */
export function canChooseMediator(actor: Actor, c: CaseContext): boolean {
	return canManageCase(actor, c) && isManagement(actor);
}

/**
 * Withdraw a pending proposal: staff of the case. Replace a mediator who accepted (art. 14 c.3
 * D.Lgs. 28/2010: the responsabile replaces the mediator): responsabile or amministratore.
 */
export function canRevokeAssignment(actor: Actor, c: CaseContext, stato: 'proposta' | 'accettata'): boolean {
	return stato === 'proposta' ? canManageCase(actor, c) : canChooseMediator(actor, c);
}

/** The "Incarichi" page: mediators only. */
export function canViewIncarichi(actor: Actor): boolean {
	return isMediatore(actor);
}
