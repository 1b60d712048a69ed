import { isManagement, isMediatore, isStaff, type Actor } from './actor.ts';
import { caseRoleOf, type CaseContext } from './case.ts';

/** Agenda rules: meetings (incontri) of a case, the Organismo's agenda, sale and opening hours. */

export type ModificaMediatore = 'diretta' | 'richiesta';

/** Book meetings of a case (and make their personal links): the segreteria / responsabile who manage it. */
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
	if (r === 'mediatore' && actor.kind === 'user' && (incontro.mediatoreId === actor.id || incontro.mediatoreId === null)) return setting;
	return null;
}

/** Change the status: staff any; the meeting's mediator may record that it was held. */
export function canSetStato(actor: Actor, c: CaseContext, incontro: { mediatoreId: string | null }, stato: string): boolean {
	const r = caseRoleOf(actor, c);
	if (r === 'staff') return true;
	return (
		r === 'mediatore' && actor.kind === 'user' && stato === 'tenuto' && (incontro.mediatoreId === actor.id || incontro.mediatoreId === null)
	);
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

/** The sale of the case's sede when booking or moving a meeting: staff and the mediator. */
export function canPickSala(actor: Actor, c: CaseContext): boolean {
	const r = caseRoleOf(actor, c);
	return r === 'staff' || r === 'mediatore';
}

/** Decide mediators' change requests: staff of the case. */
export function canDecideRequest(actor: Actor, c: CaseContext): boolean {
	return caseRoleOf(actor, c) === 'staff';
}

/** The segreteria's agenda and deadlines dashboard. */
export function canSeeOrganismAgenda(actor: Actor): boolean {
	return isStaff(actor);
}

/** The agenda page in the menu: the staff (the Organismo's) and mediators (their own). */
export function canSeeAgendaInMenu(actor: Actor): boolean {
	return isStaff(actor) || isMediatore(actor);
}

/** Manage sale, opening hours and local holidays. */
export function canManageSale(actor: Actor): boolean {
	return isStaff(actor);
}

/** The Organismo's agenda settings (how mediators move meetings, default length): the responsabile. */
export function canEditAgendaSettings(actor: Actor): boolean {
	return isManagement(actor);
}

/** Declare one's own availability and unavailability: mediators. */
export function canManageAvailability(actor: Actor): boolean {
	return isMediatore(actor);
}
