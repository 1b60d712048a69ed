import type { RequestEvent } from '@sveltejs/kit';
import { acceptAssignment, refuseAssignment } from '#db/mediatori/answer.ts';
import { listIncarichi } from '#db/mediatori/incarichi.ts';
import { canViewIncarichi } from '#db/access/index.ts';
import { AccettaInput, RifiutaInput } from '#db/mediatori/schemas.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import { defineAction } from '$lib/server/action';
import type { Actions, PageServerLoad } from './$types';

const ONLY_MEDIATORS = 'La pagina degli incarichi è riservata ai mediatori.';

export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	requirePermission(canViewIncarichi(actor), ONLY_MEDIATORS);
	return listIncarichi(getDb(), actor.organismoId, actor.id);
};

function mediatoreOnly(event: RequestEvent) {
	const actor = requireActor(event);
	requirePermission(canViewIncarichi(actor), ONLY_MEDIATORS);
	return actor;
}
const idOf = (fd: FormData) => ({ id: String(fd.get('assegnazioneId') ?? '') });

export const actions = {
	accetta: defineAction(AccettaInput, (v, { guard: actor }) => acceptAssignment(getDb(), actor, v.assegnazioneId, v.testoSha256), {
		form: 'accetta',
		guard: mediatoreOnly,
		echo: idOf
	}),
	rifiuta: defineAction(RifiutaInput, (v, { guard: actor }) => refuseAssignment(getDb(), actor, v.assegnazioneId, v.motivo), {
		form: 'rifiuta',
		guard: mediatoreOnly,
		echo: idOf
	})
} satisfies Actions;
