import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyIncoming } from '#db/comunicazioni/incoming.ts';
import { signedPart, verifySmime } from '#db/comunicazioni/smime.ts';
import { createTestCa } from '../helpers/mail/ca.ts';
import { daticertXml, signedMessage, type Falsificazione } from '../helpers/mail/receipts.ts';

// The S/MIME check against certificates made with OpenSSL: only the provider's signature chained to a trusted CA counts.
const dir = mkdtempSync(join(tmpdir(), 'smime-test-'));
const ca = createTestCa(dir, 'posta-certificata@pec.prova.it');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function receipt(falsificazione?: Falsificazione): Buffer {
	return signedMessage({
		headers: [
			['From', 'posta-certificata@pec.prova.it'],
			['Subject', 'CONSEGNA: prova'],
			['X-Ricevuta', 'avvenuta-consegna'],
			['X-Riferimento-Message-ID', '<m1@pec.prova.it>']
		],
		text: 'Ricevuta di avvenuta consegna',
		daticert: daticertXml({
			tipo: 'avvenuta-consegna',
			mittente: 'org@pec.prova.it',
			destinatari: [{ indirizzo: 'b@pec.prova.it', tipo: 'certificato' }],
			oggetto: 'prova',
			gestore: 'Gestore di prova',
			at: new Date('2026-12-03T10:00:00Z'),
			identificativo: 'id1',
			msgid: '<m1@pec.prova.it>',
			consegna: 'b@pec.prova.it',
			ricevuta: 'completa'
		}),
		signer:
			falsificazione === 'firma-estranea'
				? { certPath: ca.forgerCertPath, keyPath: ca.forgerKeyPath }
				: { certPath: ca.providerCertPath, keyPath: ca.providerKeyPath },
		falsificazione
	});
}

describe('S/MIME verification of receipts', () => {
	it('accepts the provider signature and returns the signed entity', async () => {
		const r = await verifySmime(receipt(), ca.caPem);
		expect(r).toMatchObject({ valid: true, reason: '' });
		expect(r.content.toString()).toContain('daticert.xml');
	});
	it('refuses a signature by a certificate of another CA', async () => {
		expect(await verifySmime(receipt('firma-estranea'), ca.caPem)).toMatchObject({
			valid: false,
			reason: expect.stringMatching(/non emesso da un gestore fidato/)
		});
	});
	it('refuses content altered after signing', async () => {
		expect(await verifySmime(receipt('alterata'), ca.caPem)).toMatchObject({ valid: false, reason: expect.stringMatching(/alterato/) });
	});
	it('refuses an unsigned receipt, and any receipt when no provider CA is trusted', async () => {
		expect(await verifySmime(receipt('senza-firma'), ca.caPem)).toMatchObject({
			valid: false,
			reason: expect.stringMatching(/firma assente/)
		});
		expect(await verifySmime(receipt(), '')).toMatchObject({ valid: false, reason: expect.stringMatching(/nessun certificato/) });
	});
	it('splits multipart/signed itself (first part, without the boundary line)', () => {
		const part = signedPart(receipt())!.toString();
		expect(part.startsWith('Content-Type: multipart/mixed')).toBe(true);
		expect(part).not.toMatch(/smime\.p7s/);
	});
	it('classifies a receipt and reads its signed daticert', async () => {
		const inc = await classifyIncoming(receipt(), ca.caPem);
		expect(inc.kind).toBe('ricevuta');
		if (inc.kind !== 'ricevuta') return;
		expect(inc.firma.valid).toBe(true);
		expect(inc.daticert).toMatchObject({ tipo: 'avvenuta-consegna', msgid: '<m1@pec.prova.it>', consegna: 'b@pec.prova.it' });
	});
});
