import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as pkijs from 'pkijs';
import { verifyFile } from '#db/firma/verify/index.ts';
import { certificatesFromTrustedList, parseCertificate } from '#db/firma/verify/trust.ts';
import { opensslDate, opensslVerifyCades, startTestPki, type PkiCert, type TestPki } from '../helpers/pki.ts';
import { samplePdf } from '../helpers/documents-samples.ts';

// Fixtures made by OpenSSL (an independent implementation): `openssl cms -sign -cades`.

let pki: TestPki;
let trusted: pkijs.Certificate[];
let mario: PkiCert;
let anna: PkiCert;
let pdf: Uint8Array;

const controllo = (f: { controlli: { codice: string; esito: string; messaggio: string }[] }, codice: string) =>
	f.controlli.find((c) => c.codice === codice);

beforeAll(async () => {
	pki = await startTestPki();
	trusted = [parseCertificate(pki.ca.cert.der)!];
	mario = pki.issue({ name: 'Mario Rossi', cf: 'RSSMRA80A01H501U' });
	anna = pki.issue({ name: 'Anna Bianchi', cf: 'BNCNNA85M41F205Z' });
	pdf = await samplePdf('Verbale di accordo');
});
afterAll(async () => {
	await pki?.close();
});

describe('CAdES verification (fixtures by openssl cms -sign -cades)', () => {
	it('an attached .p7m by a qualified certificate is valid, with name, CF, issuer and revocation by OCSP', async () => {
		const p7m = pki.cades(pdf, mario);
		expect(opensslVerifyCades(p7m, pki.ca.cert.certPath)).toBe(true);
		const ocspBefore = pki.hits.ocsp;
		const r = await verifyFile({ nome: 'verbale.pdf.p7m', bytes: p7m, trusted, attesi: ['RSSMRA80A01H501U'] });
		expect(r.esito).toBe('valida');
		expect(r.file.formato).toBe('p7m');
		expect(r.contenuto?.formato).toBe('pdf');
		expect(r.firme).toHaveLength(1);
		const f = r.firme[0];
		expect(f.firmatario).toMatchObject({
			nome: 'Mario Rossi',
			codiceFiscale: 'RSSMRA80A01H501U',
			emittente: 'Accordo Test Qualified CA',
			nonRipudio: true,
			qualificato: true,
			dispositivoQualificato: true,
			tipoQc: 'firma'
		});
		expect(f.oraDichiarata).not.toBeNull();
		for (const c of ['integrita', 'validita', 'non_ripudio', 'qualificato', 'catena', 'revoca', 'destinatario'])
			expect(controllo(f, c)?.esito, c).toBe('ok');
		expect(controllo(f, 'revoca')?.messaggio).toContain('OCSP');
		expect(pki.hits.ocsp).toBe(ocspBefore + 1);
	});

	it('a PEM/base64 .p7m is read as well', async () => {
		const p7m = pki.cades(pdf, mario);
		const pem = `-----BEGIN PKCS7-----\n${Buffer.from(p7m)
			.toString('base64')
			.replace(/(.{64})/g, '$1\n')}\n-----END PKCS7-----\n`;
		const r = await verifyFile({ nome: 'x.p7m', bytes: new TextEncoder().encode(pem), trusted });
		expect(r.esito).toBe('valida');
	});

	it('a nested .p7m.p7m lists both signatures, outer first', async () => {
		const inner = pki.cades(pdf, mario);
		const outer = pki.cades(inner, anna);
		const r = await verifyFile({ nome: 'v.pdf.p7m.p7m', bytes: outer, trusted, attesi: ['RSSMRA80A01H501U', 'BNCNNA85M41F205Z'] });
		expect(r.esito).toBe('valida');
		expect(r.firme.map((f) => [f.livello, f.firmatario?.codiceFiscale])).toEqual([
			[1, 'BNCNNA85M41F205Z'],
			[2, 'RSSMRA80A01H501U']
		]);
		expect(r.contenuto?.formato).toBe('pdf');
		expect(r.problemi).toEqual([]);
	});

	it('a detached .p7s verifies with its content and fails with another one', async () => {
		const p7s = pki.cades(pdf, mario, { detached: true });
		expect(opensslVerifyCades(p7s, pki.ca.cert.certPath, pdf)).toBe(true);
		const ok = await verifyFile({ nome: 'v.pdf.p7s', bytes: p7s, contenuto: pdf, trusted });
		expect(ok.file.formato).toBe('p7s');
		expect(ok.esito).toBe('valida');
		const other = await samplePdf('Altro documento');
		const ko = await verifyFile({ nome: 'v.pdf.p7s', bytes: p7s, contenuto: other, trusted });
		expect(ko.esito).toBe('non_valida');
		expect(controllo(ko.firme[0], 'integrita')?.messaggio).toMatch(/alterato/);
		const missing = await verifyFile({ nome: 'v.pdf.p7s', bytes: p7s, trusted });
		expect(missing.esito).toBe('non_valida');
		expect(controllo(missing.firme[0], 'integrita')?.messaggio).toMatch(/manca il documento/);
	});

	it('a tampered .p7m (one byte of the content changed) is not valid', async () => {
		const p7m = pki.cades(pdf, mario);
		const tampered = new Uint8Array(p7m);
		const at = Buffer.from(tampered).indexOf('Verbale');
		const idx = at > 0 ? at : Buffer.from(tampered).indexOf('%PDF') + 20;
		tampered[idx] ^= 0x01;
		expect(opensslVerifyCades(tampered, pki.ca.cert.certPath)).toBe(false);
		const r = await verifyFile({ nome: 't.p7m', bytes: tampered, trusted });
		expect(r.esito).toBe('non_valida');
		expect(controllo(r.firme[0], 'integrita')?.esito).toBe('ko');
	});

	it('an expired certificate is not valid (checked at verification time: no timestamp)', async () => {
		const old = pki.issue({
			name: 'Paolo Verdi',
			cf: 'VRDPLA70A01H501X',
			startDate: opensslDate(new Date('2020-01-01T00:00:00Z')),
			endDate: opensslDate(new Date('2021-01-01T00:00:00Z'))
		});
		const r = await verifyFile({ nome: 'e.p7m', bytes: pki.cades(pdf, old), trusted });
		expect(r.esito).toBe('non_valida');
		expect(controllo(r.firme[0], 'validita')?.messaggio).toMatch(/scaduto/);
	});

	it('a revoked certificate: revoked by OCSP, and by CRL when the certificate only has a CRL', async () => {
		const viaOcsp = pki.issue({ name: 'Gino Neri', cf: 'NREGNI70A01H501X' });
		const viaCrl = pki.issue({ name: 'Lia Neri', cf: 'NRELIA70A41H501X', revocation: 'crl' });
		pki.revoke(viaOcsp);
		pki.revoke(viaCrl);
		const a = await verifyFile({ nome: 'r1.p7m', bytes: pki.cades(pdf, viaOcsp), trusted });
		expect(a.esito).toBe('non_valida');
		expect(controllo(a.firme[0], 'revoca')).toMatchObject({ esito: 'ko' });
		expect(controllo(a.firme[0], 'revoca')?.messaggio).toMatch(/revocato.*OCSP/);
		const crlBefore = pki.hits.crl;
		const b = await verifyFile({ nome: 'r2.p7m', bytes: pki.cades(pdf, viaCrl), trusted });
		expect(b.esito).toBe('non_valida');
		expect(controllo(b.firme[0], 'revoca')?.messaggio).toMatch(/revocato.*CRL/);
		expect(pki.hits.crl).toBe(crlBefore + 1);
		// A valid certificate with only a CRL pointer is checked through the CRL and is good.
		const good = pki.issue({ name: 'Ugo Neri', cf: 'NREUGO70A01H501X', revocation: 'crl' });
		const c = await verifyFile({ nome: 'r3.p7m', bytes: pki.cades(pdf, good), trusted });
		expect(controllo(c.firme[0], 'revoca')?.messaggio).toMatch(/non revocato \(CRL\)/);
	});

	it('revocation services unreachable: "non verificabile", never "valida"', async () => {
		const unreachable = pki.issue({ name: 'Rita Gialli', cf: 'GLLRTI70A41H501X', revocation: 'unreachable' });
		const r = await verifyFile({ nome: 'u.p7m', bytes: pki.cades(pdf, unreachable), trusted, timeoutMs: 1500 });
		expect(r.esito).toBe('non_verificabile');
		expect(controllo(r.firme[0], 'revoca')).toMatchObject({ esito: 'nv' });
		expect(controllo(r.firme[0], 'revoca')?.messaggio).toMatch(/non verificabile/i);
	});

	it('a certificate from a CA the Organismo does not trust, without non-repudiation or QC statements', async () => {
		const other = pki.otherCa('Altra CA');
		const stranger = pki.issue({ name: 'Ezio Blu', cf: 'BLUZEI70A01H501X', issuer: other });
		const r = await verifyFile({ nome: 's.p7m', bytes: pki.cades(pdf, stranger), trusted });
		expect(r.esito).toBe('non_valida');
		expect(controllo(r.firme[0], 'catena')?.esito).toBe('ko');
		const weak = pki.issue({ name: 'Elsa Blu', cf: 'BLULSE70A41H501X', keyUsage: 'digitalSignature', qc: false });
		const w = await verifyFile({ nome: 'w.p7m', bytes: pki.cades(pdf, weak), trusted });
		expect(w.esito).toBe('non_valida');
		expect(controllo(w.firme[0], 'non_ripudio')?.esito).toBe('ko');
		expect(controllo(w.firme[0], 'qualificato')?.esito).toBe('ko');
		// Without any trust anchor the chain cannot be judged.
		const none = await verifyFile({ nome: 'n.p7m', bytes: pki.cades(pdf, mario), trusted: [] });
		expect(none.esito).toBe('non_verificabile');
	});

	it('signed by someone other than the expected recipient', async () => {
		const r = await verifyFile({ nome: 'x.p7m', bytes: pki.cades(pdf, anna), trusted, attesi: ['RSSMRA80A01H501U'] });
		expect(controllo(r.firme[0], 'destinatario')?.esito).toBe('avviso');
		expect(controllo(r.firme[0], 'destinatario')?.messaggio).toContain('Anna Bianchi');
		expect(r.problemi.join(' ')).toContain('Manca la firma di: CF RSSMRA80A01H501U');
	});

	it('a file that is not signed', async () => {
		const r = await verifyFile({ nome: 'x.txt', bytes: new TextEncoder().encode('nessuna firma qui, solo testo'), trusted });
		expect(r.esito).toBe('non_firmato');
		expect(r.sintesi).toMatch(/non è firmato/);
		const p = await verifyFile({ nome: 'x.pdf', bytes: pdf, trusted });
		expect(p.esito).toBe('non_firmato');
		expect(p.sintesi).toBe('Il file non contiene firme digitali.');
	});

	it('imports the CA from a trusted-list XML (X509Certificate elements)', () => {
		const b64 = Buffer.from(pki.ca.cert.der).toString('base64');
		const xml = `<?xml version="1.0"?><tsl:TrustServiceStatusList xmlns:tsl="http://uri.etsi.org/02231/v2#"><tsl:TrustServiceProviderList><tsl:TrustServiceProvider><tsl:ServiceDigitalIdentity><tsl:DigitalId><tsl:X509Certificate>\n${b64.replace(/(.{76})/g, '$1\n')}\n</tsl:X509Certificate></tsl:DigitalId><tsl:DigitalId><X509Certificate>bm90IGEgY2VydGlmaWNhdGU=</X509Certificate></tsl:DigitalId></tsl:ServiceDigitalIdentity></tsl:TrustServiceProvider></tsl:TrustServiceProviderList></tsl:TrustServiceStatusList>`;
		const r = certificatesFromTrustedList(xml);
		expect(r.certificati).toHaveLength(1);
		expect(r.scartati).toBe(1);
	});
});
