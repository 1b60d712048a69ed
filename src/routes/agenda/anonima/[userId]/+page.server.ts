import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { agendaPersonale } from '#db/agenda/calendar.ts';
import { periodo, perGiorno } from '#db/agenda/range.ts';
import { romeParts, romeIsoDate } from '#db/shared/time.ts';
import { getMember } from '#db/auth/memberships.ts';
import { isMediatore, userActor } from '#db/access/index.ts';
import { getDb } from '$lib/server/db';
import { parseFilters, QueryDate } from '$lib/server/validation';
import { optionalParam } from '#db/shared/query.ts';
import { requireActor } from '$lib/server/auth';
import type { PageServerLoad } from './$types';

const Query = z.object({
	data: optionalParam(QueryDate)
});

/**
 * A mediator's anonymous agenda: busy blocks only, no case data ever leaves the server. Any signed-in
 * user of the same Organismo may open it (the mediator shares its address to agree on dates).
 */
export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	const db = getDb();
	const target = getMember(db, actor.organismoId, event.params.userId);
	const owner = target ? userActor({ id: target.id, organismoId: target.organismoId, role: target.role }) : null;
	if (!target || !owner || !isMediatore(owner) || target.organismoId !== actor.organismoId || !target.active)
		error(404, { message: 'Agenda non trovata.', code: 'not_found' });
	const { data: q, errors: filterErrors } = parseFilters(event, Query);
	const oggi = romeIsoDate();
	const p = periodo('settimana', q.data ?? oggi);
	const busy = agendaPersonale(db, owner, p.from, p.to)
		.filter((e) => e.stato === 'fissato' || e.stato === 'tenuto')
		.map((e) => ({ inizio: e.inizio, dalle: romeParts(e.inizio).time, alle: romeParts(e.fine).time }));
	const byDay = perGiorno(busy);
	return {
		filterErrors,
		nome: `${target.nome} ${target.cognome}`,
		proprio: target.id === actor.id,
		oggi,
		periodo: { data: p.data, dal: p.dal, al: p.al, prev: p.prev, next: p.next },
		giorni: p.giorni.map((d) => ({ data: d, occupato: (byDay.get(d) ?? []).map(({ dalle, alle }) => ({ dalle, alle })) }))
	};
};
