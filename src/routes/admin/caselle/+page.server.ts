import type { RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { listCaselle } from '#db/comunicazioni/repo.ts';
import { CasellaInput } from '#db/comunicazioni/schemas.ts';
import { canManageCaselle, saveCasella, testCasella } from '#db/comunicazioni/service.ts';
import { MISSING_KEY_MESSAGE } from '#db/comunicazioni/secret.ts';
import { getDb } from '$lib/server/db';
import { appRuntime } from '$lib/server/runtime';
import { requireActor, requirePermission } from '$lib/server/auth';
import { defineAction } from '$lib/server/action';
import { invalid, ok } from '#db/shared/outcome.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	requirePermission(canManageCaselle(actor));
	// Never the password, not even encrypted.
	const caselle = listCaselle(getDb(), actor.organismoId).map(({ passwordCifrata: _p, ...c }) => ({
		...c,
		fidati: c.gestoriFidati.length > 0
	}));
	const chiave = appRuntime().config.mail.credentialsKey ? null : MISSING_KEY_MESSAGE;
	return { caselle, chiave };
};

/** Signed in as someone who configures the Organismo's mailboxes (amministratore). */
function admin(event: RequestEvent) {
	const actor = requireActor(event);
	requirePermission(canManageCaselle(actor));
	return actor;
}

export const actions = {
	salva: defineAction(
		CasellaInput,
		(input, { guard: actor }) => {
			const r = saveCasella(getDb(), actor, input, appRuntime().config.mail.credentialsKey);
			return r.ok ? ok({ message: 'Casella salvata.' }) : { ...r, field: r.field ?? 'form' };
		},
		{ guard: admin, secret: ['password'] }
	),
	prova: defineAction(
		z.object({ id: z.string().min(1).max(64) }),
		async ({ id }, { guard: actor }) => {
			const key = appRuntime().config.mail.credentialsKey;
			if (!key) return invalid(MISSING_KEY_MESSAGE);
			const r = await testCasella(getDb(), actor, id, { key });
			// A failed connection test is the answer to the form (what the server said), not an error of the page.
			return r.ok ? ok({ message: r.message }) : invalid(r.message);
		},
		{ guard: admin, invalidMessage: 'Casella non valida.', echo: (form) => ({ provaId: String(form.get('id') ?? '') }) }
	)
} satisfies Actions;
