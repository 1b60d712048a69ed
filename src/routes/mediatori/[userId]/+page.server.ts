import { error, fail, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { addConflitto, getMediatore, listMaterie, removeConflitto, updateMediatore } from '../../../../db/mediatori/registry.ts';
import { canEditRegistry, canViewRegistry } from '../../../../db/access/index.ts';
import { ConflittoInput, ConflittoRemove, MediatoreInput } from '../../../../db/mediatori/schemas.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import type { Actions, PageServerLoad } from './$types';

type Values = Record<string, string | string[]>;

/** zod over a plain object built from the form (materie is multi-valued); first message per field. */
function parse<S extends z.ZodType>(schema: S, raw: Values) {
	const r = schema.safeParse(raw);
	if (r.success) return { ok: true as const, data: r.data as z.infer<S> };
	const errors: Record<string, string> = {};
	for (const issue of r.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
	return { ok: false as const, errors };
}

function text(fd: FormData, key: string): string {
	const v = fd.get(key);
	return typeof v === 'string' ? v : '';
}

export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	requirePermission(canViewRegistry(actor), 'Il registro dei mediatori è riservato al personale dell’Organismo.');
	const db = getDb();
	const mediatore = getMediatore(db, actor.organismoId, event.params.userId);
	if (!mediatore) error(404, { message: 'Mediatore non trovato.', code: 'not_found' });
	return {
		mediatore,
		materie: listMaterie(db, actor.organismoId).map((m) => ({ id: m.id, nome: m.nome, attiva: m.attiva })),
		canEdit: canEditRegistry(actor)
	};
};

function editor(event: Pick<RequestEvent, 'locals' | 'url'>) {
	const actor = requireActor(event);
	requirePermission(canEditRegistry(actor), "Solo l'amministratore o il responsabile possono modificare il registro dei mediatori.");
	return actor;
}

export const actions = {
	aggiorna: async (event) => {
		const actor = editor(event);
		const fd = await event.request.formData();
		const values: Values = {
			stato: text(fd, 'stato'),
			qualifiche: text(fd, 'qualifiche'),
			caricoMassimo: text(fd, 'caricoMassimo'),
			materie: fd.getAll('materie').filter((v): v is string => typeof v === 'string')
		};
		const parsed = parse(MediatoreInput, values);
		if (!parsed.ok) return fail(400, { form: 'aggiorna', errors: parsed.errors, values, message: 'Controlla i campi evidenziati.' });
		const r = updateMediatore(getDb(), actor, event.params.userId, parsed.data);
		if (!r.ok) return fail(400, { form: 'aggiorna', errors: r.field ? { [r.field]: r.message } : {}, values, message: r.message });
		return { form: 'aggiorna', ok: true, message: r.message };
	},
	conflitto: async (event) => {
		const actor = editor(event);
		const fd = await event.request.formData();
		const values: Values = { descrizione: text(fd, 'descrizione'), identificativo: text(fd, 'identificativo') };
		const parsed = parse(ConflittoInput, values);
		if (!parsed.ok) return fail(400, { form: 'conflitto', errors: parsed.errors, values, message: 'Controlla i campi evidenziati.' });
		const r = addConflitto(getDb(), actor, event.params.userId, parsed.data);
		if (!r.ok) return fail(400, { form: 'conflitto', errors: r.field ? { [r.field]: r.message } : {}, values, message: r.message });
		return { form: 'conflitto', ok: true, message: r.message };
	},
	rimuovi: async (event) => {
		const actor = editor(event);
		const fd = await event.request.formData();
		const parsed = parse(ConflittoRemove, { conflittoId: text(fd, 'conflittoId') });
		if (!parsed.ok) return fail(400, { form: 'rimuovi', message: Object.values(parsed.errors)[0] });
		const r = removeConflitto(getDb(), actor, event.params.userId, parsed.data.conflittoId);
		if (!r.ok) return fail(400, { form: 'rimuovi', message: r.message });
		return { form: 'rimuovi', ok: true, message: r.message };
	}
} satisfies Actions;
