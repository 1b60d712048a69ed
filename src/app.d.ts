import type { UserActor } from '#db/access/index.ts';
import type { Session, SessionAccount, SessionUser } from '#db/auth/session.ts';
import type { AppRuntime, RequestWithRuntime } from '#server/runtime.ts';

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
			/** A page's filters had a value it could not read (parseFilters): the page renders, with status 400. */
			badQuery?: boolean;
		}
		/** How the composition root hands its runtime to the app (src/lib/server/runtime.ts). */
		interface Platform {
			/** Production: the Node request of adapter-node, carrying the runtime server/main.ts put on it. */
			req?: RequestWithRuntime;
			/** `npm run dev`: the runtime of the Vite plugin, from the adapter's emulator (svelte.config.js). */
			accordoRuntime?: AppRuntime;
		}
		interface Error {
			message: string;
			code?: string;
		}
	}
}

export {};
