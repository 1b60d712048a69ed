import { z } from 'zod';
import { listNotifiche, segnaLette } from '#db/agenda/notifications.ts';
import { formatDataOra } from '#db/shared/time.ts';
import { getDb } from '$lib/server/db';
import { requireActor } from '$lib/server/auth';
import { defineAction } from '$lib/server/action';
import { notFound, ok } from '#db/shared/outcome.ts';
import type { Actions, PageServerLoad } from './$types';

/** Every user's in-app notifications (meetings fixed, moved, cancelled; deadline alerts for staff, from the scadenze.avvisi job). */
export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	const db = getDb();
	return {
		notifiche: listNotifiche(db, actor).map((n) => ({
			id: n.id,
			titolo: n.titolo,
			testo: n.testo,
			link: n.link,
			letta: n.letta,
			quando: formatDataOra(n.createdAt)
		}))
	};
};

const Letta = z.object({ id: z.string().trim().max(64, 'Notifica non trovata.').optional() });

export const actions = {
	letta: defineAction(
		Letta,
		({ id }, { guard: actor }) =>
			// Only the person's own notifications: any other id (another user's, another Organismo's) is not found.
			segnaLette(getDb(), actor, id || undefined) === 0 && id ? notFound('Notifica non trovata.') : ok(),
		{ guard: requireActor }
	),
	tutte: defineAction(
		z.object({}),
		(_v, { guard: actor }) => {
			const n = segnaLette(getDb(), actor);
			return ok({ message: n ? `${n} notifiche segnate come lette.` : 'Nessuna notifica da segnare.' });
		},
		{ guard: requireActor }
	)
} satisfies Actions;
