import type { RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { countJobsByState, listJobs, jobVisibleTo, retryFailedJob } from '#db/jobs/repo.ts';
import { canSeeJobs } from '#db/access/index.ts';
import { getDb } from '$lib/server/db';
import { appRuntime } from '$lib/server/runtime';
import { requireActor, requirePermission } from '$lib/server/auth';
import { defineAction } from '$lib/server/action';
import { conflict, notFound, ok } from '#db/shared/outcome.ts';
import type { Actions, PageServerLoad } from './$types';

const DENIED = 'Le operazioni automatiche sono visibili solo agli amministratori.';

/** Background jobs: the failed ones first (with their error and a "Riprova"), then those waiting or running. */
export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	requirePermission(canSeeJobs(actor), DENIED);
	const db = getDb();
	const jobs = appRuntime().jobs;
	const titles = jobs?.titles() ?? {};
	const row = (j: ReturnType<typeof listJobs>[number]) => ({
		id: j.id,
		titolo: titles[j.kind] ?? j.kind,
		stato: j.state,
		tentativi: `${j.attempts}/${j.maxAttempts}`,
		errore: j.lastError,
		quando: (j.state === 'pending' ? j.runAt : j.updatedAt).toISOString(),
		organismo: j.organismoId ? 'Organismo' : 'Installazione'
	});
	return {
		conteggi: countJobsByState(db),
		falliti: listJobs(db, actor.organismoId, ['failed'], 50).map(row),
		inCorso: listJobs(db, actor.organismoId, ['pending', 'running'], 50).map(row),
		pianificate: (jobs?.schedules() ?? []).map((s) => ({ ...s, next: s.next?.toISOString() ?? null })),
		attivo: jobs !== undefined
	};
};

const Riprova = z.object({ id: z.coerce.number({ error: 'Operazione non valida.' }).int().positive('Operazione non valida.') });

/** Signed in as someone who sees the Organismo's jobs (amministratore). */
function operator(event: RequestEvent) {
	const actor = requireActor(event);
	requirePermission(canSeeJobs(actor), DENIED);
	return actor;
}

export const actions = {
	riprova: defineAction(
		Riprova,
		({ id }, { guard: actor }) => {
			const db = getDb();
			if (!jobVisibleTo(db, id, actor.organismoId)) return notFound('Operazione non trovata.');
			if (!retryFailedJob(db, id, actor.organismoId))
				return conflict('Questa operazione non è più tra quelle non riuscite: ricarica la pagina.');
			appRuntime().jobs?.wake();
			return ok({ message: 'Operazione rimessa in coda: verrà eseguita a breve.' });
		},
		{ guard: operator, invalidMessage: 'Operazione non valida.' }
	)
} satisfies Actions;
