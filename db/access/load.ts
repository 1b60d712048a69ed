import type { Db } from '../client.ts';
import { getMembershipSedeIds } from '../auth/memberships.ts';
import { userActor, type UserActor } from './actor.ts';

/**
 * The one way to turn a signed-in user into the Actor the rules take: the person in the session's
 * current membership (its Organismo and role), with the sedi a segreteria membership is limited
 * to. Used by the web hooks, the SFU admission and the collab upgrade, so a change of membership
 * reaches all three the same way. Guests become actors in resolveGuestToken
 * (db/rooms/invitations.ts), the one check of a personal link.
 */
export function loadActor<U extends { id: string; organismoId: string; membershipId: string; role: UserActor['role'] }>(
	db: Db,
	user: U
): U & UserActor {
	return userActor(user, user.role === 'segreteria' ? getMembershipSedeIds(db, user.membershipId) : null);
}
