import { canManageFirma } from '#db/access/index.ts';
import { processiVisibili } from '#db/firma/pannello.ts';
import { getDb } from '$lib/server/db';
import { requireCase } from '$lib/server/procedimento';
import type { PageServerLoad } from './$types';

/** The signing processes of the case: all of them for the mediator and the segreteria, one's own for a signer. */
export const load: PageServerLoad = (event) => {
	const { actor, ctx } = requireCase(event);
	return { processi: processiVisibili(getDb(), actor, ctx), gestisce: canManageFirma(actor, ctx) };
};
