import type { RequestEvent } from '@sveltejs/kit';
import { canAssignMediator } from '#db/access/index.ts';
import { assignByRotation, assignManually, CLOSED_STATI, listAssegnazioni, revokeAssignment } from '#db/mediatori/assignment.ts';
import { loadCandidates } from '#db/mediatori/candidates.ts';
import { caseSummary } from '#db/mediatori/procedimento-summary.ts';
import { ensureMediatori } from '#db/mediatori/registry.ts';
import { ESITO_LABELS, exclusionOf, nominativo } from '#db/mediatori/rotation.ts';
import { canChooseMediator, canRevokeAssignment } from '#db/access/index.ts';
import { IndicazioneCongiuntaInput, RevocaInput, RotazioneInput, SceltaResponsabileInput } from '#db/mediatori/schemas.ts';
import { getDb } from '$lib/server/db';
import { requireCase } from '$lib/server/procedimento';
import { requirePermission } from '$lib/server/auth';
import { defineAction } from '$lib/server/action';
import type { Actions, PageServerLoad } from './$types';

const STAFF_ONLY = 'La gestione del mediatore del procedimento è riservata alla segreteria e al responsabile.';

export const load: PageServerLoad = (event) => {
	const { actor, ctx } = requireCase(event);
	requirePermission(canAssignMediator(actor, ctx), STAFF_ONLY);
	const db = getDb();
	ensureMediatori(db, actor.organismoId);
	const caso = caseSummary(db, event.params.id)!;
	const assegnazioni = listAssegnazioni(db, caso.id).map((a) => ({
		...a,
		revocabile: (a.stato === 'proposta' || a.stato === 'accettata') && canRevokeAssignment(actor, ctx, a.stato)
	}));
	const active = assegnazioni.filter((a) => a.stato === 'proposta' || a.stato === 'accettata');
	const hasDesignato = active.some((a) => a.ruolo === 'designato');
	const hasCo = active.some((a) => a.ruolo === 'co_mediatore');
	const chiuso = CLOSED_STATI.includes(caso.stato);
	// The slot the forms fill: the designato first, then an optional co-mediatore.
	const ruolo = chiuso || (hasDesignato && hasCo) ? null : hasDesignato ? 'co_mediatore' : 'designato';
	const { candidates } = loadCandidates(db, caso);
	const mediatori = candidates
		.map((c) => {
			const ex = exclusionOf(c);
			const blocking = ex && ['sospeso', 'conflitto', 'gia_assegnato'].includes(ex.esito);
			return {
				id: c.userId,
				label: `${c.cognome} ${c.nome}` + (ex ? ` — ${ESITO_LABELS[ex.esito].toLowerCase()}` : ''),
				nominativo: nominativo(c),
				disabled: Boolean(blocking)
			};
		})
		.sort((a, b) => a.label.localeCompare(b.label, 'it'));
	return {
		attive: active,
		passate: assegnazioni.filter((a) => a.stato !== 'proposta' && a.stato !== 'accettata'),
		mediatori,
		ruolo,
		chiuso,
		canChoose: canChooseMediator(actor, ctx)
	};
};

function staff(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>) {
	const access = requireCase(event);
	requirePermission(canAssignMediator(access.actor, access.ctx), STAFF_ONLY);
	return access;
}

const caseId = (event: RequestEvent) => event.params.id!;

export const actions = {
	rotazione: defineAction(RotazioneInput, (v, { guard, event }) => assignByRotation(getDb(), guard.actor, caseId(event), v.ruolo), {
		form: 'rotazione',
		guard: staff
	}),
	congiunta: defineAction(
		IndicazioneCongiuntaInput,
		(v, { guard, event }) => assignManually(getDb(), guard.actor, caseId(event), { metodo: 'indicazione_congiunta', ...v }),
		{ form: 'congiunta', guard: staff, invalidMessage: 'Controlla i campi evidenziati.' }
	),
	responsabile: defineAction(
		SceltaResponsabileInput,
		(v, { guard, event }) => assignManually(getDb(), guard.actor, caseId(event), { metodo: 'scelta_responsabile', ...v }),
		{
			form: 'responsabile',
			guard: (event: RequestEvent) => {
				const access = staff(event);
				requirePermission(
					canChooseMediator(access.actor, access.ctx),
					"La scelta diretta del mediatore spetta al responsabile dell'organismo."
				);
				return access;
			},
			invalidMessage: 'Controlla i campi evidenziati.'
		}
	),
	revoca: defineAction(
		RevocaInput,
		(v, { guard, event }) => revokeAssignment(getDb(), guard.actor, caseId(event), v.assegnazioneId, v.motivo),
		{ form: 'revoca', guard: staff }
	)
} satisfies Actions;
