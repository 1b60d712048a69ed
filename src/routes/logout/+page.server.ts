import { redirect } from '@sveltejs/kit';
import { writeTransaction } from '#db/client.ts';
import { invalidateSession } from '#db/auth/session.ts';
import { appendAudit } from '#db/audit/repo.ts';
import { getDb } from '$lib/server/db';
import { reauthorizeLiveConnections } from '$lib/server/live';
import { deleteSessionCookie } from '$lib/server/auth';
import type { Actions, PageServerLoad } from './$types';

// Logging out changes state, so it is a POST (the "Esci" button); a GET just goes home.
export const load: PageServerLoad = () => redirect(303, '/');

export const actions = {
	default: async (event) => {
		const { session, user, account } = event.locals;
		if (session && account) {
			const db = getDb();
			writeTransaction(db, () => {
				invalidateSession(db, session.id);
				appendAudit(db, { action: 'auth.logout', organismoId: user?.organismoId ?? null, actorId: account.id });
			});
			await reauthorizeLiveConnections(); // this session leaves open verbali and rooms
		}
		deleteSessionCookie(event);
		redirect(303, '/login');
	}
} satisfies Actions;
