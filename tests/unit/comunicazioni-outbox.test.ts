import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeTransportError } from '#db/comunicazioni/errors.ts';
import { credentialsKey, decryptSecret, encryptSecret } from '#db/comunicazioni/secret.ts';
import { backoffMs, canMoveDestinatario, canMoveMessaggio, statoDaRicevuta } from '#db/comunicazioni/status.ts';
import { fillTemplate, textToHtml } from '#db/comunicazioni/templates.ts';

describe('outbox state machines', () => {
	it('a message is claimed only from the queue and a sent one stays sent', () => {
		expect(canMoveMessaggio('in_coda', 'in_invio')).toBe(true);
		expect(canMoveMessaggio('in_invio', 'in_coda')).toBe(true); // transient failure
		expect(canMoveMessaggio('inviato', 'in_coda')).toBe(false); // never sent twice
		expect(canMoveMessaggio('inviato', 'in_invio')).toBe(false);
		expect(canMoveMessaggio('fallito', 'in_coda')).toBe(true); // "riprova"
	});

	it('receipts move a recipient forward only', () => {
		expect(canMoveDestinatario('inviato', 'accettato')).toBe(true);
		expect(canMoveDestinatario('accettato', 'consegnato')).toBe(true);
		expect(canMoveDestinatario('inviato', 'consegnato')).toBe(true); // delivery read before acceptance
		expect(canMoveDestinatario('consegnato', 'accettato')).toBe(false); // a late acceptance does not undo it
		expect(canMoveDestinatario('consegnato', 'errore_consegna')).toBe(false);
		expect(canMoveDestinatario('non_accettato', 'consegnato')).toBe(false);
		expect(canMoveDestinatario('in_coda', 'consegnato')).toBe(false);
	});

	it('maps receipt types to states', () => {
		expect(statoDaRicevuta('accettazione')).toBe('accettato');
		expect(statoDaRicevuta('non-accettazione')).toBe('non_accettato');
		expect(statoDaRicevuta('avvenuta-consegna')).toBe('consegnato');
		expect(statoDaRicevuta('errore-consegna')).toBe('errore_consegna');
		expect(statoDaRicevuta('rilevazione-virus')).toBe('errore_consegna');
		expect(statoDaRicevuta('preavviso-errore-consegna')).toBeNull();
		expect(statoDaRicevuta('presa-in-carico')).toBeNull();
	});

	it('backs off exponentially up to six hours', () => {
		expect([1, 2, 3, 4].map(backoffMs)).toEqual([30_000, 120_000, 480_000, 1_920_000]);
		expect(backoffMs(20)).toBe(6 * 3600_000);
	});
});

describe('credentials at rest', () => {
	const key = randomBytes(32);
	it('round-trips with AES-256-GCM and is bound to its account', () => {
		const enc = encryptSecret('s3greta!', key, 'casella-1');
		expect(enc).not.toContain('s3greta');
		expect(decryptSecret(enc, key, 'casella-1')).toBe('s3greta!');
		expect(() => decryptSecret(enc, key, 'casella-2')).toThrow(/decifrare/);
		expect(() => decryptSecret(enc, randomBytes(32), 'casella-1')).toThrow(/decifrare/);
		expect(encryptSecret('s3greta!', key, 'casella-1')).not.toBe(enc); // fresh IV
	});
	it('reads the key from the environment and explains a missing or short one in Italian', () => {
		expect(credentialsKey({ ACCORDO_CREDENTIALS_KEY: key.toString('base64') })).toEqual(key);
		expect(credentialsKey({ ACCORDO_CREDENTIALS_KEY: key.toString('hex') })).toEqual(key);
		expect(() => credentialsKey({})).toThrow(/non configurata/);
		expect(() => credentialsKey({ ACCORDO_CREDENTIALS_KEY: 'corta' })).toThrow(/32 byte/);
	});
});

describe('transport errors in Italian', () => {
	it.each([
		[{ code: 'EAUTH', responseCode: 535, response: '535 5.7.8 Autenticazione fallita' }, /Autenticazione rifiutata/, false],
		[{ code: 'EDNS', message: 'getaddrinfo ENOTFOUND smtp.nonesiste.it' }, /Server sconosciuto/, false],
		[{ code: 'ESOCKET', message: 'connect ECONNREFUSED 127.0.0.1:25' }, /rifiuta la connessione/, true],
		[{ code: 'ETIMEDOUT', message: 'Connection timeout' }, /non risponde in tempo/, true],
		[{ code: 'ESOCKET', message: 'write EPROTO 1:error:0A00010B:SSL routines:ssl3_get_record:wrong version number' }, /Errore TLS/, false],
		[{ code: 'EENVELOPE', response: '550 5.1.1 Destinatario sconosciuto' }, /rifiutato il destinatario/, false],
		[{ responseCode: 451, response: '451 4.3.0 riprova' }, /errore temporaneo/, true]
	])('%o', (err, message, transient) => {
		const f = describeTransportError(err, 'smtp.prova.it:587');
		expect(f.message).toMatch(message);
		expect(f.transient).toBe(transient);
	});
});

describe('templates', () => {
	it('fills placeholders and leaves unknown ones visible', () => {
		expect(
			fillTemplate('Gentile {{destinatario}}, codice {{ codiceAdesione }} {{ignoto}}', { destinatario: 'Bruno', codiceAdesione: 'X1' })
		).toBe('Gentile Bruno, codice X1 {{ignoto}}');
	});
	it('escapes the HTML alternative', () => {
		expect(textToHtml('a <b>\n\nc & d')).toContain('<p>a &lt;b&gt;</p>\n<p>c &amp; d</p>');
	});
});
