import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { canManageUsers } from '#db/access/index.ts';
import { appendAudit } from '#db/audit/repo.ts';
import { findMembership, getMember, listMembers, updateMembershipAccess } from '#db/auth/memberships.ts';
import { invalidateMembershipSessions } from '#db/auth/session.ts';
import { listSediOf } from '#db/organismi/repo.ts';
import { Invito } from '#db/organismi/schemas.ts';
import { inviteMember } from '#db/organismi/service.ts';
import { ROLES } from '#db/auth/roles.ts';
import { getDb } from '$lib/server/db';
import { reauthorizeLiveConnections } from '$lib/server/live';
import { writeTransaction } from '#db/client.ts';
import { requireActor, requirePermission } from '$lib/server/auth';
import { parseForm } from '$lib/server/validation';
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

export const actions = {
	access: async (event) => {
		const actor = requireActor(event);
		requirePermission(canManageUsers(actor));
		const parsed = parseForm(AccessSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { userId: parsed.values.userId ?? null, message: Object.values(parsed.errors)[0] });
		const { userId, role } = parsed.data;
		const active = parsed.data.active === '1';
		if (userId === actor.id) return fail(400, { userId, message: 'Non puoi modificare il tuo ruolo o disattivare il tuo account.' });
		const db = getDb();
		const before = getMember(db, actor.organismoId, userId);
		const membership = before && findMembership(db, userId, actor.organismoId);
		if (!before || !membership) error(404, { message: 'Utente non trovato.' });
		if (membership.role === role && membership.active === active) return { userId, message: 'Nessuna modifica.' };
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
		return { userId, message: 'Ruolo e stato aggiornati.' };
	},
	invita: async (event) => {
		const actor = requireActor(event);
		requirePermission(canManageUsers(actor));
		const fd = await event.request.formData();
		// The sedi are checkboxes (repeated field): parsed with the rest, then checked against the Organismo's.
		const sedeIds = fd.getAll('sedeIds').filter((v): v is string => typeof v === 'string');
		fd.delete('sedeIds');
		const parsed = parseForm(Invito.omit({ sedeIds: true }), fd);
		if (!parsed.ok) return fail(400, { invito: { errors: parsed.errors, values: parsed.values, link: null }, message: null });
		const sedi = Invito.shape.sedeIds.safeParse(sedeIds);
		if (!sedi.success)
			return fail(400, { invito: { errors: { sedeIds: 'Sede non valida.' }, values: parsed.data, link: null }, message: null });
		const r = inviteMember(getDb(), actor, { ...parsed.data, sedeIds: sedi.data });
		if (!r.ok)
			return fail(r.code === 'forbidden' ? 403 : 400, {
				invito: { errors: { [r.field ?? 'email']: r.message }, values: parsed.data, link: null },
				message: null
			});
		const link = `${event.url.origin}/invito/${r.inviteToken}`;
		return {
			invito: { errors: {}, values: {}, link, newAccount: r.newAccount, email: parsed.data.email },
			message: null
		};
	}
} satisfies Actions;
