import { navFor } from '$lib/server/nav';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	const u = locals.actor;
	return {
		user: u ? { nome: u.nome, cognome: u.cognome, email: u.email, role: u.role } : null,
		nav: u ? navFor(u) : []
	};
};
