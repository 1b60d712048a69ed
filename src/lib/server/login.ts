import { redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { attemptLogin } from '#db/auth/login.ts';
import { getDb } from '$lib/server/db';
import { setSessionCookie } from '$lib/server/auth';
import { safeRedirectTarget } from '$lib/server/redirect';
import { loginLimits } from '$lib/server/limits';
import { defineAction } from '$lib/server/action';

export const LoginSchema = z.object({
	email: z.string().trim().min(1, "Inserisci l'indirizzo email.").max(254).pipe(z.email('Indirizzo email non valido.')),
	password: z.string().min(1, 'Inserisci la password.').max(200, 'Password troppo lunga.'),
	redirectTo: z.string().max(500).optional()
});

/**
 * The login form action of the deployment's page (/login) and of each Organismo's own page
 * (/o/<slug>/login, `organismoId` set): the session starts in that Organismo's membership. A
 * failure keeps the typed email (never the password) and answers 400, 403 or 429.
 */
export function loginAction(organismoId: (event: RequestEvent) => string | null) {
	return defineAction(
		LoginSchema,
		async ({ email, password, redirectTo }, { event, guard }) => {
			const result = await attemptLogin(getDb(), { email, password, ip: event.getClientAddress(), organismoId: guard }, loginLimits());
			if (!result.ok) return result;
			setSessionCookie(event, result.token, result.session.expiresAt);
			if (result.next === 'scegli')
				redirect(303, `/scegli-organismo?redirectTo=${encodeURIComponent(safeRedirectTarget(redirectTo, event.url.origin))}`);
			if (result.next === 'piattaforma') redirect(303, '/piattaforma');
			redirect(303, safeRedirectTarget(redirectTo, event.url.origin));
		},
		{
			guard: organismoId,
			secret: ['password'],
			invalidMessage: 'Controlla i campi evidenziati.',
			echo: (form) => ({ email: String(form.get('email') ?? '') })
		}
	);
}
