import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { canManageUsers } from '../../../../db/access/index.ts';
import { appendAudit } from '../../../../db/audit/repo.ts';
import { invalidateUserSessions } from '../../../../db/auth/session.ts';
import { getUserById, listUsers, updateUserAccess } from '../../../../db/auth/users.ts';
import { ROLES } from '../../../../db/auth/roles.ts';
import { getDb } from '$lib/server/db';
import { reauthorizeLiveConnections } from '$lib/server/live';
import { writeTransaction } from '../../../../db/client.ts';
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
	return { users: listUsers(getDb(), actor.organismoId), me: actor.id };
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
		const before = getUserById(db, userId);
		if (!before || before.organismoId !== actor.organismoId) error(404, { message: 'Utente non trovato.' });
		if (before.role === role && before.active === active) return { userId, message: 'Nessuna modifica.' };
		writeTransaction(db, () => {
			updateUserAccess(db, actor.organismoId, userId, { role, active });
			if (!active || before.role !== role) invalidateUserSessions(db, userId); // new rights take effect at the next login
			appendAudit(db, {
				action: 'user.access_changed',
				organismoId: actor.organismoId,
				actorId: actor.id,
				entityType: 'user',
				entityId: userId,
				details: { from: { role: before.role, active: before.active }, to: { role, active } }
			});
		});
		await reauthorizeLiveConnections(); // a deactivated user leaves open verbali and rooms
		return { userId, message: 'Ruolo e stato aggiornati.' };
	}
} satisfies Actions;
