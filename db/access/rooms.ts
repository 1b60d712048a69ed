import type { Actor } from './actor.ts';
import { caseRoleOf, type CaseContext } from './case.ts';
import { canUploadDocument } from './documents.ts';

/** Rules of the online stanza (SFU meetings) of a case, for users and guests alike. */

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

/** The stanza page of a case: who joins the meetings, and the staff who organise them. */
export function canViewRoomPage(actor: Actor, c: CaseContext): boolean {
	return canJoinMeeting(actor, c) || caseRoleOf(actor, c) === 'staff';
}

/** Open the stanza on demand: the segreteria, or the mediator when the meeting starts. */
export function canOpenRoom(actor: Actor, c: CaseContext): boolean {
	return caseRoleOf(actor, c) === 'staff' || meetingPermissions(actor, c).moderate;
}

/** Personal links (create, revoke) and the stanza's settings: the segreteria of the case. */
export function canManageRoom(actor: Actor, c: CaseContext): boolean {
	return caseRoleOf(actor, c) === 'staff';
}

/** Upload into the fascicolo from the room's file panel. */
export function canUploadFromRoom(actor: Actor, c: CaseContext): boolean {
	return canJoinMeeting(actor, c) && canUploadDocument(actor, c);
}
