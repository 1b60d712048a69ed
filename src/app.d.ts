import type { UserActor } from '#db/access/index.ts';
import type { Session, SessionAccount, SessionUser } from '#db/auth/session.ts';

declare global {
	namespace App {
		interface Locals {
			/** The person working in the session's current Organismo (null: signed out, or no Organismo picked yet). */
			user: SessionUser | null;
			/** The signed-in person, whether or not an Organismo is picked (operators have none). */
			account: SessionAccount | null;
			session: Session | null;
			/** The signed-in user as the access rules' actor (with the sedi of a segreteria): loadActor. */
			actor: (UserActor & SessionUser) | null;
		}
		interface Error {
			message: string;
			code?: string;
		}
	}
}

export {};
