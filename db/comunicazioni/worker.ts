import type { Db } from '../client.ts';
import { fileStoreFor } from '../documents/storage.ts';
import { fileSentMessage } from './evidence.ts';
import { pollMailbox } from './mailbox.ts';
import { sendOutboxMessage, type MailDeps } from './outbox.ts';
import { caselleDaLeggere, dueMessageIds } from './repo.ts';
import { credentialsKey } from './secret.ts';

/**
 * The outbox's background loop: every `tickMs` it sends the messages that are due (one at a time;
 * each is claimed, so a second process running the same loop never sends one twice) and every
 * `pollMs` it reads the PEC mailboxes. When the durable job runner (db/jobs) is available these two
 * bodies become its jobs; the functions are the same.
 */
export interface MailWorker {
	/** One pass now (sends what is due, polls when its interval has passed). */
	tick(opts?: { poll?: boolean }): Promise<void>;
	stop(): Promise<void>;
}

export interface MailWorkerOptions {
	tickMs?: number;
	pollMs?: number;
	env?: NodeJS.ProcessEnv;
	log?: (msg: string) => void;
}

export function startMailWorker(db: Db, opts: MailWorkerOptions = {}): MailWorker {
	const log = opts.log ?? ((m: string) => console.error(`accordo: ${m}`));
	const pollMs = opts.pollMs ?? 60_000;
	let key: Buffer | null = null;
	let keyError: string | null = null;
	try {
		key = credentialsKey(opts.env);
	} catch (err) {
		keyError = (err as Error).message;
	}
	let lastPoll = 0;
	let running: Promise<void> | null = null;
	let stopped = false;
	let warned = false;

	async function pass(forcePoll: boolean): Promise<void> {
		if (!key) {
			if (!warned) log(`comunicazioni: invio sospeso — ${keyError}`);
			warned = true;
			return;
		}
		const deps: MailDeps = { store: fileStoreFor(db), key, onSent: fileSentMessage };
		for (const id of dueMessageIds(db, Date.now())) {
			if (stopped) return;
			await sendOutboxMessage(db, id, deps).catch((err) => log(`comunicazioni: invio ${id}: ${(err as Error).message}`));
		}
		if (forcePoll || Date.now() - lastPoll >= pollMs) {
			lastPoll = Date.now();
			for (const c of caselleDaLeggere(db)) {
				if (stopped) return;
				await pollMailbox(db, c.id, deps).catch((err) => log(`comunicazioni: lettura ${c.indirizzo}: ${(err as Error).message}`));
			}
		}
	}

	const tick = (o: { poll?: boolean } = {}) => {
		if (running) return running;
		running = pass(Boolean(o.poll)).finally(() => (running = null));
		return running;
	};
	const timer = setInterval(() => void tick(), opts.tickMs ?? 2000);
	timer.unref();
	return {
		tick,
		async stop() {
			stopped = true;
			clearInterval(timer);
			await running;
		}
	};
}
