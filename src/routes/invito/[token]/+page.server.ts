import { fail, redirect } from '@sveltejs/kit';
import { checkAccountToken } from '#db/auth/tokens.ts';
import { getUserById } from '#db/auth/users.ts';
import { getOrganismoById } from '#db/organismi/repo.ts';
import { NuovaPassword } from '#db/organismi/schemas.ts';
import { acceptInvitation } from '#db/organismi/service.ts';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

/** An invitation's one-time link: a new account sets its password; an existing one confirms. */
export const load: PageServerLoad = ({ params }) => {
	const db = getDb();
	const check = checkAccountToken(db, params.token);
	if (!check.ok) return { valido: false as const, message: check.message };
	const organismo = check.organismoId ? getOrganismoById(db, check.organismoId) : null;
	return {
		valido: true as const,
		email: check.email,
		nome: check.nome,
		organismo: organismo?.denominazione ?? null,
		serve: !getUserById(db, check.userId)?.passwordHash
	};
};

export const actions = {
	default: async (event) => {
		const db = getDb();
		const check = checkAccountToken(db, event.params.token);
		if (!check.ok) return fail(400, { errors: {}, message: check.message });
		const needsPassword = !getUserById(db, check.userId)?.passwordHash;
		let password: string | null = null;
		if (needsPassword) {
			const parsed = parseForm(NuovaPassword, await event.request.formData(), { secret: ['password', 'confirm'] });
			if (!parsed.ok) return fail(400, { errors: parsed.errors, message: null });
			password = parsed.data.password;
		}
		const r = await acceptInvitation(db, event.params.token, password);
		if (!r.ok) return fail(400, { errors: {}, message: r.message });
		const slug = r.organismoId ? getOrganismoById(db, r.organismoId)?.slug : null;
		redirect(303, slug ? `/o/${slug}/login?attivato=1` : '/login?attivato=1');
	}
} satisfies Actions;
