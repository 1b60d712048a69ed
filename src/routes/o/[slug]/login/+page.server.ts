import { error, redirect } from '@sveltejs/kit';
import { getOrganismoBySlug } from '#db/organismi/repo.ts';
import { getDb } from '$lib/server/db';
import { safeRedirectTarget } from '$lib/server/redirect';
import { loginAction } from '$lib/server/login';
import type { Actions, PageServerLoad } from './$types';

/** An Organismo's own login page: its name, register number and colour; the session starts there. */
function organismoOf(slug: string) {
	const o = getOrganismoBySlug(getDb(), slug);
	if (!o) error(404, { message: 'Organismo non trovato.', code: 'not_found' });
	return o;
}

export const load: PageServerLoad = ({ locals, url, params }) => {
	const o = organismoOf(params.slug);
	if (locals.user?.organismoId === o.id) redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo'), url.origin));
	return {
		redirectTo: url.searchParams.get('redirectTo') ?? '',
		organismo: { denominazione: o.denominazione, numeroRegistro: o.numeroRegistro, colore: o.colore }
	};
};

export const actions = {
	default: loginAction((event) => organismoOf(event.params.slug ?? '').id)
} satisfies Actions;
