import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { appendAudit } from '#db/audit/repo.ts';
import { listActiveMemberships } from '#db/auth/memberships.ts';
import { selectSessionMembership } from '#db/auth/session.ts';
import { ROLE_LABELS } from '#db/auth/labels.ts';
import { getDb } from '$lib/server/db';
import { safeRedirectTarget } from '$lib/server/redirect';
import { reauthorizeLiveConnections } from '$lib/server/live';
import { defineAction } from '$lib/server/action';
import { invalid } from '#db/shared/outcome.ts';
import type { Actions, PageServerLoad } from './$types';

const Scelta = z.object({ membershipId: z.string().min(1, "Scegli l'organismo.").max(64), redirectTo: z.string().max(500).optional() });

/** After login with several memberships (or from the header), the person picks the Organismo to work in. */
export const load: PageServerLoad = ({ locals, url }) => {
	const account = locals.account;
	if (!account) redirect(303, '/login');
	const scelte = listActiveMemberships(getDb(), account.id).map((m) => ({ ...m, ruolo: ROLE_LABELS[m.role] }));
	return {
		scelte,
		corrente: locals.user?.membershipId ?? null,
		operatore: account.operatore,
		redirectTo: url.searchParams.get('redirectTo') ?? ''
	};
};

/** The signed-in account and its session (no Organismo chosen yet, or another one). */
function signedIn(event: RequestEvent) {
	const { account, session, user } = event.locals;
	if (!account || !session) error(401, { message: 'Sessione scaduta: accedi di nuovo.', code: 'unauthorized' });
	return { account, session, user };
}

export const actions = {
	default: defineAction(
		Scelta,
		async ({ membershipId, redirectTo }, { event, guard: { account, session, user } }) => {
			const db = getDb();
			if (!selectSessionMembership(db, session, membershipId)) return invalid('Organismo non disponibile per il tuo account.');
			const scelto = listActiveMemberships(db, account.id).find((m) => m.id === membershipId)!;
			appendAudit(db, {
				action: 'auth.organismo_selected',
				organismoId: scelto.organismoId,
				actorId: account.id,
				details: { from: user?.organismoId ?? null }
			});
			// Open rooms and verbali of the previous Organismo are re-checked with the new membership.
			if (user) await reauthorizeLiveConnections();
			redirect(303, safeRedirectTarget(redirectTo, event.url.origin));
		},
		{ guard: signedIn }
	)
} satisfies Actions;
