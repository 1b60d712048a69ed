import type { UserActor } from '../db/access/index.ts';
import type { Session, SessionUser } from '../db/auth/session.ts';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
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
