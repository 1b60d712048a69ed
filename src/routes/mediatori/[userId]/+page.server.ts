import { error, type RequestEvent } from '@sveltejs/kit';
import { addConflitto, getMediatore, listMaterie, removeConflitto, updateMediatore } from '#db/mediatori/registry.ts';
import { canEditRegistry, canViewRegistry } from '#db/access/index.ts';
import { ConflittoInput, ConflittoRemove, MediatoreInput } from '#db/mediatori/schemas.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import { defineAction } from '$lib/server/action';
import type { Actions, PageServerLoad } from './$types';

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

const raw = (fd: FormData) => ({
	stato: text(fd, 'stato'),
	qualifiche: text(fd, 'qualifiche'),
	caricoMassimo: text(fd, 'caricoMassimo'),
	materie: fd.getAll('materie').filter((v): v is string => typeof v === 'string')
});

export const actions = {
	aggiorna: defineAction(MediatoreInput, (v, { guard: actor, event }) => updateMediatore(getDb(), actor, event.params.userId!, v), {
		form: 'aggiorna',
		guard: editor,
		raw,
		invalidMessage: 'Controlla i campi evidenziati.'
	}),
	conflitto: defineAction(ConflittoInput, (v, { guard: actor, event }) => addConflitto(getDb(), actor, event.params.userId!, v), {
		form: 'conflitto',
		guard: editor,
		raw: (fd) => ({ descrizione: text(fd, 'descrizione'), identificativo: text(fd, 'identificativo') }),
		invalidMessage: 'Controlla i campi evidenziati.'
	}),
	rimuovi: defineAction(
		ConflittoRemove,
		(v, { guard: actor, event }) => removeConflitto(getDb(), actor, event.params.userId!, v.conflittoId),
		{ form: 'rimuovi', guard: editor, raw: (fd) => ({ conflittoId: text(fd, 'conflittoId') }) }
	)
} satisfies Actions;
