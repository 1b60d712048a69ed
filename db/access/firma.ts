import type { Actor } from './actor.ts';
import { caseRoleOf, type CaseContext } from './case.ts';

/** Rules of the signing workflow (db/firma). */

/** Start, verify, remind and cancel a processo di firma: the mediator of the case or the segreteria. */
export function canManageFirma(actor: Actor, c: CaseContext): boolean {
	if (actor.kind !== 'user') return false;
	const r = caseRoleOf(actor, c);
	return r === 'staff' || r === 'mediatore';
}

/** Sign for a recipient: the recipient's own account, or whoever manages the process (the OTP or the file proves the signer). */
export function canSignFor(actor: Actor, c: CaseContext, recipientUserId: string | null): boolean {
	if (canManageFirma(actor, c)) return true;
	return actor.kind === 'user' && recipientUserId !== null && recipientUserId === actor.id && caseRoleOf(actor, c) !== null;
}

/** The Organismo's trust store (trusted CAs and TSAs): the amministratore. */
export function canEditTrustStore(actor: Actor): boolean {
	return actor.kind === 'user' && actor.role === 'amministratore';
}
