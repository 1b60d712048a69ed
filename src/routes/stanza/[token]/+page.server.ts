import { resolveGuestToken } from '#db/rooms/invitations.ts';
import { getDb } from '$lib/server/db';
import type { PageServerLoad } from './$types';

/** Guest entry by personal link: no account; the token is checked here and again at the socket handshake. */
export const load: PageServerLoad = ({ params, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
	const check = resolveGuestToken(getDb(), params.token);
	if (!check.ok) return { ok: false as const, message: check.message };
	return { ok: true as const, token: params.token, nome: check.guest.nome, ruolo: check.guest.ruolo };
};
