import { expect, test, type Browser, type Page } from '@playwright/test';
import { caseIdByNumber, demoUser, login, loginAs, trackConsoleErrors } from './fixtures.ts';

// Co-writing the verbale: two browser contexts edit the same document live.

async function newUserPage(browser: Browser, role: Parameters<typeof loginAs>[1]): Promise<Page> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await loginAs(page, role);
	return page;
}

const editorOf = (page: Page) => page.getByRole('textbox', { name: 'Testo del verbale' });

async function waitEditable(page: Page) {
	await expect(editorOf(page)).toHaveAttribute('contenteditable', 'true');
}

test.describe.serial('verbale co-redatto', () => {
	let caseId: string;
	let verbaleUrl: string;

	test.beforeAll(async () => {
		caseId = await caseIdByNumber(2026, 1);
	});

	test('the mediator creates a verbale from a template, filled from the case and seeded once', async ({ page }) => {
		const errors = trackConsoleErrors(page);
		await loginAs(page, 'mediatore');
		await page.goto(`/procedimenti/${caseId}/verbale`);
		await expect(page.getByRole('heading', { name: 'Verbali' })).toBeVisible();
		await page.getByLabel('Modello', { exact: true }).selectOption('accordo');
		await page.getByRole('button', { name: 'Crea verbale' }).click();
		await expect(page).toHaveURL(/\/verbale\/[a-z0-9]+$/);
		verbaleUrl = new URL(page.url()).pathname;
		const editor = editorOf(page);
		await expect(editor.getByRole('heading', { name: 'Verbale di accordo' })).toHaveCount(1);
		await expect(editor).toContainText('Mario Esposito');
		await expect(editor).toContainText("Francesca D'Angelo");
		await expect(editor).toContainText('Condominio Via Padova 15');
		// Reloading (a new client) must not seed the template again.
		await page.reload();
		await waitEditable(page);
		await expect(editorOf(page).getByRole('heading', { name: 'Verbale di accordo' })).toHaveCount(1);
		expect(errors).toEqual([]);
	});

	test('two people co-edit and converge; carets and presence are visible', async ({ browser }) => {
		const med = await newUserPage(browser, 'mediatore');
		const parte = await newUserPage(browser, 'parte');
		await med.goto(verbaleUrl);
		await parte.goto(verbaleUrl);
		await waitEditable(med);
		await waitEditable(parte);

		const medName = `${demoUser('mediatore').nome} ${demoUser('mediatore').cognome}`;
		const parteName = `${demoUser('parte').nome} ${demoUser('parte').cognome}`;
		await expect(med.getByTestId('presence-user').filter({ hasText: parteName })).toBeVisible();
		await expect(parte.getByTestId('presence-user').filter({ hasText: medName })).toBeVisible();

		await editorOf(med).getByText('Letto, confermato e sottoscritto.').click();
		await med.keyboard.press('End');
		await med.keyboard.type(' Scritto dal mediatore.');
		await editorOf(parte).getByRole('heading', { name: 'Accordo raggiunto' }).click();
		await parte.keyboard.press('End');
		await parte.keyboard.type(' con modifiche della parte àèìòù');

		for (const p of [med, parte]) {
			await expect(editorOf(p)).toContainText('Letto, confermato e sottoscritto. Scritto dal mediatore.');
			await expect(editorOf(p)).toContainText('Accordo raggiunto con modifiche della parte àèìòù');
		}
		// The other person's caret carries their name.
		await expect(med.locator('.collaboration-carets__label', { hasText: parteName })).toBeVisible();
		await expect(parte.locator('.collaboration-carets__label', { hasText: medName })).toBeVisible();

		// Toolbar: bold with the keyboard shortcut and the button state.
		await med.keyboard.press('Enter');
		await med.keyboard.press('Control+b');
		await med.keyboard.type('Grassetto');
		await expect(editorOf(parte).locator('strong', { hasText: 'Grassetto' })).toBeVisible();
		await expect(med.getByRole('button', { name: /^Grassetto/ })).toHaveAttribute('aria-pressed', 'true');

		await med.context().close();
		await parte.context().close();
	});

	test('someone from another case is refused, by the page and by the collab server', async ({ page }) => {
		await login(page, 'mediatrice@demo.accordo.it'); // demo-mediatore-2: not in case 2026/1
		await expect(page).toHaveURL(/\/dashboard/);
		const res = await page.goto(verbaleUrl);
		expect(res?.status()).toBe(404);
		const docName = `verbale.${caseId}.${verbaleUrl.split('/').pop()}`;
		const outcome = await page.evaluate(
			(name) =>
				new Promise<string>((resolve) => {
					const ws = new WebSocket(`ws://${location.host}/collab/${name}`);
					ws.onopen = () => resolve('open');
					ws.onclose = (e) => resolve(`closed ${e.code}`);
				}),
			docName
		);
		expect(outcome).not.toBe('open');
	});

	test('the lock makes everyone read-only until the mediator unlocks; a PDF goes to the fascicolo', async ({ browser }) => {
		const med = await newUserPage(browser, 'mediatore');
		const parte = await newUserPage(browser, 'parte');
		await med.goto(verbaleUrl);
		await parte.goto(verbaleUrl);
		await waitEditable(med);
		await waitEditable(parte);

		await med.getByRole('button', { name: 'Blocca: versione per la firma' }).click();
		await expect(med.getByRole('status').filter({ hasText: 'Verbale bloccato' })).toBeVisible();
		for (const p of [med, parte]) {
			await expect(editorOf(p)).toHaveAttribute('contenteditable', 'false');
			await expect(p.getByText('Bloccato: versione per la firma (sola lettura)')).toBeVisible();
		}
		await expect(med.getByRole('link', { name: /Versione per la firma/ })).toBeVisible();

		await med.getByRole('button', { name: 'Esporta PDF' }).click();
		await expect(med.getByText(/PDF della versione \d+ salvato nel fascicolo/)).toBeVisible();
		await expect(med.getByRole('link', { name: 'Scarica il PDF' })).toBeVisible();

		await med.getByRole('button', { name: 'Sblocca il verbale' }).click();
		await waitEditable(parte);
		await waitEditable(med);
		await med.context().close();
		await parte.context().close();
	});

	test('restoring a named version brings its text back for everyone live and is saved as a new version; refused while locked', async ({
		browser
	}) => {
		const bozza = 'Clausola della bozza uno: rate mensili di 300 euro.';
		const scartata = 'Clausola poi scartata: pagamento in unica soluzione.';
		const med = await newUserPage(browser, 'mediatore');
		const parte = await newUserPage(browser, 'parte');
		const errors = trackConsoleErrors(med);
		// A verbale of its own, so the restore does not depend on the text the tests above left.
		await med.goto(`/procedimenti/${caseId}/verbale`);
		await med.getByLabel('Modello', { exact: true }).selectOption('accordo');
		await med.getByRole('button', { name: 'Crea verbale' }).click();
		await expect(med).toHaveURL(/\/verbale\/[a-z0-9]+$/);
		await parte.goto(new URL(med.url()).pathname);
		await waitEditable(med);
		await waitEditable(parte);

		await editorOf(med).getByText('Letto, confermato e sottoscritto.').click();
		await med.keyboard.press('End');
		await med.keyboard.press('Enter');
		await med.keyboard.type(bozza);
		// Seen by the other person, so the collab server has it when the version is taken.
		await expect(editorOf(parte)).toContainText(bozza);
		await med.getByLabel('Nome della versione').fill('Bozza 1');
		await med.getByRole('button', { name: 'Salva versione' }).click();
		await expect(med.getByRole('status').filter({ hasText: 'Salvata la versione 1 «Bozza 1».' })).toBeVisible();

		await editorOf(med).getByText(bozza).click();
		await med.keyboard.press('End');
		await med.keyboard.press('Enter');
		await med.keyboard.type(scartata);
		await expect(editorOf(parte)).toContainText(scartata);

		await med.getByRole('button', { name: 'Ripristina la versione 1 «Bozza 1»' }).click();
		await expect(med.getByRole('status').filter({ hasText: 'Ripristinata la versione 1: creata la versione 2.' })).toBeVisible();
		// The restore is an edit on the live document: both open editors change without a reload.
		for (const p of [med, parte]) {
			await expect(editorOf(p)).toContainText(bozza);
			await expect(editorOf(p)).not.toContainText(scartata);
			await expect(editorOf(p).getByText('Letto, confermato e sottoscritto.')).toHaveCount(1);
		}
		const restored = med.getByRole('link', { name: '2. Ripristino della versione 1 «Bozza 1»' });
		await expect(restored).toBeVisible();
		// Editing goes on normally after the restore.
		await editorOf(parte).getByText(bozza).click();
		await parte.keyboard.press('End');
		await parte.keyboard.type(' Visto dalla parte.');
		await expect(editorOf(med)).toContainText(`${bozza} Visto dalla parte.`);
		expect(errors).toEqual([]);

		// Locked: the restore buttons go away, and a restore posted anyway (a page opened before
		// the lock, or without JavaScript) is refused by the server.
		const versione1 = await med
			.locator('form[action="?/restore"]')
			.filter({ has: med.getByRole('button', { name: 'Ripristina la versione 1 «Bozza 1»' }) })
			.locator('input[name="versioneId"]')
			.inputValue();
		await med.getByRole('button', { name: 'Blocca: versione per la firma' }).click();
		await expect(med.getByRole('status').filter({ hasText: 'Verbale bloccato' })).toBeVisible();
		await expect(med.getByRole('button', { name: /^Ripristina la versione/ })).toHaveCount(0);
		await med.evaluate((versioneId) => {
			const form = document.createElement('form');
			form.method = 'POST';
			form.action = '?/restore';
			const input = Object.assign(document.createElement('input'), { type: 'hidden', name: 'versioneId', value: versioneId });
			form.append(input);
			document.body.append(form);
			form.submit(); // native submission, not use:enhance
		}, versione1);
		await expect(med.getByText('Il verbale è bloccato: sbloccalo prima di ripristinare una versione.')).toBeVisible();
		await expect(editorOf(med)).toContainText(`${bozza} Visto dalla parte.`);
		// No new version: 1 Bozza 1, 2 Ripristino, 3 Versione per la firma (taken by the lock).
		await expect(med.getByRole('region', { name: 'Versioni' }).getByRole('listitem')).toHaveCount(3);
		await expect(editorOf(parte)).toContainText(`${bozza} Visto dalla parte.`);

		// Version 2 holds the restored text.
		await restored.click();
		await expect(med.getByRole('heading', { name: /versione 2 «Ripristino della versione 1 «Bozza 1»»/ })).toBeVisible();
		await expect(med.locator('article')).toContainText(bozza);
		await expect(med.locator('article')).not.toContainText(scartata);

		await med.context().close();
		await parte.context().close();
	});

	test('usable on a phone: toolbar and editor fit 360 px', async ({ browser }) => {
		const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
		const page = await context.newPage();
		await loginAs(page, 'parte');
		await page.goto(verbaleUrl);
		await waitEditable(page);
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		expect(overflow).toBeLessThanOrEqual(1);
		await expect(page.getByRole('toolbar', { name: 'Formattazione del verbale' })).toBeVisible();
		await context.close();
	});

	test('logging out in another tab closes the open verbale of that session at once', async ({ browser }) => {
		const parte = await newUserPage(browser, 'parte');
		await parte.goto(verbaleUrl);
		await waitEditable(parte);
		const other = await parte.context().newPage();
		await other.goto('/dashboard');
		await other.getByRole('button', { name: 'Esci', exact: true }).click();
		await expect(other).toHaveURL(/\/login/);
		// The collab server re-checks the sessions at logout: the editor stops, it does not keep writing.
		await expect(parte.getByText('Non hai più accesso a questo verbale. Ricarica la pagina.')).toBeVisible();
		await expect(editorOf(parte)).toHaveAttribute('contenteditable', 'false');
		await parte.context().close();
	});
});
