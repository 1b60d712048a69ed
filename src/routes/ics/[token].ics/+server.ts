import { error } from '@sveltejs/kit';
import { agendaPersonale } from '#db/agenda/calendar.ts';
import { attoreDaFeed } from '#db/agenda/feed.ts';
import { buildCalendar } from '#db/agenda/ics.ts';
import { getDb } from '$lib/server/db';
import { z } from 'zod';
import { parseQuery } from '$lib/server/validation';
import { flagParam } from '#db/shared/query.ts';
import type { RequestHandler } from './$types';

const DAY = 86_400_000;

/**
 * The user's calendar feed at a secret URL: no session (calendar apps cannot log in), the token is
 * the credential; revoked or unknown tokens get 404. ?anonimo=1 gives busy blocks only.
 */
export const GET: RequestHandler = (event) => {
	const db = getDb();
	const actor = attoreDaFeed(db, event.params.token);
	if (!actor) error(404, { message: 'Calendario non trovato o revocato.', code: 'not_found' });
	const now = Date.now();
	const events = agendaPersonale(db, actor, now - 60 * DAY, now + 400 * DAY);
	const { anonimo } = parseQuery(z.object({ anonimo: flagParam }), event.url);
	const body = buildCalendar(events, {
		origin: event.url.origin,
		anonimo,
		now,
		nome: anonimo ? 'Accordo — occupato' : 'Accordo — incontri'
	});
	return new Response(body, {
		headers: { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'private, no-store', 'x-robots-tag': 'noindex' }
	});
};
