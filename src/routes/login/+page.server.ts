import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { attemptLogin } from '../../../db/auth/login.ts';
import { getDb } from '$lib/server/db';
import { setSessionCookie } from '$lib/server/auth';
import { DEFAULT_AFTER_LOGIN, safeRedirectTarget } from '$lib/server/redirect';
import { loginLimits } from '$lib/server/limits';
import { parseForm, type FieldErrors } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

const LoginSchema = z.object({
	email: z.string().trim().min(1, "Inserisci l'indirizzo email.").max(254).pipe(z.email('Indirizzo email non valido.')),
	password: z.string().min(1, 'Inserisci la password.').max(200, 'Password troppo lunga.'),
	redirectTo: z.string().max(500).optional()
});

export const load: PageServerLoad = ({ locals, url }) => {
	const target = safeRedirectTarget(url.searchParams.get('redirectTo'), url.origin);
	if (locals.user) redirect(303, target);
	return { redirectTo: target === DEFAULT_AFTER_LOGIN ? '' : target };
};

export const actions = {
	default: async (event) => {
		const parsed = parseForm(LoginSchema, await event.request.formData(), { secret: ['password'] });
		if (!parsed.ok) return fail(400, { errors: parsed.errors, email: parsed.values.email ?? '', message: null });
		const { email, password, redirectTo } = parsed.data;
		const result = await attemptLogin(getDb(), { email, password, ip: event.getClientAddress() }, loginLimits());
		if (!result.ok) return fail(result.status, { errors: {} as FieldErrors, email, message: result.message });
		setSessionCookie(event, result.token, result.session.expiresAt);
		redirect(303, safeRedirectTarget(redirectTo, event.url.origin));
	}
} satisfies Actions;
