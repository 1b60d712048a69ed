import { z } from 'zod';
import { fileStoreFor } from '../documents/storage.ts';
import { defineJob } from '../jobs/define.ts';
import { inviaSolleciti } from './invii.ts';
import * as repo from './repo.ts';
import { sollecitiEScadenze } from './service.ts';

/**
 * Reminders and expiry of the open signing processes (hourly): recipients still to sign get a
 * reminder every `sollecitoGiorni` days (comunicazioni outbox + in-app notice), and past the
 * deadline the open recipients and the process become "scaduto". One process failing does not
 * stop the others; the error is counted in the summary and the job fails so it is retried.
 */
export function sollecitiFirma(opts: { origin?: string | null; linkSecret?: string } = {}) {
	return defineJob({
		kind: 'firma.solleciti',
		title: 'Solleciti e scadenze dei processi di firma',
		payload: z.object({}),
		schedule: { cron: '20 * * * *', payload: {}, catchUpMs: 3600_000 },
		async run({ db }) {
			const store = fileStoreFor(db);
			const now = new Date();
			let sollecitati = 0;
			let scaduti = 0;
			const errori: string[] = [];
			for (const p of repo.listProcessiInCorso(db)) {
				try {
					const r = sollecitiEScadenze(db, p, now);
					if (r.scaduto) scaduti++;
					await inviaSolleciti({ db, store, origin: opts.origin ?? null, linkSecret: opts.linkSecret }, p, r.sollecitati, now);
					sollecitati += r.sollecitati.length;
				} catch (err) {
					errori.push(`${p.id}: ${(err as Error).message}`);
				}
			}
			if (errori.length) throw new Error(`solleciti non inviati per ${errori.length} processi: ${errori.join('; ')}`);
			return { sollecitati, scaduti };
		}
	});
}
