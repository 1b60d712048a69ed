import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { getImpostazioniAgenda, setImpostazioniAgenda } from '../../../db/agenda/repo.ts';
import { canEditAgendaSettings, canManageSale, sedeScope } from '../../../db/access/index.ts';
import {
	aggiungiFestivita,
	aggiungiOrario,
	creaSala,
	impostaSalaAttiva,
	rimuoviFestivita,
	rimuoviOrario,
	sedeGestibile
} from '../../../db/agenda/sale-admin.ts';
import { listFestivitaLocali, listOrari, listSale, listSedi } from '../../../db/agenda/sale.ts';
import { FestivitaInput, OrarioInput, SalaInput } from '../../../db/agenda/schemas.ts';
import { festivitaNazionali } from '../../../db/agenda/holidays.ts';
import { romeIsoDate } from '../../../db/deadlines/dates.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import { parseForm } from '$lib/server/validation';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const STAFF_ONLY = 'Sale e orari sono gestiti dalla segreteria.';

function staff(event: Pick<RequestEvent, 'locals' | 'url'>) {
	const actor = requireActor(event);
	requirePermission(canManageSale(actor), STAFF_ONLY);
	return actor;
}

export const load: PageServerLoad = (event) => {
	const actor = staff(event);
	const db = getDb();
	const sedi = listSedi(db, actor.organismoId, sedeScope(actor));
	const anno = Number(romeIsoDate().slice(0, 4));
	return {
		sedi: sedi.map((s) => ({
			...s,
			sale: listSale(db, actor.organismoId, { sedeId: s.id }),
			orari: listOrari(db, s.id),
			festivita: listFestivitaLocali(db, s.id)
		})),
		nazionali: festivitaNazionali(anno),
		anno,
		impostazioni: getImpostazioniAgenda(db, actor.organismoId),
		canEditSettings: canEditAgendaSettings(actor)
	};
};

const Impostazioni = z.object({
	modificaMediatore: z.enum(['diretta', 'richiesta'], { error: 'Scelta non valida.' }),
	durataPredefinita: z.coerce.number().int().min(15, 'Almeno 15 minuti.').max(480, 'Al massimo 8 ore.')
});

function bad(form: string, message: string, extra: Record<string, unknown> = {}) {
	return fail(400, { form, ok: false, message, ...extra });
}

export const actions = {
	sala: async (event) => {
		const actor = staff(event);
		const parsed = parseForm(SalaInput, await event.request.formData());
		if (!parsed.ok) return bad('sala', 'Controlla i campi evidenziati.', { errors: parsed.errors, values: parsed.values });
		const r = creaSala(getDb(), actor, parsed.data);
		if (!r.ok) return bad('sala', r.message, { errors: r.field ? { [r.field]: r.message } : {}, values: parsed.data });
		return { form: 'sala', ok: true, message: r.message };
	},
	attiva: async (event) => {
		const actor = staff(event);
		const fd = await event.request.formData();
		const r = impostaSalaAttiva(getDb(), actor, String(fd.get('salaId') ?? ''), fd.get('attiva') === '1');
		return r.ok ? { form: 'attiva', ok: true, message: r.message } : bad('attiva', r.message);
	},
	orario: async (event) => {
		const actor = staff(event);
		const fd = await event.request.formData();
		const sedeId = String(fd.get('sedeId') ?? '');
		requirePermission(sedeGestibile(getDb(), actor, sedeId), 'Sede non gestibile.');
		const parsed = parseForm(OrarioInput, fd);
		if (!parsed.ok) return bad('orario', Object.values(parsed.errors)[0], { sedeId, values: parsed.values });
		const r = aggiungiOrario(getDb(), actor, sedeId, parsed.data);
		return r.ok ? { form: 'orario', ok: true, message: r.message, sedeId } : bad('orario', r.message, { sedeId, values: parsed.data });
	},
	rimuoviOrario: async (event) => {
		const actor = staff(event);
		const r = rimuoviOrario(getDb(), actor, String((await event.request.formData()).get('id') ?? ''));
		return r.ok ? { form: 'orario', ok: true, message: r.message } : bad('orario', r.message);
	},
	festivita: async (event) => {
		const actor = staff(event);
		const fd = await event.request.formData();
		const sedeId = String(fd.get('sedeId') ?? '');
		requirePermission(sedeGestibile(getDb(), actor, sedeId), 'Sede non gestibile.');
		const parsed = parseForm(FestivitaInput, fd);
		if (!parsed.ok) return bad('festivita', Object.values(parsed.errors)[0], { sedeId, values: parsed.values });
		const r = aggiungiFestivita(getDb(), actor, sedeId, parsed.data);
		return r.ok
			? { form: 'festivita', ok: true, message: r.message, sedeId }
			: bad('festivita', r.message, { sedeId, values: parsed.data });
	},
	rimuoviFestivita: async (event) => {
		const actor = staff(event);
		const r = rimuoviFestivita(getDb(), actor, String((await event.request.formData()).get('id') ?? ''));
		return r.ok ? { form: 'festivita', ok: true, message: r.message } : bad('festivita', r.message);
	},
	impostazioni: async (event) => {
		const actor = staff(event);
		requirePermission(canEditAgendaSettings(actor), "Le impostazioni dell'agenda spettano al responsabile.");
		const parsed = parseForm(Impostazioni, await event.request.formData());
		if (!parsed.ok) return bad('impostazioni', Object.values(parsed.errors)[0]);
		setImpostazioniAgenda(getDb(), actor, parsed.data);
		return { form: 'impostazioni', ok: true, message: 'Impostazioni salvate.' };
	}
} satisfies Actions;
