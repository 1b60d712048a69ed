import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { writeTransaction } from '#db/client.ts';
import { changePassword } from '#db/auth/password-change.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '#db/auth/password-policy.ts';
import { invalidateUserSessions } from '#db/auth/session.ts';
import { appendAudit } from '#db/audit/repo.ts';
import { loginLimits } from '$lib/server/limits';
import { getDb } from '$lib/server/db';
import { reauthorizeLiveConnections } from '$lib/server/live';
import { deleteSessionCookie, requireActor, setSessionCookie } from '$lib/server/auth';
import { parseForm } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

const PasswordSchema = z
	.object({
		current: z.string().min(1, 'Inserisci la password attuale.').max(PASSWORD_MAX_LENGTH, 'Password troppo lunga.'),
		next: z
			.string()
			.min(PASSWORD_MIN_LENGTH, 'La nuova password deve avere almeno 10 caratteri.')
			.max(PASSWORD_MAX_LENGTH, 'Password troppo lunga.'),
		confirm: z.string().max(PASSWORD_MAX_LENGTH)
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
		const r = await changePassword(
			db,
			actor,
			{ current: parsed.data.current, next: parsed.data.next, ip: event.getClientAddress() },
			loginLimits()
		);
		if (!r.ok)
			return fail(r.status, { action: 'password', errors: r.field ? { [r.field]: r.message } : {}, message: r.field ? null : r.message });
		await reauthorizeLiveConnections(); // the closed sessions leave open verbali and rooms
		setSessionCookie(event, r.token, r.session.expiresAt);
		return { action: 'password', errors: {}, message: 'Password aggiornata. Le altre sessioni sono state chiuse.' };
	},
	logoutEverywhere: async (event) => {
		const actor = requireActor(event);
		const db = getDb();
		writeTransaction(db, () => {
			const closed = invalidateUserSessions(db, actor.id);
			appendAudit(db, {
				action: 'auth.logout_everywhere',
				organismoId: actor.organismoId,
				actorId: actor.id,
				details: { sessions: closed }
			});
		});
		await reauthorizeLiveConnections();
		deleteSessionCookie(event);
		redirect(303, '/login');
	}
} satisfies Actions;
