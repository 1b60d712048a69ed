import {
	cambiaStatoIncontro,
	getImpostazioniAgenda,
	getIncontro,
	listIncontri,
	mediatoriCaso,
	mieiSoggetti,
	prenotaIncontro,
	procInfo,
	spostaIncontro
} from '#db/agenda/repo.ts';
import { soggettiCaso } from '#db/agenda/occupazioni.ts';
import { decidiRichiesta, richiediSpostamento, richiesteInAttesa } from '#db/agenda/richieste.ts';
import { linkPartecipanti } from '#db/agenda/room-links.ts';
import {
	canBookMeeting,
	canDecideRequest,
	canPickSala,
	canSeeMeeting,
	canSetStato,
	canViewCaseDetails,
	rescheduleMode
} from '#db/access/index.ts';
import { listSale } from '#db/agenda/sale.ts';
import { IncontroInput, SpostaInput, StatoInput } from '#db/agenda/schemas.ts';
import { proponiDate } from '#db/agenda/suggest.ts';
import { formatRange } from '#db/shared/time.ts';
import { describeIncontri } from '#db/agenda/view.ts';
import { getDb } from '$lib/server/db';
import { requireCase } from '$lib/server/procedimento';
import { requirePermission } from '$lib/server/auth';
import { defineAction, stringFields } from '$lib/server/action';
import { conflict, notFound, ok } from '#db/shared/outcome.ts';
import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { parseFilters } from '$lib/server/validation';
import { optionalParam, paramWithDefault } from '#db/shared/query.ts';
import { z } from 'zod';

const ProponiQuery = z.object({
	proponi: optionalParam(z.string().max(10)),
	tipo: paramWithDefault(z.enum(['primo', 'successivo']), 'primo'),
	modalita: optionalParam(z.enum(['presenza', 'telematica', 'mista'])),
	durata: paramWithDefault(z.coerce.number().int().min(15).max(480), 120)
});

function access(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>) {
	const a = requireCase(event);
	requirePermission(canViewCaseDetails(a.actor, a.ctx), 'Gli incontri sono visibili dopo l’accettazione dell’incarico.');
	return a;
}

export const load: PageServerLoad = (event) => {
	const { actor, ctx } = access(event);
	const db = getDb();
	const id = event.params.id;
	const proc = procInfo(db, id)!;
	const settings = getImpostazioniAgenda(db, actor.organismoId);
	const miei = mieiSoggetti(db, id, actor.id);
	const rows = listIncontri(db, id).filter((r) => canSeeMeeting(actor, ctx, JSON.parse(r.convocati) as string[], miei));
	const staff = canBookMeeting(actor, ctx);
	const incontri = describeIncontri(db, actor.organismoId, id, rows).map((m) => {
		const raw = rows.find((r) => r.id === m.id)!;
		const attivo = m.stato === 'fissato' || m.stato === 'rinviato';
		return {
			...m,
			sposta: attivo ? rescheduleMode(actor, ctx, raw, settings.modificaMediatore) : null,
			stati: (['tenuto', 'rinviato', 'annullato'] as const).filter(
				(s) => s !== m.stato && m.stato !== 'annullato' && canSetStato(actor, ctx, raw, s)
			),
			// Room links: staff see everyone's; a participant sees their own way in.
			links:
				m.modalita === 'presenza'
					? []
					: staff
						? linkPartecipanti(db, id, m.remotiIds)
						: linkPartecipanti(db, id, m.remotiIds).filter((l) => miei.includes(l.soggettoId))
		};
	});
	let proposte = null;
	let filterErrors = {};
	if (staff && event.url.searchParams.has('proponi')) {
		const { data: p, errors } = parseFilters(event, ProponiQuery);
		filterErrors = errors;
		proposte = {
			...proponiDate(db, id, { tipo: p.tipo, modalita: p.modalita ?? proc.modalita, durataMinuti: p.durata })!,
			tipo: p.tipo,
			modalita: p.modalita ?? proc.modalita,
			durata: p.durata
		};
	}
	const haPrimo = rows.some((r) => r.tipo === 'primo' && (r.stato === 'fissato' || r.stato === 'tenuto'));
	return {
		incontri,
		filterErrors,
		staff,
		// The mediator's moves go to the segreteria as requests (the Organismo's setting).
		spostaSuRichiesta: rescheduleMode(actor, ctx, { mediatoreId: null }, settings.modificaMediatore) === 'richiesta',
		proposte,
		modalitaCaso: proc.modalita,
		tipoPredefinito: haPrimo ? ('successivo' as const) : ('primo' as const),
		durataPredefinita: settings.durataPredefinita,
		modificaMediatore: settings.modificaMediatore,
		sale: canPickSala(actor, ctx) ? listSale(db, actor.organismoId, { sedeId: proc.sedeId, soloAttive: true }) : [],
		mediatori: staff ? mediatoriCaso(db, id).map((m) => ({ id: m.id, nome: `${m.nome} ${m.cognome}`, ruolo: m.ruolo })) : [],
		soggetti: staff ? soggettiCaso(db, id).map((s) => ({ id: s.id, nome: s.nome, ruolo: s.ruolo, account: Boolean(s.userId) })) : [],
		richieste: canDecideRequest(actor, ctx)
			? richiesteInAttesa(db, id).map((r) => ({
					...r,
					quando: formatRange(Date.parse(r.nuovoInizio), Date.parse(r.nuovoInizio) + r.durataMinuti * 60_000)
				}))
			: []
	};
};

