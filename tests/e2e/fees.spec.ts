import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { and, eq } from 'drizzle-orm';
import { closeDb, openDb } from '#db/client.ts';
import { ensureDefaultTariffe } from '#db/fees/repo.ts';
import { procedimenti } from '#db/schema.ts';
import { DEMO_ORGANISMO_ID } from '#db/seed.ts';
import { loginAs, trackConsoleErrors, e2eDbPath } from './fixtures.ts';

// The demo database of the e2e server (playwright.config.ts): case 2026/1 is obbligatoria,
// value 18.500,00 €, two centri di interesse, filed 2026-11-02 -> DM 150/2023.
let caseId = '';

test.beforeAll(() => {
	const db = openDb(e2eDbPath());
	try {
		// No-op once db/organismi/reference-data.ts calls it at startup; keeps this spec independent of that wiring.
		ensureDefaultTariffe(db, DEMO_ORGANISMO_ID);
		const row = db
			.select({ id: procedimenti.id })
			.from(procedimenti)
			.where(and(eq(procedimenti.organismoId, DEMO_ORGANISMO_ID), eq(procedimenti.anno, 2026), eq(procedimenti.numero, 1)))
			.get();
		if (!row) throw new Error('demo case 2026/1 not found');
		caseId = row.id;
	} finally {
		closeDb(db);
	}
});

async function seriousViolations(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('segreteria sees the DM 150/2023 computation step by step and recomputes for another fase', async ({ page }) => {
	const errors = trackConsoleErrors(page);
	await loginAs(page, 'segreteria');
	await page.goto(`/procedimenti/${caseId}`);
	await page.getByRole('link', { name: 'Indennità', exact: true }).click();
	await expect(page).toHaveURL(new RegExp(`/procedimenti/${caseId}/indennita$`));

	const tariffa = page.getByRole('region', { name: 'Tariffa applicata' });
	await expect(tariffa).toContainText('DM 150/2023');
	await expect(tariffa).toContainText('in vigore dal 15/11/2023');
	await expect(tariffa.getByText('Provvisoria', { exact: true })).toBeVisible();
	await expect(tariffa).toContainText('non sono ancora stati verificati');
	const dati = page.getByRole('region', { name: 'Dati per il calcolo' });
	await expect(dati).toContainText('da 10.000,01 a 25.000,00 €');

	const steps = page.getByRole('table', { name: 'Calcolo dell’indennità passo per passo' });
	await expect(steps).toContainText('Spese di avvio: 75,00 € × 2 parti');
	await expect(steps).toContainText('Riduzione di un quinto (mediazione obbligatoria): −15,00 €');
	await expect(steps).toContainText('IVA 22% su 156,00 €: 34,32 €');
	const totali = page.getByRole('table', { name: 'Totali dell’indennità' });
	await expect(totali.getByRole('row', { name: /Totale per 2 parti/ })).toContainText('380,64 €');

	await page.getByLabel('Fase del procedimento').selectOption('accordo_successivo');
	await page.getByLabel('Maggiorazione per complessità (%)').fill('10');
	await page.getByRole('button', { name: 'Calcola' }).click();
	await expect(page).toHaveURL(/fase=accordo_successivo/);
	await expect(steps).toContainText('Importo della tabella ridotto: 352,00 €');
	await expect(steps).toContainText('Maggiorazione 25% (accordo in un incontro successivo al primo) su 352,00 €: +88,00 €');
	await expect(steps).toContainText('+35,20 €');
	await expect(steps).toContainText('Detratte le spese per il primo incontro: −96,00 €');
	await expect(totali.getByRole('row', { name: /Totale per parte/ })).toContainText('652,94 €');
	await expect(totali.getByRole('row', { name: /Totale per 2 parti/ })).toContainText('1.305,88 €');
	expect(await seriousViolations(page)).toEqual([]);

	// Out of range: Italian message, the typed value stays, no computation shown.
	await page.getByLabel('Maggiorazione per complessità (%)').fill('30');
	await page.getByRole('button', { name: 'Calcola' }).click();
	await expect(page.getByText('La maggiorazione per complessità non può superare il 20%.')).toBeVisible();
	await expect(page.getByLabel('Maggiorazione per complessità (%)')).toHaveValue('30');
	await expect(page.getByLabel('Maggiorazione per complessità (%)')).toHaveAttribute('aria-invalid', 'true');
	await expect(steps).toHaveCount(0);
	expect(errors).toEqual([]);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });
	test('the calculator form works as a plain GET form', async ({ page }) => {
		await page.goto('/login');
		await page.getByLabel('Email').fill('mediatore@demo.accordo.it');
		await page.getByLabel('Password').fill('Accordo.Demo.2026');
		await page.getByRole('button', { name: 'Accedi' }).click();
		await page.goto(`/procedimenti/${caseId}/indennita`);
		await page.getByLabel('Fase del procedimento').selectOption('primo_incontro_senza_accordo');
		await page.getByRole('button', { name: 'Calcola' }).click();
		await expect(page).toHaveURL(/fase=primo_incontro_senza_accordo/);
		await expect(page.getByText('Non è dovuto alcun importo ulteriore')).toBeVisible();
		const totali = page.getByRole('table', { name: 'Totali dell’indennità' });
		await expect(totali.getByRole('row', { name: /Totale per 2 parti/ })).toContainText('380,64 €');
	});
});

test('the case mediator sees the tab; a party and a lawyer of the case get 403', async ({ page }) => {
	await loginAs(page, 'mediatore');
	let res = await page.goto(`/procedimenti/${caseId}/indennita`);
	expect(res?.status()).toBe(200);
	await expect(page.getByRole('region', { name: 'Tariffa applicata' })).toContainText('DM 150/2023');

	for (const role of ['parte', 'avvocato'] as const) {
		await page.context().clearCookies();
		await loginAs(page, role);
		res = await page.goto(`/procedimenti/${caseId}/indennita`);
		expect(res?.status()).toBe(403);
		await expect(page.getByRole('heading', { name: 'Accesso non consentito' })).toBeVisible();
		await expect(page.getByText('visibili solo alla segreteria e al mediatore')).toBeVisible();
		// The tab is not offered to them either.
		await page.goto(`/procedimenti/${caseId}`);
		await expect(page.getByRole('link', { name: 'Indennità', exact: true })).toHaveCount(0);
	}
});

test.describe('on a 360 px phone', () => {
	test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
	test('the computation fits the screen and stays accessible', async ({ page }) => {
		await loginAs(page, 'segreteria');
		await page.goto(`/procedimenti/${caseId}/indennita?fase=accordo_successivo&complessita=10`);
		await expect(page.getByRole('table', { name: 'Calcolo dell’indennità passo per passo' })).toContainText('+35,20 €');
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		expect(overflow).toBeLessThanOrEqual(0);
		expect(await seriousViolations(page)).toEqual([]);
	});
});
