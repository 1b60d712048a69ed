import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { appendAudit } from '#db/audit/repo.ts';
import { listActiveMemberships } from '#db/auth/memberships.ts';
import { selectSessionMembership } from '#db/auth/session.ts';
import { ROLE_LABELS } from '#db/auth/labels.ts';
import { getDb } from '$lib/server/db';
import { safeRedirectTarget } from '$lib/server/redirect';
import { reauthorizeLiveConnections } from '$lib/server/live';
import { parseForm } from '$lib/server/validation';
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

export const actions = {
	default: async (event) => {
		const { account, session, user } = event.locals;
		if (!account || !session) error(401, { message: 'Sessione scaduta: accedi di nuovo.', code: 'unauthorized' });
		const parsed = parseForm(Scelta, await event.request.formData());
		if (!parsed.ok) return fail(400, { message: Object.values(parsed.errors)[0] });
		const db = getDb();
		if (!selectSessionMembership(db, session, parsed.data.membershipId))
			return fail(400, { message: 'Organismo non disponibile per il tuo account.' });
		const scelto = listActiveMemberships(db, account.id).find((m) => m.id === parsed.data.membershipId)!;
		appendAudit(db, {
			action: 'auth.organismo_selected',
			organismoId: scelto.organismoId,
			actorId: account.id,
			details: { from: user?.organismoId ?? null }
		});
		// Open rooms and verbali of the previous Organismo are re-checked with the new membership.
		if (user) await reauthorizeLiveConnections();
		redirect(303, safeRedirectTarget(parsed.data.redirectTo, event.url.origin));
	}
} satisfies Actions;
