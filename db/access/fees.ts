import type { Actor } from './actor.ts';
import { caseRoleOf, type CaseContext } from './case.ts';

/** Rules of the indennità (fees) of a case. */

/** The calculator and the case's fees: the segreteria and the mediator designato. */
export function canViewFees(actor: Actor, c: CaseContext): boolean {
	const r = caseRoleOf(actor, c);
	return r === 'staff' || r === 'mediatore';
}
