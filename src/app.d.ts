import type { Session, SessionUser } from '../db/auth/session.ts';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			session: Session | null;
			/** Segreteria limited to these sedi (null = all). Loaded with the session. */
			sedeIds: string[] | null;
		}
		interface Error {
			message: string;
			code?: string;
		}
	}
}

export {};
