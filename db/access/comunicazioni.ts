import { isManagement, type Actor } from './actor.ts';

/** Rules of the comunicazioni (PEC and e-mail sender accounts, outbox). */

/** Configure the Organismo's sender mailboxes (PEC / e-mail credentials): the amministratore and the responsabile. */
export function canManageCaselle(actor: Actor): boolean {
	return isManagement(actor);
}
