import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { samplePdf } from '../helpers/documents-samples.ts';
import { startTestPki, type TestPki } from '../helpers/pki.ts';
import { caseIdByNumber, loginAs, trackConsoleErrors } from './fixtures.ts';

// Issue #14, recipients without an account: the segreteria starts a signing process on a PDF of
// demo case 2026/2 (its parties have no account; its own case, so firma.spec's locked verbale of
// 2026/1 is untouched); each party opens their personal link in a browser without signing in;
// one signs one-shot (identification, a certificate issued on the spot by the local provider's
// test CA, OTP), the other refuses and the segreteria is told; a forged link and the links of a
// cancelled process are refused with an Italian message.

const PORT = Number(process.env.E2E_PORT ?? 4173);
const PROVIDER_DIR = PORT === 4173 ? './data/e2e/firma-provider' : `./data/e2e-${PORT}/firma-provider`;

async function seriousViolations(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function anonymous(browser: Browser): Promise<Page> {
	return (await browser.newContext()).newPage();
}

const fits = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test.describe.serial('firma con link personale, senza account', () => {
	let pki: TestPki;
	let caseId: string;
	let panelUrl: string;
	const links: Record<string, string> = {};

	test.beforeAll(async () => {
		caseId = await caseIdByNumber(2026, 2);
		pki = await startTestPki();
		// The local provider's CA issues the one-shot certificates (read by the server on each request).
		mkdirSync(PROVIDER_DIR, { recursive: true });
		writeFileSync(
			join(PROVIDER_DIR, 'ca.json'),
			JSON.stringify({
				certificatePem: pki.ca.cert.pem,
				keyPem: readFileSync(pki.ca.cert.keyPath, 'utf8'),
				crlUrl: `${pki.baseUrl}/ca.crl?ca=${pki.ca.dir.split('/').pop()}`
			})
		);
	});

	test.afterAll(async () => {
		rmSync(join(PROVIDER_DIR, 'ca.json'), { force: true });
		await pki?.close();
	});

	test('the segreteria starts a process on case 2026/2 and sees each party’s personal link', async ({ page }) => {
		const errors = trackConsoleErrors(page);
		await loginAs(page, 'amministratore');
		await page.goto('/admin/firma');
		await page.getByLabel(/Certificato \(.pem/).setInputFiles({
			name: 'accordo-test-ca-link.pem',
			mimeType: 'application/x-pem-file',
			buffer: Buffer.from(pki.ca.cert.pem)
		});
		await page.getByRole('button', { name: 'Importa' }).click();
		await expect(page.getByRole('status')).toContainText('«accordo-test-ca-link.pem»');
		await page.context().clearCookies();

		await loginAs(page, 'segreteria');
		await page.goto(`/procedimenti/${caseId}/documenti`);
		const form = page.locator('form.upload').first();
		await form.getByLabel(/Trascina qui i file/).setInputFiles({
			name: 'accordo-arredi.pdf',
			mimeType: 'application/pdf',
			buffer: Buffer.from(await samplePdf('Accordo sulla fornitura di arredi'))
		});
		await form.getByLabel('Titolo (facoltativo)').fill('Accordo arredi');
		await form.getByRole('button', { name: 'Carica', exact: true }).click();
		await expect(page.getByRole('heading', { name: 'Accordo arredi', level: 4 })).toBeVisible();

		await page.goto(`/procedimenti/${caseId}/firma/nuovo`);
		await page.getByLabel('Documento da firmare').selectOption({ label: 'Accordo arredi — accordo-arredi.pdf' });
		const rows = page.getByTestId('destinatario');
		await expect(rows.nth(0).getByLabel('Nome e cognome')).toHaveValue('Giulia Ricci');
		await expect(rows.nth(1).getByLabel('Nome e cognome')).toHaveValue('Luca Bianchi');
		// No mediator is assigned to 2026/2 yet: the mediator is added by hand, last.
		await page.getByRole('button', { name: 'Aggiungi un destinatario' }).click();
		const last = rows.last();
		await last.getByLabel('Nome e cognome').fill('Niccolò Della Valle');
		await last.getByLabel('Qualifica').fill('Mediatore');
		await last.getByLabel('Ordine').selectOption('2');
		await page.getByRole('button', { name: 'Avvia il processo e invia le richieste di firma' }).click();
		await page.waitForURL((u) => /\/firma\/[a-z0-9]+$/.test(u.pathname) && !u.pathname.endsWith('/nuovo'));
		panelUrl = new URL(page.url()).pathname;
		const row = (name: string) => page.getByTestId('stato-destinatario').filter({ hasText: name });
		for (const name of ['Giulia Ricci', 'Luca Bianchi']) {
			links[name] = await row(name).getByLabel('Link personale di firma (senza account)').inputValue();
			expect(links[name]).toMatch(/\/firma\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
		}
		expect(links['Giulia Ricci']).not.toBe(links['Luca Bianchi']);
		expect(await seriousViolations(page)).toEqual([]);
		expect(errors).toEqual([]);
	});

	test('Giulia Ricci, without an account, signs one-shot through her link (a wrong OTP first)', async ({ browser }) => {
		const page = await anonymous(browser);
		const errors = trackConsoleErrors(page);
		await page.goto(new URL(links['Giulia Ricci']).pathname);
		await expect(page.getByRole('heading', { level: 1, name: 'Documento da firmare' })).toBeVisible();
		await expect(page.getByText('link personale per Giulia Ricci')).toBeVisible();
		await expect(page.getByTestId('stato-mio')).toHaveText('Visto');
		expect(await seriousViolations(page)).toEqual([]);

		const wait = page.waitForEvent('download');
		await page.getByRole('link', { name: 'Scarica il documento (PDF)' }).click();
		const pdf = readFileSync(await (await wait).path());
		expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

		await page.getByLabel('Firma one-shot (certificato rilasciato ora)').check();
		await page.getByLabel('Identificazione per la one-shot').selectOption('CIE');
		await page.getByRole('button', { name: 'Invia il codice OTP' }).click();
		await expect(page.getByRole('status')).toContainText('Identificazione con CIE riuscita');
		const credentialId = await page.locator('input[name="credentialId"]').inputValue();
		expect(credentialId).toMatch(/^oneshot-/);
		const otpPath = join(PROVIDER_DIR, 'otp', `${credentialId}.txt`);
		await expect.poll(() => existsSync(otpPath)).toBe(true);
		const otp = readFileSync(otpPath, 'utf8').trim();
		await page.getByLabel('Codice OTP ricevuto').fill(otp === '000000' ? '111111' : '000000');
		await page.getByRole('button', { name: 'Firma il documento' }).click();
		await expect(page.getByRole('alert')).toContainText('Codice OTP errato o scaduto.');
		await expect(page.getByTestId('stato-mio')).toHaveText('Visto');
		await page.getByLabel('Codice OTP ricevuto').fill(otp);
		await page.getByRole('button', { name: 'Firma il documento' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Documento firmato' })).toBeVisible();
		await expect(page.getByTestId('stato-mio')).toHaveText('Firmato');

		await page.setViewportSize({ width: 360, height: 740 });
		expect(await fits(page)).toBeLessThanOrEqual(0);
		expect(errors).toEqual([]);
		await page.context().close();
		expect(readdirSync(join(PROVIDER_DIR, 'otp')).length).toBeGreaterThan(0);
	});

	test('Luca Bianchi refuses through his link; the segreteria sees it on the panel and is notified', async ({ browser, page }) => {
		const luca = await anonymous(browser);
		await luca.goto(new URL(links['Luca Bianchi']).pathname);
		await luca.getByLabel('Motivo del rifiuto').fill('La clausola sulla consegna non corrisponde a quanto concordato.');
		await luca.getByRole('button', { name: 'Rifiuto di firmare' }).click();
		await expect(luca.getByRole('status')).toContainText('il mediatore e la segreteria sono stati avvisati');
		await expect(luca.getByTestId('stato-mio')).toHaveText('Rifiutato');
		await luca.context().close();

		await loginAs(page, 'segreteria');
		await page.goto(panelUrl);
		const row = (name: string) => page.getByTestId('stato-destinatario').filter({ hasText: name });
		await expect(row('Giulia Ricci')).toHaveAttribute('data-stato', 'firmato');
		await expect(row('Giulia Ricci')).toContainText('Accordo Test Qualified CA');
		await expect(row('Luca Bianchi')).toHaveAttribute('data-stato', 'rifiutato');
		await expect(row('Luca Bianchi')).toContainText('La clausola sulla consegna');
		await page.goto('/scadenze/notifiche');
		await expect(page.getByText('Firma rifiutata').first()).toBeVisible();
	});

	test('a forged link and the links of a cancelled process are refused with an Italian message', async ({ browser, page }) => {
		const anon = await anonymous(browser);
		const giulia = new URL(links['Giulia Ricci']).pathname;
		const forged = giulia.slice(0, -3) + (giulia.endsWith('AAA') ? 'BBB' : 'AAA');
		const r1 = await anon.goto(forged);
		expect(r1?.status()).toBe(404);
		await expect(anon.getByText('Il link per la firma non è valido.')).toBeVisible();

		await loginAs(page, 'segreteria');
		await page.goto(panelUrl);
		await page.getByLabel("Motivo dell'annullamento").fill('Documento da rivedere');
		await page.getByRole('button', { name: 'Annulla il processo' }).click();
		await expect(page.getByRole('status')).toContainText('Processo di firma annullato');

		const r2 = await anon.goto(giulia);
		expect(r2?.status()).toBe(410);
		await expect(anon.getByText('il processo di firma è stato annullato')).toBeVisible();
		// The download through the link is refused too.
		const r3 = await anon.request.get(`${giulia}/documento`);
		expect(r3.status()).toBe(410);
		await anon.context().close();
	});
});
