import { isStaff, type Actor } from './actor.ts';
import { caseRoleOf, type CaseContext } from './case.ts';
import { canUploadDocument } from './documents.ts';

/**
 * Rules of the portals (db/adesioni/, db/portale/): the online adhesion and what the people of a
 * case do from their own area (deposito atti).
 */

/**
 * Complete an invited party's adhesion from the link the party handed over: a lawyer with an
 * account in the Organismo of the case. (The party itself may only refuse: adhering goes through
 * the lawyer, who signs in.)
 */
export function canCompleteAdesione(actor: Actor, organismoId: string): boolean {
	return actor.kind === 'user' && actor.role === 'avvocato' && actor.organismoId === organismoId;
}

/**
 * Deposito atti: file documents into the fascicolo, registered in the protocollo in entrata with a
 * receipt. The people of the case with an account (parties, lawyers, CTU, the mediator); the staff
 * file through the fascicolo and the protocollo instead.
 */
export function canDepositAtti(actor: Actor, c: CaseContext): boolean {
	if (!canUploadDocument(actor, c)) return false;
	const r = caseRoleOf(actor, c);
	return r === 'parte' || r === 'avvocato' || r === 'ctu' || r === 'mediatore';
}

/** A deposit's receipt: whoever filed it, and the staff of the case. */
export function canViewRicevutaDeposito(actor: Actor, c: CaseContext, autoreId: string | null): boolean {
	const r = caseRoleOf(actor, c);
	if (r === null) return false;
	if (r === 'staff' && isStaff(actor)) return true;
	return actor.kind === 'user' && autoreId === actor.id;
}

/** Ask for the replacement of the mediator (art. 14 c.3): the parties and their lawyers. */
export function canAskSostituzione(actor: Actor, c: CaseContext): boolean {
	if (actor.kind !== 'user') return false;
	const r = caseRoleOf(actor, c);
	return r === 'parte' || r === 'avvocato';
}

/** Report circumstances that may affect impartiality (art. 14 c.2 b): the mediator of the case. */
export function canReportImparzialita(actor: Actor, c: CaseContext): boolean {
	return actor.kind === 'user' && caseRoleOf(actor, c) === 'mediatore';
}

/** The page of requests and reports of a case: the staff, the mediator, the parties and their lawyers. */
export function canViewRichieste(actor: Actor, c: CaseContext): boolean {
	const r = caseRoleOf(actor, c);
	return actor.kind === 'user' && (r === 'staff' || r === 'mediatore' || r === 'parte' || r === 'avvocato');
}

/**
 * Decide a replacement request: the responsabile; when the mediator is the responsabile, the body
 * the regolamento names decides and the staff record its decision. Never the mediator concerned.
 */
export function canDecideSostituzione(
	actor: Actor,
	c: CaseContext,
	r: { decisore: 'responsabile' | 'organo'; mediatoreId: string }
): boolean {
	if (actor.kind !== 'user' || actor.id === r.mediatoreId || caseRoleOf(actor, c) !== 'staff') return false;
	return r.decisore === 'responsabile' ? actor.role === 'responsabile' : isStaff(actor);
}

/** The portals' settings (who decides replacement requests when the mediator is the responsabile): the amministratore. */
export function canConfigurePortale(actor: Actor): boolean {
	return actor.kind === 'user' && actor.role === 'amministratore';
}

/** Area riservata: everyone with an account keeps their own data in the Organismo they work in. */
export function canEditOwnProfile(actor: Actor): boolean {
	return actor.kind === 'user';
}

/** The professional data (CV items, materie, training, other organismi): mediators. */
export function hasProfessionalProfile(actor: Actor): boolean {
	return actor.kind === 'user' && (actor.role === 'mediatore' || actor.role === 'responsabile');
}

/** Approve the changes that need it: the staff. */
export function canApproveProfili(actor: Actor): boolean {
	return isStaff(actor);
}
