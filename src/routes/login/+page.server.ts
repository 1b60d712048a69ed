import { redirect } from '@sveltejs/kit';
import { DEFAULT_AFTER_LOGIN, safeRedirectTarget } from '$lib/server/redirect';
import { loginAction } from '$lib/server/login';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const target = safeRedirectTarget(url.searchParams.get('redirectTo'), url.origin);
	if (locals.user) redirect(303, target);
	return { redirectTo: target === DEFAULT_AFTER_LOGIN ? '' : target, organismo: null };
};

export const actions = {
	default: loginAction(() => null)
} satisfies Actions;
