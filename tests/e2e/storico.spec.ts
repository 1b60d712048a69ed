import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { loginAs, trackConsoleErrors, e2eDbPath } from './fixtures.ts';

// The e2e server's demo database (playwright.config.ts), opened read-only to find case 2026/1.
let caseId = '';

test.beforeAll(() => {
	const db = new Database(e2eDbPath(), { readonly: true, fileMustExist: true });
	try {
		const row = db.prepare('SELECT id FROM procedimenti WHERE anno = 2026 AND numero = 1').get() as { id: string } | undefined;
		if (!row) throw new Error('demo case 2026/1 not found');
		caseId = row.id;
	} finally {
		db.close();
	}
});

test('segreteria reads the Storico of case 2026/1 with the verified audit chain', async ({ page }) => {
	const errors = trackConsoleErrors(page);
	await loginAs(page, 'segreteria');
	await page.goto(`/procedimenti/${caseId}`);
	await page.getByRole('navigation', { name: 'Sezioni del procedimento' }).getByRole('link', { name: 'Storico' }).click();
	await expect(page).toHaveURL(new RegExp(`/procedimenti/${caseId}/storico$`));
	await expect(page.getByRole('heading', { level: 2, name: 'Storico del procedimento' })).toBeVisible();
	await expect(page.getByText('Registro integro')).toBeVisible();

	const eventi = page.getByRole('list', { name: 'Eventi del procedimento, dal più recente' });
	const creato = eventi.getByRole('listitem').filter({ hasText: 'Procedimento registrato' });
	await expect(creato).toHaveCount(1);
	// Actor name from the users table, details in Italian, date and time in Italy.
	await expect(creato).toContainText('(Segreteria)');
	await expect(creato.locator('dl > div').first()).toHaveText(/^Numero:\s*2026\/1$/);
	await expect(creato.locator('time')).toHaveText(/^\d{1,2} [a-z]{3} \d{4}, \d{2}:\d{2}:\d{2}$/);
	await expect(creato).not.toContainText('{'); // no raw JSON

	const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

	// Usable at 360 px: nothing wider than the screen.
	await page.setViewportSize({ width: 360, height: 740 });
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	expect(errors).toEqual([]);
});

test('a party of the case and its mediator cannot open the Storico', async ({ page }) => {
	for (const role of ['parte', 'mediatore'] as const) {
		await page.context().clearCookies();
		await loginAs(page, role);
		const res = await page.goto(`/procedimenti/${caseId}/storico`);
		expect([403, 404], role).toContain(res?.status());
		await expect(page.getByText('Procedimento registrato')).toHaveCount(0);
		// The tab is not offered either.
		await page.goto(`/procedimenti/${caseId}`);
		await expect(page.getByRole('link', { name: 'Storico', exact: true })).toHaveCount(0);
	}
});
