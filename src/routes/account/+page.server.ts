import { redirect } from '@sveltejs/kit';
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
import { defineAction } from '$lib/server/action';
import { ok } from '#db/shared/outcome.ts';
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
	password: defineAction(
		PasswordSchema,
		async ({ current, next }, { event, guard: actor }) => {
			const r = await changePassword(getDb(), actor, { current, next, ip: event.getClientAddress() }, loginLimits());
			if (!r.ok) return r;
			await reauthorizeLiveConnections(); // the closed sessions leave open verbali and rooms
			setSessionCookie(event, r.token, r.session.expiresAt);
			return ok({ message: 'Password aggiornata. Le altre sessioni sono state chiuse.' });
		},
		{ form: 'password', guard: requireActor, secret: ['current', 'next', 'confirm'], invalidMessage: 'Controlla i campi evidenziati.' }
	),
	logoutEverywhere: defineAction(
		z.object({}),
		async (_v, { event, guard: actor }) => {
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
		},
		{ guard: requireActor }
	)
} satisfies Actions;
