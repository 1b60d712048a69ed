import { error, redirect } from '@sveltejs/kit';
import { canUseProtocollo } from '#db/access/index.ts';
import { parseRegistroParam } from '#db/protocollo/validation.ts';
import { requireActor, requirePermission } from '$lib/server/auth';
import { STAFF_ONLY } from '$lib/server/protocollo-registrazione';
import type { RequestHandler } from './$types';

/** The date picker of the register page: ?data=YYYY-MM-DD&formato=pdf|csv -> /protocollo/registro/<data>.<formato> */
export const GET: RequestHandler = (event) => {
	const actor = requireActor(event);
	requirePermission(canUseProtocollo(actor), STAFF_ONLY);
	const param = `${event.url.searchParams.get('data') ?? ''}.${event.url.searchParams.get('formato') ?? 'pdf'}`;
	if (!parseRegistroParam(param)) error(400, { message: 'Indica una data valida e il formato (PDF o CSV).', code: 'invalid' });
	redirect(303, `/protocollo/registro/${param}`);
};
