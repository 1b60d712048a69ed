import { expect, type Page } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_USERS } from '#db/seed.ts';
import { ROLE_LABELS, type Role } from '#db/auth/labels.ts';

export { DEMO_PASSWORD, DEMO_USERS, ROLE_LABELS };

export function demoUser(role: Role) {
	const u = DEMO_USERS.find((x) => x.role === role);
	if (!u) throw new Error(`no demo user for ${role}`);
	return u;
}

/**
 * Waits until SvelteKit has hydrated the page (the root layout sets body[data-hydrated]). Pages in a
 * context with JavaScript disabled never hydrate: after the timeout the plain form is used as is.
 */
export async function hydrated(page: Page, timeout = 15_000): Promise<void> {
	await page
		.locator('body[data-hydrated]')
		.waitFor({ state: 'attached', timeout })
		.catch(() => undefined);
}

export async function login(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
	await page.goto('/login');
	await hydrated(page);
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
	// Content-Security-Policy violations count as errors (Chromium logs most of them, not all).
	void page
		.addInitScript(() => {
			document.addEventListener('securitypolicyviolation', (e) =>
				console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`)
			);
		})
		.catch(() => undefined);
	page.on('console', (msg) => {
		if (msg.type() === 'error') errors.push(msg.text());
	});
	page.on('pageerror', (err) => errors.push(err.message));
	return errors;
}

/** The SQLite file of the server Playwright started (see playwright.config.ts). */
export function e2eDbPath(): string {
	const port = Number(process.env.E2E_PORT ?? 4173);
	return port === 4173 ? './data/e2e/accordo.db' : `./data/e2e-${port}/accordo.db`;
}

/** Id of a procedimento by its number, read from the e2e database (read-only). */
export async function caseIdByNumber(anno: number, numero: number): Promise<string> {
	const { default: Database } = await import('better-sqlite3');
	const db = new Database(e2eDbPath(), { readonly: true, fileMustExist: true });
	try {
		const row = db.prepare('SELECT id FROM procedimenti WHERE anno = ? AND numero = ?').get(anno, numero) as { id: string } | undefined;
		if (!row) throw new Error(`no procedimento ${anno}/${numero} in ${e2eDbPath()}`);
		return row.id;
	} finally {
		db.close();
	}
}
