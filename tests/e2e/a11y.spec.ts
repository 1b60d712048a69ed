import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_USERS, login, loginAs } from './fixtures.ts';

async function seriousViolations(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('login page has no serious accessibility violations', async ({ page }) => {
	await page.goto('/login');
	expect(await seriousViolations(page)).toEqual([]);
});

for (const u of DEMO_USERS) {
	test(`dashboard of ${u.role} (${u.email}) has no serious accessibility violations`, async ({ page }) => {
		await login(page, u.email);
		await expect(page.getByRole('heading', { level: 1, name: /^Cruscotto/ })).toBeVisible();
		expect(await seriousViolations(page)).toEqual([]);
	});
}

test('admin pages have no serious accessibility violations', async ({ page }) => {
	await loginAs(page, 'amministratore');
	for (const path of ['/admin/utenti', '/admin/registro', '/admin/operazioni', '/account']) {
		await page.goto(path);
		expect(await seriousViolations(page), path).toEqual([]);
	}
});

test.describe('on a 360 px phone', () => {
	test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

	test('login and dashboard fit the screen and the menu works by keyboard', async ({ page }) => {
		await loginAs(page, 'segreteria');
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		expect(overflow).toBeLessThanOrEqual(0);
		const toggle = page.getByRole('button', { name: 'Menu' });
		await expect(page.getByRole('link', { name: 'Il mio account' })).toBeHidden();
		await toggle.focus();
		await page.keyboard.press('Enter');
		await expect(toggle).toHaveAttribute('aria-expanded', 'true');
		await page.getByRole('link', { name: 'Il mio account' }).click();
		await expect(page.getByRole('heading', { name: 'Il mio account' })).toBeVisible();
		expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
	});
});
