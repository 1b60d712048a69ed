import { fail } from '@sveltejs/kit';
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
import { parseForm } from '$lib/server/validation';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { z } from 'zod';

const ProponiQuery = z.object({
	tipo: z.enum(['primo', 'successivo']).catch('primo'),
	modalita: z.enum(['presenza', 'telematica', 'mista']).optional().catch(undefined),
	durata: z.coerce.number().int().min(15).max(480).catch(120)
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
	const q = event.url.searchParams;
	if (staff && q.has('proponi')) {
		const p = ProponiQuery.parse(Object.fromEntries(q));
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

type Fail = {
	form: string;
	incontroId?: string;
	errors: string[];
	warnings: string[];
	conferma?: boolean;
	values: Record<string, unknown>;
	fields?: Record<string, string>;
};

function failWith(status: number, f: Fail) {
	return fail(status, { ok: false as const, message: '', ...f });
}

export const actions = {
	prenota: async (event) => {
		const { actor, ctx } = access(event);
		requirePermission(canBookMeeting(actor, ctx), 'Solo la segreteria fissa gli incontri del procedimento.');
		const fd = await event.request.formData();
		const parsed = parseForm(IncontroInput, fd);
		const convocati = fd.get('convocatiPresenti') ? fd.getAll('convocati').map(String) : null;
		const remoti = fd.getAll('remoti').map(String);
		const values = { ...Object.fromEntries([...fd.entries()].filter(([, v]) => typeof v === 'string')), convocati, remoti };
		if (!parsed.ok)
			return failWith(400, { form: 'prenota', errors: Object.values(parsed.errors), fields: parsed.errors, warnings: [], values });
		const r = prenotaIncontro(getDb(), actor, event.params.id, { ...parsed.data, convocati, remoti });
		if (!r.ok)
			return failWith(r.confirm ? 409 : 422, { form: 'prenota', errors: r.errors, warnings: r.warnings, conferma: r.confirm, values });
		return { ok: true as const, form: 'prenota', message: r.message, warnings: r.warnings };
	},
	sposta: async (event) => {
		const { actor, ctx } = access(event);
		const db = getDb();
		const fd = await event.request.formData();
		const incontroId = String(fd.get('incontroId') ?? '');
		const inc = getIncontro(db, incontroId);
		if (!inc || inc.procedimentoId !== event.params.id)
			return failWith(404, { form: 'sposta', incontroId, errors: ['Incontro non trovato.'], warnings: [], values: {} });
		const mode = rescheduleMode(actor, ctx, inc, getImpostazioniAgenda(db, actor.organismoId).modificaMediatore);
		requirePermission(mode !== null, 'Non puoi spostare questo incontro.');
		const values = Object.fromEntries([...fd.entries()].filter(([, v]) => typeof v === 'string'));
		const parsed = parseForm(SpostaInput, fd);
		if (!parsed.ok)
			return failWith(400, {
				form: 'sposta',
				incontroId,
				errors: Object.values(parsed.errors),
				fields: parsed.errors,
				warnings: [],
				values
			});
		const r =
			mode === 'diretta' ? spostaIncontro(db, actor, incontroId, parsed.data) : richiediSpostamento(db, actor, incontroId, parsed.data);
		if (!r.ok)
			return failWith(r.confirm ? 409 : 422, {
				form: 'sposta',
				incontroId,
				errors: r.errors,
				warnings: r.warnings,
				conferma: r.confirm,
				values
			});
		return { ok: true as const, form: 'sposta', incontroId, message: r.message, warnings: r.warnings };
	},
	stato: async (event) => {
		const { actor, ctx } = access(event);
		const db = getDb();
		const fd = await event.request.formData();
		const incontroId = String(fd.get('incontroId') ?? '');
		const inc = getIncontro(db, incontroId);
		if (!inc || inc.procedimentoId !== event.params.id)
			return failWith(404, { form: 'stato', incontroId, errors: ['Incontro non trovato.'], warnings: [], values: {} });
		const values = Object.fromEntries([...fd.entries()].filter(([, v]) => typeof v === 'string'));
		const parsed = parseForm(StatoInput, fd);
		if (!parsed.ok)
			return failWith(400, {
				form: 'stato',
				incontroId,
				errors: Object.values(parsed.errors),
				fields: parsed.errors,
				warnings: [],
				values
			});
		requirePermission(canSetStato(actor, ctx, inc, parsed.data.stato), 'Non puoi cambiare lo stato di questo incontro.');
		const r = cambiaStatoIncontro(db, actor, incontroId, parsed.data.stato, parsed.data.motivo);
		if (!r.ok) return failWith(422, { form: 'stato', incontroId, errors: r.errors, warnings: [], values });
		return { ok: true as const, form: 'stato', incontroId, message: r.message, warnings: [] };
	},
	decidi: async (event) => {
		const { actor, ctx } = access(event);
		requirePermission(canDecideRequest(actor, ctx), 'Solo la segreteria decide le richieste di spostamento.');
		const fd = await event.request.formData();
		const richiestaId = String(fd.get('richiestaId') ?? '');
		const db = getDb();
		if (!richiesteInAttesa(db, event.params.id).some((r) => r.id === richiestaId))
			return failWith(404, { form: 'decidi', errors: ['Richiesta non trovata o già decisa.'], warnings: [], values: {} });
		const r = decidiRichiesta(db, actor, richiestaId, fd.get('esito') === 'approva');
		if (!r.ok) return failWith(422, { form: 'decidi', errors: r.errors, warnings: r.warnings, values: {} });
		return { ok: true as const, form: 'decidi', message: r.message, warnings: [] };
	},
	linkOspiti: async (event) => {
		const { actor, ctx } = access(event);
		requirePermission(canBookMeeting(actor, ctx), 'Solo la segreteria genera i link personali.');
		const fd = await event.request.formData();
		const incontroId = String(fd.get('incontroId') ?? '');
		const db = getDb();
		const inc = getIncontro(db, incontroId);
		if (!inc || inc.procedimentoId !== event.params.id || inc.modalita === 'presenza')
			return failWith(404, { form: 'link', incontroId, errors: ['Incontro non trovato o in presenza.'], warnings: [], values: {} });
		const convocati = JSON.parse(inc.convocati) as string[];
		const remoti = inc.modalita === 'telematica' ? convocati : (JSON.parse(inc.remoti) as string[]);
		const links = linkPartecipanti(db, inc.procedimentoId, remoti, { crea: { actor } });
		const missing = links.filter((l) => !l.link).length;
		if (missing)
			return failWith(422, {
				form: 'link',
				incontroId,
				errors: ['Alcuni link non si possono generare: la stanza online è scaduta o non esiste.'],
				warnings: [],
				values: {}
			});
		return { ok: true as const, form: 'link', incontroId, message: 'Link personali pronti.', warnings: [] };
	}
} satisfies Actions;
