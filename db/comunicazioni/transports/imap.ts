import { ImapFlow } from 'imapflow';
import type { FetchedMessage, MailboxReader, ServerConfig } from './types.ts';

/**
 * IMAP reading with imapflow, wrapped so that nothing can hang or die silently: every poll opens
 * its own connection (a connection or IDLE that dropped since the last poll is simply not reused),
 * and the whole poll has a deadline after which the socket is closed and the poll fails with a
 * timeout. The next poll reconnects.
 */
export class ImapTimeoutError extends Error {
	code = 'ETIMEDOUT';
}

export function imapReader(cfg: ServerConfig, opts: { timeoutMs?: number } = {}): MailboxReader {
	const timeoutMs = opts.timeoutMs ?? 30_000;
	return {
		async fetchNew(since, max) {
			const client = new ImapFlow({
				host: cfg.host,
				port: cfg.port,
				secure: cfg.sicurezza === 'tls',
				doSTARTTLS: cfg.sicurezza === 'starttls' ? true : cfg.sicurezza === 'nessuna' ? false : undefined,
				auth: { user: cfg.utente, pass: cfg.password },
				logger: false,
				connectionTimeout: Math.min(timeoutMs, 15_000),
				greetingTimeout: Math.min(timeoutMs, 10_000),
				socketTimeout: timeoutMs
			});
			client.on('error', () => undefined); // surfaced through the pending command instead
			let timer: NodeJS.Timeout | undefined;
			const deadline = new Promise<never>((_, reject) => {
				timer = setTimeout(() => {
					client.close();
					reject(new ImapTimeoutError(`IMAP: nessuna risposta entro ${Math.round(timeoutMs / 1000)} s`));
				}, timeoutMs);
			});
			const work = (async () => {
				await client.connect();
				const lock = await client.getMailboxLock('INBOX');
				try {
					const box = client.mailbox;
					const uidValidity = box ? Number(box.uidValidity) : 0;
					const from = since.uidValidity === uidValidity ? since.lastUid + 1 : 1;
					const messages: FetchedMessage[] = [];
					if (box && box.exists > 0 && (box.uidNext === undefined || from < box.uidNext)) {
						for await (const m of client.fetch(`${from}:*`, { uid: true, source: true }, { uid: true })) {
							if (m.uid >= from && m.source) messages.push({ uid: m.uid, source: m.source });
							if (messages.length >= max) break;
						}
					}
					messages.sort((a, b) => a.uid - b.uid);
					return { uidValidity, messages };
				} finally {
					lock.release();
				}
			})();
			try {
				return await Promise.race([work, deadline]);
			} finally {
				clearTimeout(timer);
				work.catch(() => undefined);
				await client.logout().catch(() => client.close());
			}
		}
	};
}
