import type { Db } from '../client.ts';
import { getUserSedeIds } from '../auth/users.ts';
import { userActor, type UserActor } from './actor.ts';

/**
 * The one way to turn a signed-in user into the Actor the rules take: the user with the sedi a
 * segreteria is limited to. Used by the web hooks, the SFU admission and the collab upgrade, so a
 * change of sedi reaches all three the same way. Guests become actors in resolveGuestToken
 * (db/rooms/invitations.ts), the one check of a personal link.
 */
export function loadActor<U extends { id: string; organismoId: string; role: UserActor['role'] }>(db: Db, user: U): U & UserActor {
	return userActor(user, user.role === 'segreteria' ? getUserSedeIds(db, user.id) : null);
}
