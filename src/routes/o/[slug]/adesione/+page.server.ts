import { redirect, type RequestEvent } from '@sveltejs/kit';
import { CodiciInput } from '#db/adesioni/schemas.ts';
import { verificaCodici } from '#db/adesioni/service.ts';
import { getDb } from '$lib/server/db';
import { defineAction } from '$lib/server/action';
import { brand, organismoPubblico } from '$lib/server/adesione';
import type { Actions, PageServerLoad } from './$types';

/** Adesione online, step 1: the invited party enters the numero di istanza and its personal code. */
export const load: PageServerLoad = ({ params }) => ({ organismo: brand(organismoPubblico(params.slug)) });

const guard = (event: RequestEvent) => organismoPubblico(event.params.slug ?? '');

export const actions = {
	default: defineAction(
		CodiciInput,
		(input, { event, guard }) => {
			const r = verificaCodici(getDb(), guard.id, input, event.getClientAddress());
			if (!r.ok) return r;
			redirect(303, `/o/${event.params.slug}/adesione/${r.token}`);
		},
		{ guard, secret: ['codice'], invalidMessage: 'Controlla i campi evidenziati.' }
	)
} satisfies Actions;
