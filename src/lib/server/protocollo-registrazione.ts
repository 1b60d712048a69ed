import { error, type RequestEvent } from '@sveltejs/kit';
import { canUseProtocollo, type UserActor } from '#db/access/index.ts';
import { findProcedimentoByNumero, registraProtocollo, type RegistraResult } from '#db/protocollo/repo.ts';
import { DocumentiSchema, RegistrazioneSchema } from '#db/protocollo/validation.ts';
import { invalid, type Ok } from '#db/shared/outcome.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import { defineAction, stringFields } from '$lib/server/action';

export const STAFF_ONLY = 'Il protocollo è riservato alla segreteria e ai responsabili.';

/** The registration form: its fields and the ticked case documents (`documenti` checkboxes). */
export const RegistraForm = RegistrazioneSchema.safeExtend({ documenti: DocumentiSchema });

/** The actor of the register: signed in, segreteria or responsabile. */
export function protocolloStaff(event: RequestEvent): UserActor {
	const actor = requireActor(event);
	requirePermission(canUseProtocollo(actor), STAFF_ONLY);
	return actor;
}

/** A registration done (number, date and time assigned). */
export type Registrata = RegistraResult & { ok: true };

export interface RegistraOptions<T extends object> {
	/** Who may register here (throws 401/403/404): the actor. */
	guard: (event: RequestEvent) => UserActor;
	/** The case of the tab; without it the case is the one typed as anno/numero on the register page. */
	procedimentoId?: (event: RequestEvent) => string;
	/** What a registration answers (the case tab shows it, the register page redirects to it). */
	done: (r: Registrata, event: RequestEvent) => Ok<T>;
}

/**
 * The "registra" form action of the register page and of the case tab (form name `registra`):
 * parses the form, resolves the case, registers. Re-checks the rights here and again in the
 * repository (segreteria limited to some sedi); a failure keeps what was typed and the ticked
 * documents (`values.documenti`).
 */
export function registraAction<T extends object>(opts: RegistraOptions<T>) {
	return defineAction(
		RegistraForm,
		(v, { event, guard: actor }) => {
			const db = getDb();
			let caseId = opts.procedimentoId?.(event) ?? null;
			if (!caseId && v.procedimento) {
				const { anno, numero } = v.procedimento;
				caseId = findProcedimentoByNumero(db, actor.organismoId, anno, numero);
				if (!caseId) return invalid(`Il procedimento n. ${anno}/${numero} non esiste.`, 'procedimento');
			}
			const result = registraProtocollo(db, actor, {
				richiestaId: v.richiestaId,
				direzione: v.direzione,
				mittente: v.mittente,
				destinatario: v.destinatario,
				oggetto: v.oggetto,
				procedimentoId: caseId,
				documentoIds: v.documenti
			});
			if (!result.ok) {
				if (result.code === 'forbidden' && result.field === 'form') error(403, { message: result.message, code: 'forbidden' });
				return result;
			}
			return opts.done(result, event);
		},
		{
			form: 'registra',
			guard: opts.guard,
			raw: (form) => ({ ...stringFields(form), documenti: form.getAll('documenti').filter((v): v is string => typeof v === 'string') })
		}
	);
}
