import { isMediatore, isStaff, worksPerSede, type Actor } from './actor.ts';
import { canManageUsers } from './admin.ts';

/** Which sections of the cruscotto (dashboard) an actor sees. */
export function dashboardSections(actor: Actor) {
	return {
		/** Users of the Organismo (count and link to their management). */
		utenti: canManageUsers(actor),
		/** The registry with its latest cases, and the sedi. */
		registro: isStaff(actor),
		/** The sedi card says "Le mie sedi" to the segreteria, who works per sede. */
		mieSedi: worksPerSede(actor),
		/** A mediator's meetings and assigned cases. */
		mediatore: isMediatore(actor),
		/** Parties, lawyers and CTU: their own cases and meetings. */
		partecipante: actor.kind === 'user' && !isStaff(actor) && !isMediatore(actor)
	};
}
