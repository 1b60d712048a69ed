import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { hashPassword, verifyPassword } from '#db/auth/password.ts';
import { createSession, generateSessionToken, invalidateUserSessions } from '#db/auth/session.ts';
import { appendAudit } from '#db/audit/repo.ts';
import { getUserById, setPasswordHash } from '#db/auth/users.ts';
import { getDb } from '$lib/server/db';
import { reauthorizeLiveConnections } from '$lib/server/live';
import { deleteSessionCookie, requireActor, setSessionCookie } from '$lib/server/auth';
import { parseForm } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

const PasswordSchema = z
	.object({
		current: z.string().min(1, 'Inserisci la password attuale.'),
		next: z.string().min(10, 'La nuova password deve avere almeno 10 caratteri.').max(200, 'Password troppo lunga.'),
		confirm: z.string()
	})
	.refine((v) => v.next === v.confirm, { path: ['confirm'], message: 'Le due password non coincidono.' })
	.refine((v) => v.next !== v.current, { path: ['next'], message: 'La nuova password deve essere diversa da quella attuale.' });

export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	return { email: actor.email };
};

export const actions = {
	password: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(PasswordSchema, await event.request.formData(), { secret: ['current', 'next', 'confirm'] });
		if (!parsed.ok) return fail(400, { action: 'password', errors: parsed.errors, message: null });
		const db = getDb();
		const user = getUserById(db, actor.id);
		if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, parsed.data.current))) {
			return fail(400, { action: 'password', errors: { current: 'La password attuale non è corretta.' }, message: null });
		}
		setPasswordHash(db, actor.id, await hashPassword(parsed.data.next));
		// A new password ends every other session; this device gets a fresh one.
		invalidateUserSessions(db, actor.id);
		await reauthorizeLiveConnections(); // the closed sessions leave open verbali and rooms
		const token = generateSessionToken();
		const session = createSession(db, token, actor.id, Date.now(), { membershipId: actor.membershipId });
		setSessionCookie(event, token, session.expiresAt);
		appendAudit(db, { action: 'auth.password_changed', organismoId: actor.organismoId, actorId: actor.id });
		return { action: 'password', errors: {}, message: 'Password aggiornata. Le altre sessioni sono state chiuse.' };
	},
	logoutEverywhere: async (event) => {
		const actor = requireActor(event);
		const db = getDb();
		const closed = invalidateUserSessions(db, actor.id);
		await reauthorizeLiveConnections();
		appendAudit(db, { action: 'auth.logout_everywhere', organismoId: actor.organismoId, actorId: actor.id, details: { sessions: closed } });
		deleteSessionCookie(event);
		redirect(303, '/login');
	}
} satisfies Actions;
