import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codiceFiscaleCheckChar } from '#db/procedimenti/fiscal.ts';
import { startTestPki, type PkiCert, type TestPki } from '../helpers/pki.ts';
import { caseIdByNumber, loginAs, trackConsoleErrors } from './fixtures.ts';

// Issue #14 end to end, in Chromium against the built app: the amministratore trusts the test CA
// (made with OpenSSL); the mediator locks and exports the verbale di accordo and starts the signing
// process (recipients prefilled from the case); the party uploads a CAdES .p7m made with OpenSSL
// (a tampered one first, refused in Italian); the lawyer signs remotely with an OTP through the
// local CSC-shaped provider; the panel follows live; the mediator verifies and signs last; the
// final PDF and the rapporto di verifica download. The provider reads its credentials from the
// directory the server was started with (playwright.config.ts) and writes each OTP there.

const PORT = Number(process.env.E2E_PORT ?? 4173);
const PROVIDER_DIR = PORT === 4173 ? './data/e2e/firma-provider' : `./data/e2e-${PORT}/firma-provider`;
const cf = (first15: string) => first15 + codiceFiscaleCheckChar(first15);
const CF = {
	parte: cf('SPSMRA70A01F205'), // Mario Esposito, as in the demo seed
	avvocato: cf('DNGFNC80A41F205'),
	mediatore: cf('DLLNCC75C01F205')
};

