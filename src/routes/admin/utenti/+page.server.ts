import { error, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { canManageUsers } from '#db/access/index.ts';
import { appendAudit } from '#db/audit/repo.ts';
import { findMembership, getMember, listMembers, updateMembershipAccess } from '#db/auth/memberships.ts';
import { invalidateMembershipSessions } from '#db/auth/session.ts';
import { listSediOf } from '#db/organismi/repo.ts';
import { Invito } from '#db/organismi/schemas.ts';
import { inviteMember } from '#db/organismi/service.ts';
import { ROLES } from '#db/auth/labels.ts';
import { getDb } from '$lib/server/db';
import { reauthorizeLiveConnections } from '$lib/server/live';
import { writeTransaction } from '#db/client.ts';
import { requireActor, requirePermission } from '$lib/server/auth';
import { defineAction, stringFields } from '$lib/server/action';
import { invalid, ok } from '#db/shared/outcome.ts';
import type { Actions, PageServerLoad } from './$types';

const AccessSchema = z.object({
	userId: z.string().min(1).max(64),
	role: z.enum(ROLES, { error: 'Ruolo non valido.' }),
	active: z.enum(['1', '0'], { error: 'Stato non valido.' })
});

export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	requirePermission(canManageUsers(actor));
	const db = getDb();
	return { users: listMembers(db, actor.organismoId), sedi: listSediOf(db, actor.organismoId), me: actor.id };
};

/** The sedi of the invitation are checkboxes (a repeated field), checked against the Organismo's by the service. */
const InvitoForm = Invito.extend({
	sedeIds: z
		.array(z.string({ error: 'Sede non valida.' }).min(1).max(64), { error: 'Sede non valida.' })
		.max(50)
		.default([])
});

/** Signed in as someone who manages the Organismo's users (amministratore). */
function admin(event: RequestEvent) {
	const actor = requireActor(event);
	requirePermission(canManageUsers(actor));
	return actor;
}

export const actions = {
	access: defineAction(
		AccessSchema,
		async ({ userId, role, active: flag }, { guard: actor }) => {
			const active = flag === '1';
			if (userId === actor.id) return invalid('Non puoi modificare il tuo ruolo o disattivare il tuo account.');
			const db = getDb();
			const before = getMember(db, actor.organismoId, userId);
			const membership = before && findMembership(db, userId, actor.organismoId);
			if (!before || !membership) error(404, { message: 'Utente non trovato.' });
			if (membership.role === role && membership.active === active) return ok({ message: 'Nessuna modifica.' });
			writeTransaction(db, () => {
				// Only this Organismo's membership changes: the person's account and other memberships stay.
				updateMembershipAccess(db, actor.organismoId, membership.id, { role, active });
				invalidateMembershipSessions(db, membership.id); // new rights take effect at the next login here
				appendAudit(db, {
					action: 'user.access_changed',
					organismoId: actor.organismoId,
					actorId: actor.id,
					entityType: 'user',
					entityId: userId,
					details: { from: { role: membership.role, active: membership.active }, to: { role, active } }
				});
			});
			await reauthorizeLiveConnections(); // a deactivated user leaves open verbali and rooms
			return ok({ message: 'Ruolo e stato aggiornati.' });
		},
		{
			form: 'access',
			guard: admin,
			echo: (form) => ({ userId: typeof form.get('userId') === 'string' ? String(form.get('userId')) : null })
		}
	),
	invita: defineAction(
		InvitoForm,
		(input, { event, guard: actor }) => {
			const r = inviteMember(getDb(), actor, input);
			if (!r.ok) return { ...r, field: r.field ?? 'email' };
			return ok({ link: `${event.url.origin}/invito/${r.inviteToken}`, newAccount: r.newAccount, email: input.email });
		},
		{
			form: 'invita',
			guard: admin,
			raw: (form) => ({ ...stringFields(form), sedeIds: form.getAll('sedeIds').filter((v) => typeof v === 'string') })
		}
	)
} satisfies Actions;
