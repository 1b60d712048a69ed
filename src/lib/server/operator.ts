import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { SessionAccount } from '#db/auth/session.ts';

/** The signed-in platform operator; anybody else gets 403 (never a hint of what is there). */
export function requireOperator(event: Pick<RequestEvent, 'locals' | 'url'>): SessionAccount {
	const account = event.locals.account;
	if (!account) redirect(303, `/login?redirectTo=${encodeURIComponent(event.url.pathname)}`);
	if (!account.operatore) error(403, { message: "Pagina riservata all'operatore della piattaforma.", code: 'forbidden' });
	return account;
}
