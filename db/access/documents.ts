import type { Actor } from './actor.ts';
import { caseRoleOf, type CaseContext } from './case.ts';

/** Rules of the fascicolo (documents of a case). */

export interface DocumentInfo {
	/** "Riservato al mediatore": visible only to the mediator and the segreteria. */
	riservato: boolean;
	authorId?: string | null;
}

const isAuthor = (actor: Actor, authorId: string | null | undefined) => actor.kind === 'user' && !!authorId && authorId === actor.id;

export function canViewDocument(actor: Actor, c: CaseContext, doc: DocumentInfo): boolean {
	const r = caseRoleOf(actor, c);
	if (r === null || r === 'mediatore_proposto') return false;
	if (doc.riservato) return r === 'staff' || r === 'mediatore' || isAuthor(actor, doc.authorId);
	return true;
}

/** The fascicolo page itself: whoever may see its ordinary documents. */
export function canViewFascicolo(actor: Actor, c: CaseContext): boolean {
	return canViewDocument(actor, c, { riservato: false });
}

/** Upload into the fascicolo: people of the case with an account, observers excepted. */
export function canUploadDocument(actor: Actor, c: CaseContext): boolean {
	if (actor.kind !== 'user') return false;
	const r = caseRoleOf(actor, c);
	return r !== null && r !== 'osservatore' && r !== 'mediatore_proposto';
}

/** New versions of a document: its author, the mediator of the case and the segreteria. */
export function canAddVersion(actor: Actor, c: CaseContext, firstAuthorId: string | null): boolean {
	const r = caseRoleOf(actor, c);
	return r === 'staff' || r === 'mediatore' || isAuthor(actor, firstAuthorId);
}

/** Link documents to protocol entries when uploading: the staff who manage the case. */
export function canLinkProtocollo(actor: Actor, c: CaseContext): boolean {
	return caseRoleOf(actor, c) === 'staff';
}
