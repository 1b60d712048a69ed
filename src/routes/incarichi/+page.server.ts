import { fail } from '@sveltejs/kit';
import { acceptAssignment, refuseAssignment } from '../../../db/mediatori/answer.ts';
import { listIncarichi } from '../../../db/mediatori/incarichi.ts';
import { canViewIncarichi } from '../../../db/access/index.ts';
import { AccettaInput, RifiutaInput } from '../../../db/mediatori/schemas.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import { parseForm } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

const ONLY_MEDIATORS = 'La pagina degli incarichi è riservata ai mediatori.';

export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	requirePermission(canViewIncarichi(actor), ONLY_MEDIATORS);
	return listIncarichi(getDb(), actor.id);
};

export const actions = {
	accetta: async (event) => {
		const actor = requireActor(event);
		requirePermission(canViewIncarichi(actor), ONLY_MEDIATORS);
		const fd = await event.request.formData();
		const parsed = parseForm(AccettaInput, fd);
		const id = String(fd.get('assegnazioneId') ?? '');
		if (!parsed.ok) return fail(400, { form: 'accetta', id, ok: false, errors: parsed.errors, message: Object.values(parsed.errors)[0] });
		const r = acceptAssignment(getDb(), actor, parsed.data.assegnazioneId, parsed.data.testoSha256);
		if (!r.ok) return fail(409, { form: 'accetta', id, ok: false, errors: {}, message: r.message });
		return { form: 'accetta', id, ok: true, message: r.message };
	},
	rifiuta: async (event) => {
		const actor = requireActor(event);
		requirePermission(canViewIncarichi(actor), ONLY_MEDIATORS);
		const fd = await event.request.formData();
		const parsed = parseForm(RifiutaInput, fd);
		const id = String(fd.get('assegnazioneId') ?? '');
		if (!parsed.ok)
			return fail(400, {
				form: 'rifiuta',
				id,
				ok: false,
				errors: parsed.errors,
				values: parsed.values,
				message: Object.values(parsed.errors)[0]
			});
		const r = refuseAssignment(getDb(), actor, parsed.data.assegnazioneId, parsed.data.motivo);
		if (!r.ok) return fail(409, { form: 'rifiuta', id, ok: false, errors: {}, values: { motivo: parsed.data.motivo }, message: r.message });
		return { form: 'rifiuta', id, ok: true, message: r.message };
	}
} satisfies Actions;
