import { error, type RequestEvent } from '@sveltejs/kit';
import { resolveSigningLink, type LinkAccess } from '#db/firma/link.ts';
import { getDb } from './db';
import { appRuntime } from './runtime';

/**
 * Every request of /firma/[token] (page, form actions, download) starts here: the personal signing
 * link is checked again (signature with the Organismo's key, expiry, recipient still in the
 * process, process not cancelled). A refused link answers 404 (or 410 when it expired or was
 * revoked) with the Italian reason, and changes nothing.
 */
export function requireSigningLink(event: Pick<RequestEvent, 'params'>): LinkAccess {
	const r = resolveSigningLink(getDb(), event.params.token, appRuntime().config.guestLinkSecret);
	if (!r.ok) error(r.code === 'conflict' ? 410 : 404, { message: r.message, code: r.code });
	return r;
}
