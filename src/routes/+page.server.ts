import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	redirect(303, locals.user ? '/dashboard' : locals.account ? (locals.account.operatore ? '/piattaforma' : '/scegli-organismo') : '/login');
};
