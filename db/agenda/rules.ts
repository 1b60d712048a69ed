import { caseRoleOf, isStaff, type Actor, type CaseContext } from '../access.ts';

/** Agenda access rules (pure). The general case rules live in db/access.ts. */

export type ModificaMediatore = 'diretta' | 'richiesta';

/** Book meetings of a case: the segreteria / responsabile who manage it. */
export function canBookMeeting(actor: Actor, c: CaseContext): boolean {
	return caseRoleOf(actor, c) === 'staff';
}

/**
 * Move a meeting: staff directly; the case's mediator, for meetings they hold (or that have no
 * mediator yet), directly or by request depending on the Organismo's setting; nobody else.
 */
export function rescheduleMode(
	actor: Actor,
	c: CaseContext,
	incontro: { mediatoreId: string | null },
	setting: ModificaMediatore
): ModificaMediatore | null {
	const r = caseRoleOf(actor, c);
	if (r === 'staff') return 'diretta';
	if (r === 'mediatore' && (incontro.mediatoreId === actor.id || incontro.mediatoreId === null)) return setting;
	return null;
}

/** Change the status: staff any; the meeting's mediator may record that it was held. */
export function canSetStato(actor: Actor, c: CaseContext, incontro: { mediatoreId: string | null }, stato: string): boolean {
	const r = caseRoleOf(actor, c);
	if (r === 'staff') return true;
	return r === 'mediatore' && stato === 'tenuto' && (incontro.mediatoreId === actor.id || incontro.mediatoreId === null);
}

/**
 * Which meetings of a case the actor sees: staff, mediators and observers every one; parties,
 * lawyers and CTU only those they are convoked to (by their soggetti in the case).
 */
export function canSeeMeeting(actor: Actor, c: CaseContext, convocati: readonly string[], mieiSoggetti: readonly string[]): boolean {
	const r = caseRoleOf(actor, c);
	if (r === null || r === 'mediatore_proposto') return false;
	if (r === 'staff' || r === 'mediatore' || r === 'osservatore') return true;
	return convocati.some((id) => mieiSoggetti.includes(id));
}

/** Decide mediators' change requests: staff of the case. */
export function canDecideRequest(actor: Actor, c: CaseContext): boolean {
	return caseRoleOf(actor, c) === 'staff';
}

/** The segreteria's agenda and deadlines dashboard. */
export function canSeeOrganismAgenda(actor: Actor): boolean {
	return isStaff(actor);
}

/** Manage sale, opening hours, local holidays and agenda settings. */
export function canManageSale(actor: Actor): boolean {
	return actor.role === 'amministratore' || actor.role === 'responsabile' || actor.role === 'segreteria';
}
