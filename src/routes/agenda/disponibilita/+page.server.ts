import { fail } from '@sveltejs/kit';
import {
	aggiungiDisponibilita,
	aggiungiIndisponibilita,
	listDisponibilita,
	listIndisponibilita,
	rimuovi
} from '../../../../db/agenda/availability.ts';
import { DisponibilitaInput, IndisponibilitaInput } from '../../../../db/agenda/schemas.ts';
import { formatRange } from '../../../../db/agenda/time.ts';
import { canManageAvailability } from '../../../../db/access/index.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import { parseForm } from '$lib/server/validation';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

function mediatore(event: Pick<RequestEvent, 'locals' | 'url'>) {
	const actor = requireActor(event);
	requirePermission(canManageAvailability(actor), 'Pagina riservata ai mediatori.');
	return actor;
}

export const load: PageServerLoad = (event) => {
	const actor = mediatore(event);
	const db = getDb();
	return {
		disponibilita: listDisponibilita(db, actor.id),
		indisponibilita: listIndisponibilita(db, actor.id).map((r) => ({
			id: r.id,
			quando: formatRange(Date.parse(r.inizio), Date.parse(r.fine)),
			motivo: r.motivo
		}))
	};
};

export const actions = {
	disponibilita: async (event) => {
		const actor = mediatore(event);
		const parsed = parseForm(DisponibilitaInput, await event.request.formData());
		if (!parsed.ok) return fail(400, { form: 'disponibilita', ok: false, message: Object.values(parsed.errors)[0], values: parsed.values });
		const r = aggiungiDisponibilita(getDb(), actor, parsed.data);
		return r.ok
			? { form: 'disponibilita', ok: true, message: r.message }
			: fail(409, { form: 'disponibilita', ok: false, message: r.message, values: parsed.data });
	},
	indisponibilita: async (event) => {
		const actor = mediatore(event);
		const parsed = parseForm(IndisponibilitaInput, await event.request.formData());
		if (!parsed.ok)
			return fail(400, { form: 'indisponibilita', ok: false, message: Object.values(parsed.errors)[0], values: parsed.values });
		const r = aggiungiIndisponibilita(getDb(), actor, parsed.data);
		return r.ok
			? { form: 'indisponibilita', ok: true, message: r.message }
			: fail(409, { form: 'indisponibilita', ok: false, message: r.message, values: parsed.data });
	},
	rimuovi: async (event) => {
		const actor = mediatore(event);
		const fd = await event.request.formData();
		const tipo = fd.get('tipo') === 'disponibilita' ? 'disponibilita' : 'indisponibilita';
		const r = rimuovi(getDb(), actor, tipo, String(fd.get('id') ?? ''));
		return r.ok ? { form: 'rimuovi', ok: true, message: r.message } : fail(404, { form: 'rimuovi', ok: false, message: r.message });
	}
} satisfies Actions;
