import { z } from 'zod';
import { creaFeed, revocaFeed, statoFeed } from '#db/agenda/feed.ts';
import { getDb } from '$lib/server/db';
import { requireActor } from '$lib/server/auth';
import { defineAction } from '$lib/server/action';
import { ok } from '#db/shared/outcome.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	const s = statoFeed(getDb(), actor.membershipId);
	return { attivo: s.attivo, createdAt: s.createdAt?.toISOString() ?? null };
};

export const actions = {
	crea: defineAction(
		z.object({}),
		(_v, { guard: actor, event }) => {
			const token = creaFeed(getDb(), actor);
			return ok({
				url: `${event.url.origin}/ics/${token}.ics`,
				message: 'Nuovo indirizzo creato: l’eventuale indirizzo precedente non funziona più.'
			});
		},
		{ guard: requireActor }
	),
	revoca: defineAction(
		z.object({}),
		(_v, { guard: actor }) => {
			const done = revocaFeed(getDb(), actor);
			return ok({
				url: null,
				message: done ? 'Indirizzo revocato: i calendari collegati non riceveranno più aggiornamenti.' : 'Nessun indirizzo attivo.'
			});
		},
		{ guard: requireActor }
	)
} satisfies Actions;
