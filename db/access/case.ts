import { coversSede, isStaff, type Actor, type GuestRuolo } from './actor.ts';

/**
 * Rules of one procedimento (the case). The query that builds a CaseContext from the database is
 * loadCaseContext (db/procedimenti/context.ts); the rules stay pure.
 */

/** Who is who in one procedimento. Ids are user ids (people with an account). */
export interface CaseContext {
	procedimentoId: string;
	organismoId: string;
	sedeId: string;
	mediatorIds: readonly string[]; // mediatore designato and co-mediatori
	partyUserIds: readonly string[];
	lawyerUserIds: readonly string[];
	ctuUserIds: readonly string[];
	observerUserIds: readonly string[]; // tirocinanti, uditori
	/** Mediators proposed for the case who have not accepted yet: they may only read the case data. */
	proposedMediatorIds?: readonly string[];
}

export type CaseRole = 'staff' | 'mediatore' | 'mediatore_proposto' | 'parte' | 'avvocato' | 'ctu' | 'osservatore';

/** A guest takes part in their case as the person the link was made for. */
const GUEST_CASE_ROLE: Readonly<Record<GuestRuolo, CaseRole>> = {
	parte: 'parte',
	rappresentante: 'parte',
	avvocato: 'avvocato',
	ctu: 'ctu',
	tirocinante: 'osservatore',
	uditore: 'osservatore'
};

/** The actor's role in this case, or null when they have nothing to do with it. */
export function caseRoleOf(actor: Actor, c: CaseContext): CaseRole | null {
	if (actor.organismoId !== c.organismoId) return null;
	if (actor.kind === 'guest') return actor.procedimentoId === c.procedimentoId ? GUEST_CASE_ROLE[actor.ruolo] : null;
	if (isStaff(actor)) return coversSede(actor, c.sedeId) ? 'staff' : null;
	if (actor.role === 'mediatore' && c.mediatorIds.includes(actor.id)) return 'mediatore';
	if (c.lawyerUserIds.includes(actor.id)) return 'avvocato';
	if (c.partyUserIds.includes(actor.id)) return 'parte';
	if (c.ctuUserIds.includes(actor.id)) return 'ctu';
	if (c.observerUserIds.includes(actor.id)) return 'osservatore';
	if (actor.role === 'mediatore' && c.proposedMediatorIds?.includes(actor.id)) return 'mediatore_proposto';
	return null;
}

export function canViewCase(actor: Actor, c: CaseContext): boolean {
	return caseRoleOf(actor, c) !== null;
}

/**
 * The case beyond its summary (parties, meetings, documents): everyone in it except a mediator
 * who has not accepted the appointment yet.
 */
export function canViewCaseDetails(actor: Actor, c: CaseContext): boolean {
	const r = caseRoleOf(actor, c);
	return r !== null && r !== 'mediatore_proposto';
}

/** Contact and tax data of the parties: the staff and the mediator; parties see names and roles. */
export function canViewPartyDetails(actor: Actor, c: CaseContext): boolean {
	const r = caseRoleOf(actor, c);
	return r === 'staff' || r === 'mediatore';
}

/** Edit registry data (parties, dates, state, fees): the segreteria and the responsabile. */
export function canManageCase(actor: Actor, c: CaseContext): boolean {
	return caseRoleOf(actor, c) === 'staff';
}

/** Register new procedimenti, export the registry, filter it by sede: the staff. */
export function canCreateCase(actor: Actor): boolean {
	return isStaff(actor);
}

export function canExportRegistry(actor: Actor): boolean {
	return isStaff(actor);
}

/** Accept or refuse a proposed appointment (signing the impartiality declaration). */
export function canAnswerAppointment(actor: Actor, c: CaseContext): boolean {
	return caseRoleOf(actor, c) === 'mediatore_proposto';
}
