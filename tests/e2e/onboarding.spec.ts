import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { DEMO_OPERATOR_EMAIL } from '#db/seed.ts';
import { codiceFiscaleCheckChar } from '#db/procedimenti/fiscal.ts';
import { DEMO_PASSWORD, hydrated, trackConsoleErrors } from './fixtures.ts';

// Issue #21 end to end in Chromium: the platform operator creates an Organismo with its first sede
// and invites its amministratore; the amministratore activates the account, signs in on the
// Organismo's own page /o/<slug>/login and invites a segreteria, who activates, signs in and
// registers a case. Then one person with memberships in two Organismi switches with "Cambia
// organismo" and sees only the current one's cases.

const cf = (p: string) => p + codiceFiscaleCheckChar(p);
const PASSWORD = 'Vela-Rossa-Sul-Lago-2026';
const run = Date.now().toString(36);

async function expectNoAxeViolations(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function expectNoHorizontalScroll(page: Page) {
	expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

async function fresh(browser: Browser): Promise<{ page: Page; close: () => Promise<void> }> {
	const context = await browser.newContext();
	const page = await context.newPage();
	return { page, close: () => context.close() };
}

async function signIn(page: Page, path: string, email: string, password: string) {
	await page.goto(path);
	await hydrated(page);
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Accedi' }).click();
}

/** Opens a one-time link and chooses the password; lands on the Organismo's login page. */
async function activate(page: Page, link: string, slug: string) {
	await page.goto(link);
	await hydrated(page);
	await expect(page.getByRole('heading', { name: "Attiva l'accesso" })).toBeVisible();
	await page.getByLabel('Scegli una password (almeno 10 caratteri)').fill(PASSWORD);
	await page.getByLabel('Ripeti la password').fill(PASSWORD);
	await page.getByRole('button', { name: "Attiva e vai all'accesso" }).click();
	await expect(page).toHaveURL(new RegExp(`/o/${slug}/login\\?attivato=1$`));
}

async function newCase(page: Page, oggetto: string) {
	await page.getByRole('link', { name: 'Procedimenti', exact: true }).click();
	await page.getByRole('link', { name: 'Nuovo procedimento' }).click();
	await expect(page.getByRole('heading', { name: 'Nuovo procedimento' })).toBeVisible();
	await hydrated(page);
	await page.getByLabel('Tipologia').selectOption('volontaria');
	await page.getByLabel('Materia').selectOption({ label: 'Condominio' });
	await page.getByLabel('Oggetto').fill(oggetto);
	await page.getByLabel('Importo in euro').fill('12.000,00');
	const parte = (n: number) => page.getByRole('group', { name: new RegExp(`^Parte ${n} `) });
	for (const [n, [nome, cognome, codice, pec]] of [
		[1, ['Rosa', 'Quaglia', cf('QGLRSO70A41F205'), 'rosa.quaglia@pec.it']],
		[2, ['Dario', 'Fontana', cf('FNTDRA65B12H501'), 'dario.fontana@pec.it']]
	] as const) {
		await parte(n).getByLabel('Nome', { exact: true }).fill(nome);
		await parte(n).getByLabel('Cognome', { exact: true }).fill(cognome);
		await parte(n).getByLabel('Codice fiscale', { exact: true }).fill(codice);
		await parte(n).getByLabel('PEC', { exact: true }).fill(pec);
	}
	await page.getByRole('button', { name: 'Registra il procedimento' }).click();
	await expect(page.getByRole('status')).toContainText(/Procedimento n\. \d{4}\/1 registrato\./);
}

test('the operator creates an Organismo; its amministratore and segreteria come in by invitation and register a case', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const slug = `studio-${run}`;
	const denominazione = `Organismo Studio Bianchi ${run}`;
	const adminEmail = `admin.${run}@studiobianchi.it`;
	const segEmail = `segreteria.${run}@studiobianchi.it`;

	// 1. The platform operator.
	const op = await fresh(browser);
	const opErrors = trackConsoleErrors(op.page);
	await signIn(op.page, '/login', DEMO_OPERATOR_EMAIL, DEMO_PASSWORD);
	await expect(op.page).toHaveURL(/\/piattaforma$/);
	await expect(op.page.getByRole('heading', { level: 1, name: 'Console della piattaforma' })).toBeVisible();
	await hydrated(op.page);
	for (const [label, value] of [
		['Denominazione', denominazione],
		['Numero di iscrizione al registro degli organismi', '1234'],
		['Indirizzo breve (/o/…/login)', slug],
		['Nome della prima sede', 'Sede di Bergamo'],
		['Indirizzo della sede', 'Via XX Settembre 10'],
		['Comune', 'Bergamo'],
		['Provincia (sigla)', 'BG'],
		["Email dell'amministratore", adminEmail],
		["Nome dell'amministratore", 'Chiara'],
		["Cognome dell'amministratore", 'Bianchi']
	] as const)
		await op.page.getByLabel(label, { exact: true }).fill(value);
	await op.page.getByRole('button', { name: "Crea l'organismo e invita l'amministratore" }).click();
	await expect(op.page.getByRole('status')).toContainText(`Organismo «${denominazione}» creato.`);
	const adminLink = (await op.page.getByTestId('invite-link').textContent())!.trim();
	expect(adminLink).toMatch(/\/invito\/[A-Za-z0-9_-]+$/);
	// The operator sees usage counts, never case data.
	await expect(op.page.getByRole('cell', { name: denominazione })).toBeVisible();
	await expectNoAxeViolations(op.page);
	expect(opErrors).toEqual([]);
	await op.close();

	// 2. The amministratore activates the account and signs in on the Organismo's own page.
	const adm = await fresh(browser);
	await activate(adm.page, adminLink, slug);
	await expect(adm.page.getByText(denominazione).first()).toBeVisible();
	await signIn(adm.page, `/o/${slug}/login?attivato=1`, adminEmail, PASSWORD);
	await expect(adm.page.getByRole('heading', { level: 1, name: 'Cruscotto — Amministratore' })).toBeVisible();
	await expect(adm.page.locator('header').getByText(denominazione)).toBeVisible();

	// ... and invites a segreteria.
	await adm.page.goto('/admin/utenti');
	await hydrated(adm.page);
	await adm.page.getByLabel('Email', { exact: true }).fill(segEmail);
	await adm.page.getByLabel('Nome', { exact: true }).fill('Luca');
	await adm.page.getByLabel('Cognome', { exact: true }).fill('Moretti');
	await adm.page.getByRole('combobox', { name: 'Ruolo', exact: true }).selectOption('segreteria');
	await adm.page.getByRole('button', { name: 'Invita', exact: true }).click();
	await expect(adm.page.getByRole('status')).toContainText(`Invito creato per ${segEmail}`);
	const segLink = (await adm.page.getByTestId('invite-link').textContent())!.trim();
	await expectNoAxeViolations(adm.page);
	await adm.close();

	// 3. The segreteria activates, signs in at /o/<slug>/login and registers the Organismo's first case.
	const seg = await fresh(browser);
	const segErrors = trackConsoleErrors(seg.page);
	await activate(seg.page, segLink, slug);
	await signIn(seg.page, `/o/${slug}/login`, segEmail, PASSWORD);
	await expect(seg.page.getByRole('heading', { level: 1, name: 'Cruscotto — Segreteria' })).toBeVisible();
	await newCase(seg.page, `Infiltrazioni dal lastrico solare ${run}`);
	await seg.page.setViewportSize({ width: 360, height: 800 });
	await expectNoHorizontalScroll(seg.page);
	expect(segErrors).toEqual([]);
	await seg.close();

	// A one-time link works once.
	const again = await fresh(browser);
	await again.page.goto(segLink);
	await expect(again.page.getByRole('alert')).toBeVisible();
	await again.close();
});

test('one person in two Organismi switches with "Cambia organismo" and sees only the current one\'s cases', async ({ browser }) => {
	test.setTimeout(180_000);
	// Two Organismi made by the operator, each with its own amministratore; the first invites the
	// second's amministratore as its segreteria too (same e-mail, same account, a second membership).
	const op = await fresh(browser);
	await signIn(op.page, '/login', DEMO_OPERATOR_EMAIL, DEMO_PASSWORD);
	await expect(op.page).toHaveURL(/\/piattaforma$/);
	const make = async (n: number) => {
		const slug = `doppio-${n}-${run}`;
		const denominazione = `Organismo Doppio ${n} ${run}`;
		await op.page.goto('/piattaforma');
		await hydrated(op.page);
		for (const [label, value] of [
			['Denominazione', denominazione],
			['Numero di iscrizione al registro degli organismi', `${500 + n}`],
			['Indirizzo breve (/o/…/login)', slug],
			['Nome della prima sede', `Sede ${n}`],
			['Indirizzo della sede', `Via Roma ${n}`],
			['Comune', 'Brescia'],
			['Provincia (sigla)', 'BS'],
			["Email dell'amministratore", `capo${n}.${run}@doppio.it`],
			["Nome dell'amministratore", 'Capo'],
			["Cognome dell'amministratore", `Numero${n}`]
		] as const)
			await op.page.getByLabel(label, { exact: true }).fill(value);
		await op.page.getByRole('button', { name: "Crea l'organismo e invita l'amministratore" }).click();
		await expect(op.page.getByRole('status')).toContainText('creato');
		return {
			slug,
			denominazione,
			email: `capo${n}.${run}@doppio.it`,
			link: (await op.page.getByTestId('invite-link').textContent())!.trim()
		};
	};
	const one = await make(1);
	const two = await make(2);
	await op.close();

	// The person: amministratore of "two"; registers a case there.
	const p = await fresh(browser);
	await activate(p.page, two.link, two.slug);
	await signIn(p.page, `/o/${two.slug}/login`, two.email, PASSWORD);
	await expect(p.page.getByRole('heading', { level: 1, name: 'Cruscotto — Amministratore' })).toBeVisible();

	// The amministratore of "one" invites that same e-mail as segreteria of "one".
	const a1 = await fresh(browser);
	await activate(a1.page, one.link, one.slug);
	await signIn(a1.page, `/o/${one.slug}/login`, one.email, PASSWORD);
	await expect(a1.page.getByRole('heading', { level: 1, name: 'Cruscotto — Amministratore' })).toBeVisible();
	await a1.page.goto('/admin/utenti');
	await expect(a1.page.getByRole('heading', { level: 1, name: 'Utenti e ruoli' })).toBeVisible();
	await hydrated(a1.page);
	await a1.page.getByLabel('Email', { exact: true }).fill(two.email);
	await a1.page.getByLabel('Nome', { exact: true }).fill('Capo');
	await a1.page.getByLabel('Cognome', { exact: true }).fill('Numero2');
	await a1.page.getByRole('combobox', { name: 'Ruolo', exact: true }).selectOption('segreteria');
	await a1.page.getByRole('button', { name: 'Invita', exact: true }).click();
	const joinLink = (await a1.page.getByTestId('invite-link').textContent())!.trim();
	await a1.close();

	// Already has an account: accepts without a new password, keeps the one of always.
	await p.page.goto(joinLink);
	await hydrated(p.page);
	await p.page.getByRole('button', { name: "Accetta l'invito" }).click();
	await signIn(p.page, `/o/${one.slug}/login`, two.email, PASSWORD);
	await expect(p.page.getByRole('heading', { level: 1, name: 'Cruscotto — Segreteria' })).toBeVisible();
	await expect(p.page.locator('header').getByText(one.denominazione)).toBeVisible();
	const oggettoOne = `Riparto spese ascensore ${run}`;
	await newCase(p.page, oggettoOne);

	// Switch to "two": the segreteria of "one" becomes the amministratore of "two"; "one"'s case is not there.
	await p.page.getByRole('link', { name: 'Cambia organismo' }).click();
	await expect(p.page.getByRole('heading', { level: 1, name: "Scegli l'organismo" })).toBeVisible();
	await expectNoAxeViolations(p.page);
	await p.page.getByRole('button', { name: new RegExp(`^${two.denominazione} — `) }).click();
	await expect(p.page.getByRole('heading', { level: 1, name: 'Cruscotto — Amministratore' })).toBeVisible();
	await expect(p.page.locator('header').getByText(two.denominazione)).toBeVisible();
	await p.page.goto('/procedimenti');
	await expect(p.page.getByText(oggettoOne)).toHaveCount(0);
	await expect(p.page.getByText('Nessun procedimento', { exact: false }).first()).toBeVisible();

	// Back to "one": the case is there again.
	await p.page.getByRole('link', { name: 'Cambia organismo' }).click();
	await p.page.getByRole('button', { name: new RegExp(`^${one.denominazione} — `) }).click();
	await expect(p.page.getByRole('heading', { level: 1, name: 'Cruscotto — Segreteria' })).toBeVisible();
	await p.page.goto('/procedimenti');
	await expect(p.page.getByText(oggettoOne)).toBeVisible();
	await p.close();
});
