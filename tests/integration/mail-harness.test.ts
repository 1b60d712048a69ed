import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPecHarness, type PecHarness } from '../helpers/mail/index.ts';

// The harness itself: what the provider writes is real S/MIME that OpenSSL verifies against the test CA.
let h: PecHarness;
beforeAll(async () => {
	h = await startPecHarness();
});
afterAll(async () => {
	await h?.stop();
});

async function inbox(user: { address: string; password: string }): Promise<Array<{ uid: number; source: Buffer }>> {
	const c = new ImapFlow({
		host: h.imap.host,
		port: h.imap.port,
		secure: false,
		auth: { user: user.address, pass: user.password },
		logger: false
	});
	await c.connect();
	const out: Array<{ uid: number; source: Buffer }> = [];
	const lock = await c.getMailboxLock('INBOX');
	try {
		for await (const m of c.fetch('1:*', { uid: true, source: true })) out.push({ uid: m.uid, source: m.source! });
	} catch {
		// empty mailbox
	} finally {
		lock.release();
		await c.logout();
	}
	return out;
}

function opensslVerifies(raw: Buffer, caPath: string): boolean {
	const dir = mkdtempSync(join(tmpdir(), 'verify-'));
	try {
		writeFileSync(join(dir, 'm.eml'), raw);
		execFileSync('openssl', ['smime', '-verify', '-in', 'm.eml', '-CAfile', caPath, '-purpose', 'any', '-out', '/dev/null'], {
			cwd: dir,
			stdio: 'pipe'
		});
		return true;
	} catch {
		return false;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

describe('PEC harness', () => {
	it('writes a signed accettazione and a signed complete consegna for a PEC recipient, and the envelope to the recipient', async () => {
		const org = h.mailbox('organismo');
		const avv = h.mailbox('avvocato');
		const t = nodemailer.createTransport({
			host: h.smtp.host,
			port: h.smtp.port,
			secure: false,
			ignoreTLS: true,
			auth: { user: org.address, pass: org.password }
		});
		const info = await t.sendMail({
			from: org.address,
			to: avv.address,
			subject: 'Convocazione',
			text: 'Gentile avvocato…',
			messageId: '<prova-1@accordo.test>'
		});
		t.close();
		expect(info.accepted).toEqual([avv.address]);
		const mine = await inbox(org);
		expect(mine).toHaveLength(2);
		const [acc, cons] = mine.map((m) => m.source.toString('utf8'));
		expect(acc).toMatch(/^X-Ricevuta: accettazione$/m);
		expect(acc).toMatch(/^X-Riferimento-Message-ID: <prova-1@accordo.test>$/m);
		expect(cons).toMatch(/^X-Ricevuta: avvenuta-consegna$/m);
		expect(cons).toContain('postacert.eml');
		expect(cons).toContain('<postacert tipo="avvenuta-consegna" errore="nessuno">');
		expect(opensslVerifies(mine[0].source, h.ca.caPath)).toBe(true);
		expect(opensslVerifies(mine[1].source, h.ca.caPath)).toBe(true);
		const theirs = await inbox(avv);
		expect(theirs).toHaveLength(1);
		expect(theirs[0].source.toString()).toMatch(/^Subject: POSTA CERTIFICATA: Convocazione$/m);
		expect(h.provider.deliveries('<prova-1@accordo.test>')).toBe(1);
	});

	it('forges on demand: a receipt signed by an unrelated CA or altered after signing does not verify', async () => {
		const org = h.mailbox('organismo2');
		const avv = h.mailbox('avvocato2');
		const t = nodemailer.createTransport({
			host: h.smtp.host,
			port: h.smtp.port,
			secure: false,
			ignoreTLS: true,
			auth: { user: org.address, pass: org.password }
		});
		h.provider.forgeNext('firma-estranea');
		await t.sendMail({ from: org.address, to: avv.address, subject: 'A', text: 'x' });
		h.provider.forgeNext('alterata');
		await t.sendMail({ from: org.address, to: avv.address, subject: 'B', text: 'y' });
		t.close();
		const mine = await inbox(org);
		expect(mine).toHaveLength(4);
		expect(mine.map((m) => opensslVerifies(m.source, h.ca.caPath))).toEqual([true, false, true, false]);
	});
});
