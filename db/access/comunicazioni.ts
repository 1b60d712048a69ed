import { isManagement, type Actor } from './actor.ts';
import { canUseProtocollo } from './protocollo.ts';

/** Rules of the comunicazioni (PEC and e-mail sender accounts, outbox). */

/** Configure the Organismo's sender mailboxes (PEC / e-mail credentials): the amministratore and the responsabile. */
export function canManageCaselle(actor: Actor): boolean {
	return isManagement(actor);
}

/** Read the Organismo's incoming PEC and e-mail and register it (Posta in arrivo): the staff, like the protocollo. */
export function canUsePostaInArrivo(actor: Actor): boolean {
	return canUseProtocollo(actor);
}
