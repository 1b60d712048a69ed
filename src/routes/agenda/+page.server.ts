import { z } from 'zod';
import { canManageAvailability, canSeeOrganismAgenda, sedeScope } from '#db/access/index.ts';
import { agendaOrganismo, agendaPersonale, type CalEvent } from '#db/agenda/calendar.ts';
import { periodo, perGiorno, VISTE } from '#db/agenda/range.ts';
import { listSale, listSedi } from '#db/agenda/sale.ts';
import { romeParts, romeIsoDate } from '#db/shared/time.ts';
import { MODALITA_LABELS, STATO_INCONTRO_LABELS } from '#db/agenda/labels.ts';
import { listActiveMembersByRole } from '#db/auth/memberships.ts';
import { getDb } from '$lib/server/db';
import { requireActor } from '$lib/server/auth';
import { parseFilters, QueryDate } from '$lib/server/validation';
import { optionalParam, paramWithDefault } from '#db/shared/query.ts';
import type { PageServerLoad } from './$types';

const Query = z.object({
	vista: paramWithDefault(z.enum(VISTE), 'settimana'),
	data: optionalParam(QueryDate),
	sede: optionalParam(z.string().max(100)),
	sala: optionalParam(z.string().max(100)),
	mediatore: optionalParam(z.string().max(100))
});

function item(e: CalEvent) {
	const a = romeParts(e.inizio);
	const b = romeParts(e.fine);
	return {
		id: e.id,
		procedimentoId: e.procedimentoId,
		numero: e.numero,
		dalle: a.time,
		alle: b.time,
		sala: e.salaNome,
		sede: e.sedeNome,
		mediatore: e.mediatoreNome,
		modalita: MODALITA_LABELS[e.modalita],
		online: e.modalita !== 'presenza',
		stato: e.stato,
		statoLabel: STATO_INCONTRO_LABELS[e.stato],
		tipo: e.tipo === 'primo' ? 'Primo incontro' : 'Incontro'
	};
}

export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	const db = getDb();
	const { data: q, errors: filterErrors } = parseFilters(event, Query);
	const oggi = romeIsoDate();
	const p = periodo(q.vista, q.data ?? oggi);
	const staff = canSeeOrganismAgenda(actor);
	const events = staff
		? agendaOrganismo(db, actor, p.from, p.to, { sedeId: q.sede, salaId: q.sala, mediatoreId: q.mediatore })
		: agendaPersonale(db, actor, p.from, p.to);
	const byDay = perGiorno(events.map((e) => ({ ...item(e), inizio: e.inizio })));
	return {
		filterErrors,
		staff,
		personale: !staff,
		userId: actor.id,
		mediatore: canManageAvailability(actor),
		oggi,
		periodo: { vista: p.vista, data: p.data, dal: p.dal, al: p.al, prev: p.prev, next: p.next },
		giorni: p.giorni.map((d) => ({
			data: d,
			eventi: byDay.get(d) ?? [],
			fuoriMese: p.vista === 'mese' && d.slice(0, 7) !== p.data.slice(0, 7)
		})),
		filtri: { sede: q.sede ?? '', sala: q.sala ?? '', mediatore: q.mediatore ?? '' },
		sedi: staff ? listSedi(db, actor.organismoId, sedeScope(actor)) : [],
		sale: staff ? listSale(db, actor.organismoId) : [],
		mediatori: staff ? listActiveMembersByRole(db, actor.organismoId, 'mediatore') : []
	};
};
