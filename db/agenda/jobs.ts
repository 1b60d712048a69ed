import { z } from 'zod';
import type { Db } from '../client.ts';
import { romeIsoDate } from '../shared/time.ts';
import { defineJob } from '../jobs/define.ts';
import { organismi } from '../schema.ts';
import { generaAvvisiScadenze } from './scadenze.ts';

function organismoIds(db: Db): string[] {
	return db
		.select({ id: organismi.id })
		.from(organismi)
		.all()
		.map((o) => o.id);
}

/**
 * Deadline alerts for the segreteria (overdue, due within the notice period). Scheduled hourly
 * without an Organismo: that run fans out one job per Organismo (its own attempts and failures),
 * keyed by the Rome date and hour so each runs once per hour whichever process enqueues it.
 */
export const avvisiScadenze = defineJob({
	kind: 'scadenze.avvisi',
	title: 'Avvisi di scadenza per la segreteria',
	payload: z.object({ organismoId: z.string().min(1).optional(), giorno: z.iso.date().optional() }),
	schedule: { cron: '5 * * * *', payload: {}, catchUpMs: 3600_000 },
	run({ db, payload, job, enqueue }) {
		const giorno = payload.giorno ?? romeIsoDate();
		if (payload.organismoId) return { avvisi: generaAvvisiScadenze(db, { organismoId: payload.organismoId }, giorno) };
		const slot = job.idempotencyKey ?? `manuale:${job.id}`;
		let accodati = 0;
		for (const organismoId of organismoIds(db)) {
			const { created } = enqueue(avvisiScadenze, { organismoId, giorno }, { organismoId, idempotencyKey: `scadenze.avvisi:${slot}` });
			if (created) accodati++;
		}
		return { organismi: accodati };
	}
});
