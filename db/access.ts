import type { Role } from './auth/roles.ts';

/**
 * Every access rule of Accordo, as pure functions over plain data, used by web (hooks, actions,
 * endpoints), sfu (socket handshake and handlers) and collab (WebSocket upgrade). The queries that
 * build a CaseContext from the database live next to the case model (db/repos); rules stay here.
 */

export interface Actor {
	id: string;
	organismoId: string;
	role: Role;
	/** Segreteria limited to these sedi; null or empty = every sede of the Organismo. */
	sedeIds?: readonly string[] | null;
}

/** Who is who in one procedimento. Ids are user ids (people with an account). */
export interface CaseContext {
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

export function isStaff(actor: Actor): boolean {
	return actor.role === 'amministratore' || actor.role === 'responsabile' || actor.role === 'segreteria';
}

function staffCoversSede(actor: Actor, sedeId: string): boolean {
	if (actor.role !== 'segreteria') return true;
	return !actor.sedeIds || actor.sedeIds.length === 0 || actor.sedeIds.includes(sedeId);
}

/** The actor's role in this case, or null when they have nothing to do with it. */
export function caseRoleOf(actor: Actor, c: CaseContext): CaseRole | null {
	if (actor.organismoId !== c.organismoId) return null;
	if (isStaff(actor)) return staffCoversSede(actor, c.sedeId) ? 'staff' : null;
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

/** Edit registry data (parties, dates, state, fees): the segreteria and the responsabile. */
export function canManageCase(actor: Actor, c: CaseContext): boolean {
	return caseRoleOf(actor, c) === 'staff';
}

export interface DocumentInfo {
	/** "Riservato al mediatore": visible only to the mediator and the segreteria. */
	riservato: boolean;
	authorId?: string | null;
}

export function canViewDocument(actor: Actor, c: CaseContext, doc: DocumentInfo): boolean {
	const r = caseRoleOf(actor, c);
	if (r === null || r === 'mediatore_proposto') return false;
	if (doc.riservato) return r === 'staff' || r === 'mediatore' || doc.authorId === actor.id;
	return true;
}

export function canUploadDocument(actor: Actor, c: CaseContext): boolean {
	const r = caseRoleOf(actor, c);
	return r !== null && r !== 'osservatore' && r !== 'mediatore_proposto';
}

export interface MeetingPermissions {
	join: boolean;
	/** Send audio/video/screen (observers only when the mediator allows it). */
	publish: boolean;
	/** Admit from the lobby, create caucus spaces, move people, lock the verbale. */
	moderate: boolean;
}

export function meetingPermissions(actor: Actor, c: CaseContext): MeetingPermissions {
	const r = caseRoleOf(actor, c);
	switch (r) {
		case 'mediatore':
			return { join: true, publish: true, moderate: true };
		case 'parte':
		case 'avvocato':
		case 'ctu':
			return { join: true, publish: true, moderate: false };
		case 'osservatore':
			return { join: true, publish: false, moderate: false };
		default:
			// Staff organise meetings but do not sit in them; strangers never join.
			return { join: false, publish: false, moderate: false };
	}
}

export function canJoinMeeting(actor: Actor, c: CaseContext): boolean {
	return meetingPermissions(actor, c).join;
}

/** Only the mediator moves people (themself included) between plenaria and caucus spaces. */
export function canMoveBetweenSpaces(actor: Actor, c: CaseContext): boolean {
	return meetingPermissions(actor, c).moderate;
}

export type VerbaleAccess = 'write' | 'read' | 'none';

export function verbaleAccess(actor: Actor, c: CaseContext, opts: { locked: boolean }): VerbaleAccess {
	const r = caseRoleOf(actor, c);
	if (r === null || r === 'mediatore_proposto') return 'none';
	if (r === 'ctu' || r === 'osservatore') return 'read';
	return opts.locked ? 'read' : 'write';
}

/** Lock ("versione per la firma") and unlock the verbale: the mediator of the case. */
export function canLockVerbale(actor: Actor, c: CaseContext): boolean {
	return caseRoleOf(actor, c) === 'mediatore';
}

export function canManageUsers(actor: Actor): boolean {
	return actor.role === 'amministratore';
}

export function canViewAudit(actor: Actor): boolean {
	return actor.role === 'amministratore' || actor.role === 'responsabile';
}

/** Live SFU/collab counters (rooms, peers, transports): administrators only. */
/** Accept or refuse a proposed appointment (signing the impartiality declaration). */
export function canAnswerAppointment(actor: Actor, c: CaseContext): boolean {
	return caseRoleOf(actor, c) === 'mediatore_proposto';
}

export function canViewServerStats(actor: Actor): boolean {
	return actor.role === 'amministratore';
}
