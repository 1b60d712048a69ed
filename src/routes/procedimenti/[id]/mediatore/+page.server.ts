import { fail } from '@sveltejs/kit';
import { canAssignMediator } from '../../../../../db/access/index.ts';
import {
	assignByRotation,
	assignManually,
	CLOSED_STATI,
	listAssegnazioni,
	revokeAssignment
} from '../../../../../db/mediatori/assignment.ts';
import { loadCandidates } from '../../../../../db/mediatori/candidates.ts';
import { caseSummary } from '../../../../../db/mediatori/procedimento-summary.ts';
import { ensureMediatori } from '../../../../../db/mediatori/registry.ts';
import { ESITO_LABELS, exclusionOf, nominativo } from '../../../../../db/mediatori/rotation.ts';
import { canChooseMediator, canRevokeAssignment } from '../../../../../db/access/index.ts';
import { IndicazioneCongiuntaInput, RevocaInput, RotazioneInput, SceltaResponsabileInput } from '../../../../../db/mediatori/schemas.ts';
import { getDb } from '$lib/server/db';
import { requireCase } from '$lib/server/procedimento';
import { requirePermission } from '$lib/server/auth';
import { parseForm } from '$lib/server/validation';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

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

function staff(event: RequestEvent) {
	const access = requireCase(event);
	requirePermission(canAssignMediator(access.actor, access.ctx), STAFF_ONLY);
	return access;
}

export const actions = {
	rotazione: async (event) => {
		const { actor } = staff(event);
		const parsed = parseForm(RotazioneInput, await event.request.formData());
		if (!parsed.ok) return fail(400, { form: 'rotazione', ok: false, message: Object.values(parsed.errors)[0] });
		const r = assignByRotation(getDb(), actor, event.params.id, parsed.data.ruolo);
		if (!r.ok) return fail(409, { form: 'rotazione', ok: false, message: r.message, traccia: r.traccia ?? null });
		return { form: 'rotazione', ok: true, message: r.message };
	},
	congiunta: async (event) => {
		const { actor } = staff(event);
		const parsed = parseForm(IndicazioneCongiuntaInput, await event.request.formData());
		if (!parsed.ok)
			return fail(400, {
				form: 'congiunta',
				ok: false,
				errors: parsed.errors,
				values: parsed.values,
				message: 'Controlla i campi evidenziati.'
			});
		const r = assignManually(getDb(), actor, event.params.id, { metodo: 'indicazione_congiunta', ...parsed.data });
		if (!r.ok)
			return fail(409, {
				form: 'congiunta',
				ok: false,
				errors: r.field ? { [r.field]: r.message } : {},
				values: parsed.data,
				message: r.message
			});
		return { form: 'congiunta', ok: true, message: r.message };
	},
	responsabile: async (event) => {
		const { actor, ctx } = staff(event);
		requirePermission(canChooseMediator(actor, ctx), "La scelta diretta del mediatore spetta al responsabile dell'organismo.");
		const parsed = parseForm(SceltaResponsabileInput, await event.request.formData());
		if (!parsed.ok)
			return fail(400, {
				form: 'responsabile',
				ok: false,
				errors: parsed.errors,
				values: parsed.values,
				message: 'Controlla i campi evidenziati.'
			});
		const r = assignManually(getDb(), actor, event.params.id, { metodo: 'scelta_responsabile', ...parsed.data });
		if (!r.ok)
			return fail(409, {
				form: 'responsabile',
				ok: false,
				errors: r.field ? { [r.field]: r.message } : {},
				values: parsed.data,
				message: r.message
			});
		return { form: 'responsabile', ok: true, message: r.message };
	},
	revoca: async (event) => {
		const { actor } = staff(event);
		const parsed = parseForm(RevocaInput, await event.request.formData());
		if (!parsed.ok)
			return fail(400, {
				form: 'revoca',
				ok: false,
				errors: parsed.errors,
				values: parsed.values,
				message: Object.values(parsed.errors)[0]
			});
		const r = revokeAssignment(getDb(), actor, event.params.id, parsed.data.assegnazioneId, parsed.data.motivo);
		if (!r.ok) return fail(409, { form: 'revoca', ok: false, errors: {}, values: parsed.data, message: r.message });
		return { form: 'revoca', ok: true, message: r.message };
	}
} satisfies Actions;