/** The case's Incontri tab is visible and `rule` allows the action. */
const allowed = (rule: typeof canBookMeeting, message: string) => (event: RequestEvent) => {
	const a = access(event);
	requirePermission(rule(a.actor, a.ctx), message);
	return a;
};

/** The meeting the form is about, of this case: otherwise the form is refused as not found. */
function meetingOf(event: RequestEvent, form: FormData, a = access(event), message = 'Incontro non trovato.') {
	const inc = getIncontro(getDb(), String(form.get('incontroId') ?? ''));
	return inc && inc.procedimentoId === event.params.id ? { ok: true as const, ...a, inc } : notFound(message);
}

/** A meeting the actor may move (directly or by request to the segreteria). */
function movable(event: RequestEvent, form: FormData) {
	const m = meetingOf(event, form);
	if (!m.ok) return m;
	const mode = rescheduleMode(m.actor, m.ctx, m.inc, getImpostazioniAgenda(getDb(), m.actor.organismoId).modificaMediatore);
	requirePermission(mode !== null, 'Non puoi spostare questo incontro.');
	return { ...m, mode };
}

/** A meeting with participants online, for the segreteria's personal links. */
function remoteMeeting(event: RequestEvent, form: FormData) {
	const a = allowed(canBookMeeting, 'Solo la segreteria genera i link personali.')(event);
	const m = meetingOf(event, form, a, 'Incontro non trovato o in presenza.');
	return m.ok && m.inc.modalita === 'presenza' ? notFound('Incontro non trovato o in presenza.') : m;
}

const echoIncontro = (form: FormData) => ({ incontroId: String(form.get('incontroId') ?? '') });

const Decisione = z.object({
	richiestaId: z.string().max(64, 'Richiesta non trovata o già decisa.').default(''),
	esito: z.string().max(20).optional()
});

export const actions = {
	prenota: defineAction(
		IncontroInput,
		(v, { event, form, guard: { actor } }) => {
			const convocati = form.get('convocatiPresenti') ? form.getAll('convocati').map(String) : null;
			const remoti = form.getAll('remoti').map(String);
			return prenotaIncontro(getDb(), actor, event.params.id ?? '', { ...v, convocati, remoti });
		},
		{
			form: 'prenota',
			guard: allowed(canBookMeeting, 'Solo la segreteria fissa gli incontri del procedimento.'),
			// The convocati and remoti checkboxes are sent back too, so the form keeps them.
			raw: (form) => ({
				...stringFields(form),
				...(form.get('convocatiPresenti') ? { convocati: form.getAll('convocati').map(String) } : {}),
				remoti: form.getAll('remoti').map(String)
			})
		}
	),
	sposta: defineAction(
		SpostaInput,
		(v, { guard: { actor, inc, mode } }) =>
			mode === 'diretta' ? spostaIncontro(getDb(), actor, inc.id, v) : richiediSpostamento(getDb(), actor, inc.id, v),
		{
			form: 'sposta',
			echo: echoIncontro,
			guard: movable
		}
	),
	stato: defineAction(
		StatoInput,
		({ stato, motivo }, { guard: { actor, ctx, inc } }) => {
			requirePermission(canSetStato(actor, ctx, inc, stato), 'Non puoi cambiare lo stato di questo incontro.');
			return cambiaStatoIncontro(getDb(), actor, inc.id, stato, motivo);
		},
		{ form: 'stato', echo: echoIncontro, guard: meetingOf }
	),
	decidi: defineAction(
		Decisione,
		({ richiestaId, esito }, { event, guard: { actor } }) => {
			const db = getDb();
			if (!richiesteInAttesa(db, event.params.id ?? '').some((r) => r.id === richiestaId))
				return notFound('Richiesta non trovata o già decisa.');
			return decidiRichiesta(db, actor, richiestaId, esito === 'approva');
		},
		{ form: 'decidi', guard: allowed(canDecideRequest, 'Solo la segreteria decide le richieste di spostamento.') }
	),
	linkOspiti: defineAction(
		z.object({}),
		(_v, { guard: { actor, inc } }) => {
			const convocati = JSON.parse(inc.convocati) as string[];
			const remoti = inc.modalita === 'telematica' ? convocati : (JSON.parse(inc.remoti) as string[]);
			const links = linkPartecipanti(getDb(), inc.procedimentoId, remoti, { crea: { actor } });
			if (links.some((l) => !l.link)) return conflict('Alcuni link non si possono generare: la stanza online è scaduta o non esiste.');
			return ok({ message: 'Link personali pronti.' });
		},
		{
			form: 'link',
			echo: echoIncontro,
			guard: remoteMeeting
		}
	)
} satisfies Actions;
