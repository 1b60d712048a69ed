import { fail } from '@sveltejs/kit';
import { listNotifiche, segnaLette } from '#db/agenda/notifications.ts';
import { formatDataOra } from '#db/shared/time.ts';
import { getDb } from '$lib/server/db';
import { requireActor } from '$lib/server/auth';
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

export const actions = {
	letta: async (event) => {
		const actor = requireActor(event);
		const id = String((await event.request.formData()).get('id') ?? '');
		// Only the person's own notifications: any other id (another user's, another Organismo's) is not found.
		if (segnaLette(getDb(), actor, id || undefined) === 0 && id) return fail(404, { ok: false, message: 'Notifica non trovata.' });
		return { ok: true };
	},
	tutte: async (event) => {
		const actor = requireActor(event);
		const n = segnaLette(getDb(), actor);
		return { ok: true, message: n ? `${n} notifiche segnate come lette.` : 'Nessuna notifica da segnare.' };
	}
} satisfies Actions;