async function seriousViolations(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function pageAs(browser: Browser, role: Parameters<typeof loginAs>[1]): Promise<Page> {
	const page = await (await browser.newContext()).newPage();
	await loginAs(page, role);
	return page;
}

function writeCredential(id: string, c: PkiCert) {
	mkdirSync(join(PROVIDER_DIR, 'credenziali'), { recursive: true });
	writeFileSync(
		join(PROVIDER_DIR, 'credenziali', `${id}.json`),
		JSON.stringify({ id, nome: c.name, codiceFiscale: c.cf, certificatePem: c.pem, keyPem: readFileSync(c.keyPath, 'utf8') })
	);
}

/** The OTP the provider "sent" (written to its directory), waited for after the click. */
async function otpOf(credentialId: string): Promise<string> {
	const path = join(PROVIDER_DIR, 'otp', `${credentialId}.txt`);
	await expect.poll(() => existsSync(path), { timeout: 15_000 }).toBe(true);
	const otp = readFileSync(path, 'utf8').trim();
	rmSync(path);
	return otp;
}

async function download(page: Page, name: string | RegExp): Promise<Buffer> {
	const wait = page.waitForEvent('download');
	await page.getByRole('link', { name }).click();
	return readFileSync(await (await wait).path());
}

const fits = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test.describe.serial('firma digitale del verbale', () => {
	let pki: TestPki;
	let certs: Record<keyof typeof CF, PkiCert>;
	let caseId: string;
	let panelUrl: string;

	test.beforeAll(async () => {
		caseId = await caseIdByNumber(2026, 1);
		pki = await startTestPki();
		certs = {
			parte: pki.issue({ name: 'Mario Esposito', cf: CF.parte }),
			avvocato: pki.issue({ name: "Francesca D'Angelo", cf: CF.avvocato }),
			mediatore: pki.issue({ name: 'Niccolò Della Valle', cf: CF.mediatore })
		};
		rmSync(PROVIDER_DIR, { recursive: true, force: true });
		writeCredential('cred-avvocato', certs.avvocato);
		writeCredential('cred-mediatore', certs.mediatore);
	});

	test.afterAll(async () => {
		await pki?.close();
	});

	test('the amministratore adds the test CA to the trust store', async ({ page }) => {
		const errors = trackConsoleErrors(page);
		await loginAs(page, 'amministratore');
		await page.getByRole('link', { name: 'Firma digitale' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Firma digitale: autorità fidate' })).toBeVisible();
		await page
			.getByLabel(/Certificato \(.pem/)
			.setInputFiles({ name: 'notacert.pem', mimeType: 'text/plain', buffer: Buffer.from('ciao') });
		await page.getByRole('button', { name: 'Importa' }).click();
		await expect(page.getByRole('alert')).toHaveText('«notacert.pem» non contiene certificati leggibili.');
		await page.getByLabel(/Certificato \(.pem/).setInputFiles({
			name: 'accordo-test-ca.pem',
			mimeType: 'application/x-pem-file',
			buffer: Buffer.from(pki.ca.cert.pem)
		});
		await page.getByRole('button', { name: 'Importa' }).click();
		await expect(page.getByRole('status')).toHaveText('«accordo-test-ca.pem»: aggiunto 1 certificato.');
		await expect(page.getByText('Accordo Test Qualified CA', { exact: false }).first()).toBeVisible();
		expect(await seriousViolations(page)).toEqual([]);
		expect(errors).toEqual([]);
	});

	test('the mediator locks and exports the verbale, then starts the signing process with the recipients prefilled', async ({ page }) => {
		const errors = trackConsoleErrors(page);
		await loginAs(page, 'mediatore');
		await page.goto(`/procedimenti/${caseId}/verbale`);
		await page.getByLabel('Modello', { exact: true }).selectOption('accordo');
		await page.getByRole('button', { name: 'Crea verbale' }).click();
		await expect(page).toHaveURL(/\/verbale\/[a-z0-9]+$/);
		await expect(page.getByRole('textbox', { name: 'Testo del verbale' })).toHaveAttribute('contenteditable', 'true');
		await page.getByRole('button', { name: 'Blocca: versione per la firma' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Verbale bloccato' })).toBeVisible();
		await page.getByRole('button', { name: 'Esporta PDF' }).click();
		await expect(page.getByText(/PDF della versione \d+ salvato nel fascicolo/)).toBeVisible();

		await page.getByRole('link', { name: 'Firma', exact: true }).click();
		await expect(page.getByRole('heading', { name: 'Firma digitale' })).toBeVisible();
		expect(await seriousViolations(page)).toEqual([]);
		await page.getByRole('link', { name: 'Avvia un processo di firma' }).click();
		await expect(page.getByRole('heading', { name: 'Nuovo processo di firma' })).toBeVisible();
		// The locked verbale's export is proposed first.
		await expect(page.getByLabel('Documento da firmare').locator('option:checked')).toContainText('(bloccato)');
		const rows = page.getByTestId('destinatario');
		await expect(rows).toHaveCount(3);
		await expect(rows.nth(0).getByLabel('Nome e cognome')).toHaveValue('Mario Esposito');
		await expect(rows.nth(0).getByLabel('Codice fiscale')).toHaveValue(CF.parte);
		await expect(rows.nth(1).getByLabel('Nome e cognome')).toHaveValue("Francesca D'Angelo");
		await expect(rows.nth(1).getByLabel('Qualifica')).toHaveValue('Avvocato');
		await expect(rows.nth(2).getByLabel('Nome e cognome')).toHaveValue('Niccolò Della Valle');
		await expect(rows.nth(2).getByLabel('Ordine')).toHaveValue('2');
		expect(await seriousViolations(page)).toEqual([]);

		// A wrong codice fiscale: an Italian message, nothing started.
		await rows.nth(1).getByLabel('Codice fiscale').fill('DNGFNC80A41F205A');
		await page.getByRole('button', { name: 'Avvia il processo e invia le richieste di firma' }).click();
		await expect(page.getByRole('alert').first()).toContainText('Codice fiscale «DNGFNC80A41F205A»');
		await expect(page).toHaveURL(/\/firma\/nuovo/);

		await rows.nth(1).getByLabel('Codice fiscale').fill(CF.avvocato);
		await rows.nth(2).getByLabel('Codice fiscale').fill(CF.mediatore);
		await page.getByLabel('Sollecito ogni (giorni, 0 = mai)').fill('1');
		await page.getByRole('button', { name: 'Avvia il processo e invia le richieste di firma' }).click();
		await page.waitForURL((u) => /\/firma\/[a-z0-9]+$/.test(u.pathname) && !u.pathname.endsWith('/nuovo'));
		panelUrl = new URL(page.url()).pathname;
		await expect(page.getByTestId('riepilogo')).toContainText('0 di 3 firme');
		await expect(page.getByTestId('stato-destinatario')).toHaveCount(3);
		await expect(page.getByTestId('stato-destinatario').first()).toHaveAttribute('data-stato', 'inviato');
		await expect(page.getByText('Processo di firma avviato: 3 destinatari')).toBeVisible();
		expect(await seriousViolations(page)).toEqual([]);
		expect(errors).toEqual([]);
	});

	test('the party uploads a .p7m made with OpenSSL (a tampered one is refused), the lawyer signs remotely with OTP; the panel follows live', async ({
		browser
	}) => {
		const med = await pageAs(browser, 'mediatore');
		await med.goto(panelUrl);
		await med.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
		const stato = (name: string) => med.getByTestId('stato-destinatario').filter({ hasText: name });

		// The party opens the page: "visto" on the panel.
		const parte = await pageAs(browser, 'parte');
		const parteErrors = trackConsoleErrors(parte);
		await parte.goto(`/procedimenti/${caseId}/firma`);
		await parte.getByRole('link', { name: /Verbale di accordo/ }).click();
		await expect(parte.getByTestId('stato-mio')).toHaveText('Visto');
		await expect(stato('Mario Esposito')).toHaveAttribute('data-stato', 'visto');
		expect(await seriousViolations(parte)).toEqual([]);

		const pdf = await download(parte, 'Scarica il documento (PDF)');
		expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		const p7m = pki.cades(pdf, certs.parte);
		// Tampered: one byte of the signed content changed.
		const tampered = Buffer.from(p7m);
		const at = tampered.indexOf('%PDF-') + 200;
		tampered[at] = tampered[at] ^ 0x01;
		const file = parte.getByLabel('File firmato (.pdf o .p7m)');
		await file.setInputFiles({ name: 'verbale.pdf.p7m', mimeType: 'application/pkcs7-mime', buffer: tampered });
		await parte.getByRole('button', { name: 'Carica il file firmato' }).click();
		await expect(parte.locator('#file-err')).toContainText('La firma non è valida');
		await expect(parte.getByTestId('stato-mio')).toHaveText('Visto');

		await file.setInputFiles({ name: 'verbale.pdf.p7m', mimeType: 'application/pkcs7-mime', buffer: Buffer.from(p7m) });
		await parte.getByRole('button', { name: 'Carica il file firmato' }).click();
		await expect(parte.getByRole('status').filter({ hasText: 'File firmato accettato' })).toBeVisible();
		await expect(parte.getByTestId('rapporto-caricamento')).toContainText('Mario Esposito');
		await expect(parte.getByTestId('stato-mio')).toHaveText('Firmato');
		// Live on the mediator's panel, without reloading it.
		await expect(stato('Mario Esposito')).toHaveAttribute('data-stato', 'firmato', { timeout: 15_000 });
		await expect(stato('Mario Esposito')).toContainText(`CF ${CF.parte}`);
		await expect(stato('Mario Esposito')).toContainText('Accordo Test Qualified CA');
		expect(parteErrors).toEqual([]);

		// The lawyer: remote signature with the OTP the provider sends.
		const avv = await pageAs(browser, 'avvocato');
		const avvErrors = trackConsoleErrors(avv);
		await avv.goto(`/procedimenti/${caseId}/firma`);
		await avv.getByRole('link', { name: /Verbale di accordo/ }).click();
		await avv.getByRole('button', { name: 'Invia il codice OTP' }).click();
		await expect(avv.getByLabel('Codice OTP ricevuto')).toBeVisible();
		// A wrong OTP: refused, nothing signed, the OTP field stays.
		const otp = await otpOf('cred-avvocato');
		await avv.getByLabel('Codice OTP ricevuto').fill(otp === '000000' ? '111111' : '000000');
		await avv.getByRole('button', { name: 'Firma il documento' }).click();
		await expect(avv.getByRole('alert')).toContainText('Codice OTP errato o scaduto.');
		await expect(stato("Francesca D'Angelo")).toHaveAttribute('data-stato', 'visto');
		// A new code can be asked for; the right one signs.
		await avv.getByRole('button', { name: 'Invia un nuovo codice' }).click();
		await expect(avv.getByRole('alert')).toHaveCount(0); // the answer arrived: the form is the new one
		await avv.getByLabel('Codice OTP ricevuto').fill(await otpOf('cred-avvocato'));
		await avv.getByRole('button', { name: 'Firma il documento' }).click();
		await expect(avv.getByRole('status').filter({ hasText: 'Documento firmato' })).toBeVisible();
		await expect(stato("Francesca D'Angelo")).toHaveAttribute('data-stato', 'firmato', { timeout: 15_000 });
		await expect(med.getByTestId('riepilogo')).toContainText('2 di 3 firme');
		expect(await med.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
		expect(avvErrors).toEqual([]);

		await avv.setViewportSize({ width: 360, height: 740 });
		expect(await fits(avv)).toBeLessThanOrEqual(0);
		for (const p of [med, parte, avv]) await p.context().close();
	});

	test('the mediator verifies the signatures and signs last; the final PDF and the rapporto download', async ({ page }) => {
		const errors = trackConsoleErrors(page);
		await loginAs(page, 'mediatore');
		await page.goto(panelUrl);
		await page.getByRole('button', { name: 'Verifica le firme' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Verifica superata' })).toBeVisible();
		await page.getByRole('link', { name: 'Firma ora' }).click();
		await page.getByRole('button', { name: 'Invia il codice OTP' }).click();
		await page.getByLabel('Codice OTP ricevuto').fill(await otpOf('cred-mediatore'));
		await page.getByRole('button', { name: 'Firma il documento' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Documento firmato' })).toBeVisible();

		await page.goto(panelUrl);
		await expect(page.getByTestId('riepilogo')).toContainText('Completato e depositato');
		await expect(page.getByTestId('riepilogo')).toContainText('3 di 3 firme');
		await expect(page.getByText('Documento firmato da tutti e depositato presso la segreteria.')).toBeVisible();
		const finale = await download(page, 'Scarica il documento corrente');
		// Two PAdES signatures accumulated by incremental updates (the party's is the .p7m beside it).
		expect(finale.toString('latin1').match(/\/ByteRange\s*\[/g)?.length).toBe(2);

		await page.getByRole('link', { name: 'Rapporto di verifica' }).click();
		await expect(page.getByTestId('esito-rapporto')).toContainText('Valida');
		await expect(page.getByTestId('firma-rapporto')).toHaveCount(3);
		for (const name of ['Mario Esposito', "Francesca D'Angelo", 'Niccolò Della Valle'])
			await expect(page.getByTestId('firma-rapporto').filter({ hasText: name })).toContainText('Valida');
		expect(await seriousViolations(page)).toEqual([]);
		const rapporto = await download(page, 'Scarica il rapporto (PDF)');
		expect(rapporto.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		expect(errors).toEqual([]);
	});
});
