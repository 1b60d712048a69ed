import { error } from '@sveltejs/kit';
import { eventoIncontro } from '#db/agenda/calendar.ts';
import { buildCalendar } from '#db/agenda/ics.ts';
import { mieiSoggetti } from '#db/agenda/repo.ts';
import { canSeeMeeting } from '#db/access/index.ts';
import { getDb } from '$lib/server/db';
import { requireCase } from '$lib/server/procedimento';
import type { RequestHandler } from './$types';

/** The .ics file of one meeting (RFC 5545, Europe/Rome), for anyone who can see the meeting. */
export const GET: RequestHandler = (event) => {
	const { actor, ctx } = requireCase(event);
	const db = getDb();
	const ev = eventoIncontro(db, event.params.incontroId);
	if (
		!ev ||
		ev.procedimentoId !== event.params.id ||
		!canSeeMeeting(actor, ctx, ev.convocati, mieiSoggetti(db, ev.procedimentoId, actor.id))
	)
		error(404, { message: 'Incontro non trovato.', code: 'not_found' });
	const body = buildCalendar([ev], { origin: event.url.origin, method: 'PUBLISH' });
	return new Response(body, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `attachment; filename="incontro-${ev.numero.replace(/\D+/g, '-').replace(/^-|-$/g, '')}.ics"`,
			'cache-control': 'private, no-store'
		}
	});
};
