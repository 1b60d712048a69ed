import { z } from 'zod';
import type { Db } from '../client.ts';
import { fileStoreFor } from '../documents/storage.ts';
import { defineJob } from '../jobs/define.ts';
import { fileSentMessage } from './evidence.ts';
import { pollMailbox } from './mailbox.ts';
import { INVIO_KIND, LEASE_MS, sendOutboxMessage, type MailDeps } from './outbox.ts';
import { caselleDaLeggere, dueMessageIds, nextDueAt } from './repo.ts';
import { MISSING_KEY_MESSAGE } from './secret.ts';

/**
 * The outbox on the durable job runner (db/jobs): `comunicazioni.invio` sends every message that
 * is due (each message is claimed on its own, so two processes never send one twice) and enqueues
 * itself again for the next retry; `comunicazioni.lettura` reads the PEC mailboxes (receipts,
 * Posta in arrivo) on a schedule. Queueing a message (enqueueMessaggio, retryMessaggio) enqueues an invio job in the same transaction.
 */
export { INVIO_KIND, requestInvio } from './outbox.ts';
export const LETTURA_KIND = 'comunicazioni.lettura';

export interface MailJobSettings {
	/** ACCORDO_CREDENTIALS_KEY, parsed (server/config.ts); null: nothing is sent, the jobs say why. */
	credentialsKey: Buffer | null;
	/** ACCORDO_MAIL_POLL_SECONDS × 1000. */
	pollMs: number;
}

/** The cron pattern (Europe/Rome, croner) that reads the mailboxes every `pollMs`: seconds below a minute, else minutes. */
export function pollCron(pollMs: number): string {
	const seconds = Math.max(1, Math.round(pollMs / 1000));
	if (seconds < 60) return seconds === 1 ? '* * * * * *' : `*/${seconds} * * * * *`;
	const minutes = Math.min(60, Math.round(seconds / 60));
	return minutes === 1 ? '* * * * *' : `*/${minutes} * * * *`;
}

export function comunicazioniJobs(settings: { mail: MailJobSettings }) {
	const key = settings.mail.credentialsKey;
	const deps = (db: Db): MailDeps | null => (key ? { store: fileStoreFor(db), key, onSent: fileSentMessage } : null);

	const invio = defineJob({
		kind: INVIO_KIND,
		title: 'Invio delle comunicazioni in coda (PEC ed e-mail)',
		payload: z.object({}),
		maxAttempts: 3,
		leaseMs: LEASE_MS,
		// A sweep now and then, in case a follow-up was lost (the normal path is requestInvio).
		schedule: { cron: '*/15 * * * *', payload: {}, catchUpMs: 15 * 60_000 },
		async run({ db, signal, enqueue }) {
			const d = deps(db);
			if (!d) return { sospeso: MISSING_KEY_MESSAGE };
			const esiti: Record<string, number> = {};
			for (const id of dueMessageIds(db, Date.now())) {
				if (signal.aborted) break;
				const r = await sendOutboxMessage(db, id, d);
				esiti[r.outcome] = (esiti[r.outcome] ?? 0) + 1;
			}
			// The next retry (or a lease that runs out): one follow-up job per instant, whoever enqueues it.
			const next = nextDueAt(db, Date.now());
			if (next !== null) enqueue(invio, {}, { runAt: new Date(next), idempotencyKey: `${INVIO_KIND}:at:${next}` });
			return esiti;
		}
	});

	const lettura = defineJob({
		kind: LETTURA_KIND,
		title: 'Lettura delle caselle PEC (ricevute e posta in arrivo)',
		payload: z.object({}),
		maxAttempts: 1,
		schedule: { cron: pollCron(settings.mail.pollMs), payload: {} },
		async run({ db, signal }) {
			const d = deps(db);
			if (!d) return { sospeso: MISSING_KEY_MESSAGE };
			const letture: Array<{ casella: string; ok: boolean; messaggio?: string }> = [];
			for (const c of caselleDaLeggere(db)) {
				if (signal.aborted) break;
				const r = await pollMailbox(db, c.id, d);
				letture.push(r.ok ? { casella: c.indirizzo, ok: true } : { casella: c.indirizzo, ok: false, messaggio: r.message });
			}
			return { letture };
		}
	});

	return [invio, lettura];
}
