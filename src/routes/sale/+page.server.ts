import { z } from 'zod';
import { getImpostazioniAgenda, setImpostazioniAgenda } from '#db/agenda/repo.ts';
import { canEditAgendaSettings, canManageSale, sedeScope } from '#db/access/index.ts';
import {
	aggiungiFestivita,
	aggiungiOrario,
	creaSala,
	impostaSalaAttiva,
	rimuoviFestivita,
	rimuoviOrario,
	sedeGestibile
} from '#db/agenda/sale-admin.ts';
import { listFestivitaLocali, listOrari, listSale, listSedi } from '#db/agenda/sale.ts';
import { FestivitaInput, OrarioInput, SalaInput } from '#db/agenda/schemas.ts';
import { festivitaNazionali } from '#db/agenda/holidays.ts';
import { romeIsoDate } from '#db/shared/time.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import { defineAction } from '$lib/server/action';
import { ok } from '#db/shared/outcome.ts';
import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

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

const Id = z.object({ id: z.string().max(64, 'Voce non valida.').default('') });
const SalaAttiva = z.object({ salaId: z.string().max(64, 'Sala non valida.').default(''), attiva: z.string().optional() });
const sedeOf = (fd: FormData) => ({ sedeId: String(fd.get('sedeId') ?? '') });

/** Staff of the Organismo, and for a sede's hours and holidays a sede they cover (403 otherwise). */
function staffOfSede(event: RequestEvent, fd: FormData) {
	const actor = staff(event);
	requirePermission(sedeGestibile(getDb(), actor, sedeOf(fd).sedeId), 'Sede non gestibile.');
	return actor;
}

export const actions = {
	sala: defineAction(SalaInput, (v, { guard: actor }) => creaSala(getDb(), actor, v), {
		form: 'sala',
		guard: staff,
		invalidMessage: 'Controlla i campi evidenziati.'
	}),
	attiva: defineAction(SalaAttiva, (v, { guard: actor }) => impostaSalaAttiva(getDb(), actor, v.salaId, v.attiva === '1'), {
		form: 'attiva',
		guard: staff
	}),
	orario: defineAction(OrarioInput, (v, { guard: actor, form }) => aggiungiOrario(getDb(), actor, sedeOf(form).sedeId, v), {
		form: 'orario',
		guard: staffOfSede,
		echo: sedeOf
	}),
	rimuoviOrario: defineAction(Id, (v, { guard: actor }) => rimuoviOrario(getDb(), actor, v.id), { form: 'orario', guard: staff }),
	festivita: defineAction(FestivitaInput, (v, { guard: actor, form }) => aggiungiFestivita(getDb(), actor, sedeOf(form).sedeId, v), {
		form: 'festivita',
		guard: staffOfSede,
		echo: sedeOf
	}),
	rimuoviFestivita: defineAction(Id, (v, { guard: actor }) => rimuoviFestivita(getDb(), actor, v.id), { form: 'festivita', guard: staff }),
	impostazioni: defineAction(
		Impostazioni,
		(v, { guard: actor }) => {
			setImpostazioniAgenda(getDb(), actor, v);
			return ok({ message: 'Impostazioni salvate.' });
		},
		{
			form: 'impostazioni',
			guard: (event: RequestEvent) => {
				const actor = staff(event);
				requirePermission(canEditAgendaSettings(actor), "Le impostazioni dell'agenda spettano al responsabile.");
				return actor;
			}
		}
	)
} satisfies Actions;
