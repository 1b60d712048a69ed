import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestCa, type TestCa } from './ca.ts';
import { startDovecot, type Dovecot } from './dovecot.ts';
import { startPecProvider, type PecProvider } from './pec-provider.ts';

export type { Regola, Submission } from './pec-provider.ts';
export type { Falsificazione } from './receipts.ts';

/**
 * The PEC test harness: a test CA (OpenSSL), a real Dovecot IMAP server and the fake PEC provider
 * on smtp-server, all on 127.0.0.1. `mailbox()` creates an account usable for SMTP submission and
 * IMAP. Call `stop()` in afterAll.
 */
export interface PecHarness {
	domain: string;
	ca: TestCa;
	dovecot: Dovecot;
	provider: PecProvider;
	smtp: { host: string; port: number };
	imap: { host: string; port: number };
	mailbox(local: string): { address: string; password: string };
	stop(): Promise<void>;
}

export async function startPecHarness(opts: { domain?: string } = {}): Promise<PecHarness> {
	const domain = opts.domain ?? 'pec.prova.it';
	const dir = mkdtempSync(join(tmpdir(), 'accordo-pec-'));
	const ca = createTestCa(dir, `posta-certificata@${domain}`);
	const dovecot = await startDovecot();
	const provider = await startPecProvider({ dovecot, ca, domain });
	return {
		domain,
		ca,
		dovecot,
		provider,
		get smtp() {
			return { host: provider.host, port: provider.port };
		},
		imap: { host: dovecot.host, port: dovecot.port },
		mailbox(local) {
			const address = `${local}@${domain}`;
			const password = randomBytes(9).toString('base64url');
			provider.addMailbox(address, password);
			return { address, password };
		},
		async stop() {
			await provider.stop();
			await dovecot.stop();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
