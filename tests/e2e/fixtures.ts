import { expect, type Page } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_USERS } from '../../db/seed.ts';
import { ROLE_LABELS, type Role } from '../../db/roles.ts';

export { DEMO_PASSWORD, DEMO_USERS, ROLE_LABELS };

export function demoUser(role: Role) {
	const u = DEMO_USERS.find((x) => x.role === role);
	if (!u) throw new Error(`no demo user for ${role}`);
	return u;
}

export async function login(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
	await page.goto('/login');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Accedi' }).click();
}

export async function loginAs(page: Page, role: Role): Promise<void> {
	await login(page, demoUser(role).email);
	await expect(page.getByRole('heading', { level: 1, name: `Cruscotto — ${ROLE_LABELS[role]}` })).toBeVisible();
}

/** Collects console errors and uncaught page errors; assert it is empty at the end of a test. */
export function trackConsoleErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('console', (msg) => {
		if (msg.type() === 'error') errors.push(msg.text());
	});
	page.on('pageerror', (err) => errors.push(err.message));
	return errors;
}
