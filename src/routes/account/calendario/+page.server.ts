import { creaFeed, revocaFeed, statoFeed } from '#db/agenda/feed.ts';
import { getDb } from '$lib/server/db';
import { requireActor } from '$lib/server/auth';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	const s = statoFeed(getDb(), actor.membershipId);
	return { attivo: s.attivo, createdAt: s.createdAt?.toISOString() ?? null };
};

export const actions = {
	crea: async (event) => {
		const actor = requireActor(event);
		const token = creaFeed(getDb(), actor);
		return {
			ok: true,
			url: `${event.url.origin}/ics/${token}.ics`,
			message: 'Nuovo indirizzo creato: l’eventuale indirizzo precedente non funziona più.'
		};
	},
	revoca: async (event) => {
		const actor = requireActor(event);
		const done = revocaFeed(getDb(), actor);
		return {
			ok: true,
			url: null,
			message: done ? 'Indirizzo revocato: i calendari collegati non riceveranno più aggiornamenti.' : 'Nessun indirizzo attivo.'
		};
	}
} satisfies Actions;
