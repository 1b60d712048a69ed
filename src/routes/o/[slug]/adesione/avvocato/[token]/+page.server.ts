import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { canCompleteAdesione } from '#db/access/index.ts';
import { AdesioneAvvocatoInput, RegistrazioneAvvocatoInput } from '#db/adesioni/schemas.ts';
import { apriAccesso, completaAdesione, registraAvvocato } from '#db/adesioni/service.ts';
import { ok } from '#db/shared/outcome.ts';
import { ADESIONE_LABELS } from '#db/procedimenti/labels.ts';
import { formatGiorno } from '#db/shared/time.ts';
import { getDb } from '$lib/server/db';
import { defineAction } from '$lib/server/action';
import { requireActor } from '$lib/server/auth';
import { adesioneDeps, brand, organismoPubblico, tokenDa } from '$lib/server/adesione';
import type { Actions, PageServerLoad } from './$types';

/**
 * The link the invited party handed to its lawyer: the lawyer signs in (on the Organismo's own
 * login page, which brings them back here) and completes the adhesion with data and files.
 */
export const load: PageServerLoad = ({ params, locals, url }) => {
	const o = organismoPubblico(params.slug);
	const open = apriAccesso(getDb(), o.id, tokenDa(params.token), 'avvocato');
	const login = `/o/${params.slug}/login?redirectTo=${encodeURIComponent(url.pathname)}`;
	if (!open)
		error(404, {
			message: 'Il collegamento per l’adesione non è valido o è scaduto: chieda alla parte di generarne uno nuovo.',
			code: 'not_found'
		});
	const c = open.caso;
	const actor = locals.actor ?? null;
	return {
		organismo: brand(o),
		login,
		accesso: !actor ? ('anonimo' as const) : canCompleteAdesione(actor, o.id) ? ('avvocato' as const) : ('altro' as const),
		utente: actor ? { nome: locals.user?.nome ?? '', cognome: locals.user?.cognome ?? '' } : null,
		caso: {
			numero: `${c.anno}/${c.numero}`,
			materia: c.materia,
			oggetto: c.oggetto,
			parti: c.parti,
			risposta:
				c.adesione === 'aderito' || c.adesione === 'rifiutato'
					? `${ADESIONE_LABELS[c.adesione]}${c.dataAdesione ? ` il ${formatGiorno(c.dataAdesione)}` : ''}`
					: null
		}
	};
};

/** Signed in first (the page offers the login); the lawyer rule is checked by the use case. */
const guard = (event: RequestEvent) => {
	organismoPubblico(event.params.slug ?? '');
	if (!event.locals.actor) error(401, { message: 'Accedi come avvocato per completare l’adesione.', code: 'unauthorized' });
	return requireActor(event);
};

const pubblico = (event: RequestEvent) => organismoPubblico(event.params.slug ?? '');

export const actions = {
	registrati: defineAction(
		RegistrazioneAvvocatoInput,
		async (input, { event, guard }) => {
			const r = await registraAvvocato(adesioneDeps(event.url.origin), guard.id, tokenDa(event.params.token), input, event.url.pathname);
			if (!r.ok) return r;
			return ok({
				message: `Ti abbiamo inviato un’e-mail a ${r.email}: apri il collegamento per attivare l’account, poi torna a questa pagina.`
			});
		},
		{ form: 'registrati', guard: pubblico, invalidMessage: 'Controlla i campi evidenziati.' }
	),
	completa: defineAction(
		AdesioneAvvocatoInput,
		async (input, { event, form, guard }) => {
			const files = await Promise.all(
				form
					.getAll('file')
					.filter((v): v is File => typeof v !== 'string' && (v.size > 0 || v.name !== ''))
					.map(async (f) => ({ nome: f.name, bytes: new Uint8Array(await f.arrayBuffer()) }))
			);
			const r = await completaAdesione(adesioneDeps(event.url.origin), guard, tokenDa(event.params.token), input, files);
			if (!r.ok) return r;
			redirect(303, `/procedimenti/${r.procedimentoId}?adesione=registrata`);
		},
		{
			form: 'completa',
			guard,
			invalidMessage: 'Controlla i campi evidenziati.'
		}
	)
} satisfies Actions;
