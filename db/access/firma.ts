import type { Actor, UserActor } from './actor.ts';
import { caseRoleOf, type CaseContext } from './case.ts';

/** Rules of the signing workflow (db/firma). */

/**
 * A recipient admitted by their personal signing link (db/firma/link.ts), without an account: one
 * recipient of one processo di firma of one Organismo, nothing else.
 */
export interface FirmaLinkActor {
	kind: 'firma_link';
	organismoId: string;
	procedimentoId: string;
	processoId: string;
	destinatarioId: string;
}

/** Who acts on a recipient's page: a user with an account, or the holder of that recipient's link. */
export type FirmaActor = UserActor | FirmaLinkActor;

/** Start, verify, remind and cancel a processo di firma: the mediator of the case or the segreteria. */
export function canManageFirma(actor: Actor | FirmaActor, c: CaseContext): boolean {
	if (actor.kind !== 'user') return false;
	const r = caseRoleOf(actor, c);
	return r === 'staff' || r === 'mediatore';
}

/**
 * Sign (or refuse, or download) for a recipient: the recipient's own account, the holder of their
 * personal link (for that recipient of that process only), or whoever manages the process (the
 * OTP or the file proves the signer).
 */
export function canSignFor(
	actor: FirmaActor,
	c: CaseContext,
	recipient: { id: string; processoId: string; userId: string | null }
): boolean {
	if (actor.kind === 'firma_link')
		return (
			actor.organismoId === c.organismoId &&
			actor.procedimentoId === c.procedimentoId &&
			actor.processoId === recipient.processoId &&
			actor.destinatarioId === recipient.id
		);
	if (canManageFirma(actor, c)) return true;
	return recipient.userId !== null && recipient.userId === actor.id && caseRoleOf(actor, c) !== null;
}

/** The account id to record as the author of an action (null for a link holder: the system, with the recipient named). */
export function firmaActorId(actor: FirmaActor): string | null {
	return actor.kind === 'user' ? actor.id : null;
}

/** The Organismo's trust store (trusted CAs and TSAs): the amministratore. */
export function canEditTrustStore(actor: Actor): boolean {
	return actor.kind === 'user' && actor.role === 'amministratore';
}
