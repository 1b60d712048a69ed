import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { canUseProtocollo } from '#db/access/index.ts';
import { findProcedimentoByNumero, registraProtocollo } from '#db/protocollo/repo.ts';
import { DocumentiSchema, RegistrazioneSchema } from '#db/protocollo/validation.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import { parseForm, type FieldErrors } from '$lib/server/validation';

export const STAFF_ONLY = 'Il protocollo è riservato alla segreteria e ai responsabili.';

/** What a failed registration sends back, so the form keeps what was typed. */
export interface RegistraFailure {
	errors: FieldErrors;
	values: Record<string, string>;
	documenti: string[];
}

/**
 * The "registra" form action of the register page and of the case tab. `procedimentoId` is the
 * case of the tab; on the register page the case is typed as anno/numero. Re-checks the rights
 * here and again in the repository (segreteria limited to some sedi).
 */
export async function registraAction(event: RequestEvent, procedimentoId: string | null = null) {
	const actor = requireActor(event);
	requirePermission(canUseProtocollo(actor), STAFF_ONLY);
	const form = await event.request.formData();
	const documenti = form.getAll('documenti').filter((v): v is string => typeof v === 'string');
	const parsed = parseForm(RegistrazioneSchema, form);
	const docs = DocumentiSchema.safeParse(documenti);
	const values = Object.fromEntries([...form.entries()].filter(([k, v]) => k !== 'documenti' && typeof v === 'string')) as Record<
		string,
		string
	>;
	const failure = (status: number, errors: FieldErrors) =>
		fail(status, { registra: { errors, values, documenti } satisfies RegistraFailure });
	if (!parsed.ok || !docs.success) {
		const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
		if (!docs.success) errors.documenti = docs.error.issues[0]?.message ?? 'Documenti non validi.';
		return failure(400, errors);
	}
	const db = getDb();
	let caseId = procedimentoId;
	if (!caseId && parsed.data.procedimento) {
		const { anno, numero } = parsed.data.procedimento;
		caseId = findProcedimentoByNumero(db, actor.organismoId, anno, numero);
		if (!caseId) return failure(400, { procedimento: `Il procedimento n. ${anno}/${numero} non esiste.` });
	}
	const result = registraProtocollo(db, actor, {
		richiestaId: parsed.data.richiestaId,
		direzione: parsed.data.direzione,
		mittente: parsed.data.mittente,
		destinatario: parsed.data.destinatario,
		oggetto: parsed.data.oggetto,
		procedimentoId: caseId,
		documentoIds: docs.data
	});
	if (!result.ok) {
		if (result.code === 'forbidden' && result.field === 'form') error(403, { message: result.message, code: 'forbidden' });
		return failure(result.code === 'forbidden' ? 403 : 400, { [result.field]: result.message });
	}
	return result;
}
