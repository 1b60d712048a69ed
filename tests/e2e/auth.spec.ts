import { expect, test } from '@playwright/test';
import { DEMO_USERS, ROLE_LABELS, demoUser, login, loginAs, trackConsoleErrors } from './fixtures.ts';

test.describe('login and dashboards', () => {
	for (const u of DEMO_USERS) {
		test(`${u.role} (${u.email}) logs in and sees the dashboard`, async ({ page }) => {
			const errors = trackConsoleErrors(page);
			await login(page, u.email);
			await expect(page).toHaveURL(/\/dashboard$/);
			await expect(page.getByRole('heading', { level: 1, name: `Cruscotto — ${ROLE_LABELS[u.role]}` })).toBeVisible();
			await expect(page.getByText(`${u.nome} ${u.cognome}`)).toBeVisible();
			expect(errors).toEqual([]);
		});
	}

	test('role-aware navigation: only the amministratore manages users', async ({ page }) => {
		await loginAs(page, 'segreteria');
		await expect(page.getByRole('link', { name: 'Utenti' })).toHaveCount(0);
		const res = await page.goto('/admin/utenti');
		expect(res?.status()).toBe(403);
		await expect(page.getByRole('heading', { name: 'Accesso non consentito' })).toBeVisible();
	});
});

test('wrong password shows the Italian error and keeps the email', async ({ page }) => {
	await login(page, demoUser('mediatore').email, 'password-sbagliata');
	await expect(page.getByRole('alert')).toHaveText('Email o password non corretti.');
	await expect(page.getByLabel('Email')).toHaveValue(demoUser('mediatore').email);
	await expect(page).toHaveURL(/\/login/);
});

test('empty form gets inline messages', async ({ page }) => {
	await page.goto('/login');
	await page.getByRole('button', { name: 'Accedi' }).click();
	await expect(page.getByText("Inserisci l'indirizzo email.")).toBeVisible();
	await expect(page.getByText('Inserisci la password.')).toBeVisible();
});

test('rate limit triggers after repeated failures', async ({ page }) => {
	const email = 'bersaglio@demo.accordo.it';
	for (let i = 0; i < 5; i++) {
		await login(page, email, `tentativo-${i}`);
		await expect(page.getByRole('alert')).toHaveText('Email o password non corretti.');
	}
	await login(page, email, 'ancora-uno');
	await expect(page.getByRole('alert')).toContainText('Troppi tentativi di accesso non riusciti. Riprova tra');
});

test('logout ends the session', async ({ page }) => {
	await loginAs(page, 'avvocato');
	await page.getByRole('button', { name: 'Esci', exact: true }).click();
	await expect(page).toHaveURL(/\/login$/);
	await page.goto('/dashboard');
	await expect(page).toHaveURL(/\/login\?redirectTo=%2Fdashboard/);
});

test('a tampered session cookie is refused and cleared', async ({ page, context, baseURL }) => {
	await context.addCookies([{ name: 'accordo_session', value: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', url: baseURL! }]);
	await page.goto('/dashboard');
	await expect(page).toHaveURL(/\/login/);
	const cookies = await context.cookies();
	expect(cookies.find((c) => c.name === 'accordo_session')).toBeUndefined();
});

test('after login the user lands where they were going', async ({ page }) => {
	await page.goto('/account');
	await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount/);
	await page.getByLabel('Email').fill(demoUser('parte').email);
	await page.getByLabel('Password').fill('Accordo.Demo.2026');
	await page.getByRole('button', { name: 'Accedi' }).click();
	await expect(page.getByRole('heading', { name: 'Il mio account' })).toBeVisible();
});

test('"esci da tutti i dispositivi" closes the other sessions too', async ({ browser }) => {
	const a = await browser.newContext();
	const b = await browser.newContext();
	const pa = await a.newPage();
	const pb = await b.newPage();
	await loginAs(pa, 'ctu');
	await loginAs(pb, 'ctu');
	await pa.goto('/account');
	await pa.getByRole('button', { name: 'Esci da tutti i dispositivi' }).click();
	await expect(pa).toHaveURL(/\/login$/);
	await pb.reload();
	await expect(pb).toHaveURL(/\/login/);
	await a.close();
	await b.close();
});

test('change password, log in with the new one, change it back', async ({ page }) => {
	const u = demoUser('responsabile');
	const change = async (current: string, next: string) => {
		await page.goto('/account');
		await page.getByLabel('Password attuale').fill(current);
		await page.getByLabel('Nuova password (almeno 10 caratteri)').fill(next);
		await page.getByLabel('Ripeti la nuova password').fill(next);
		await page.getByRole('button', { name: 'Aggiorna password' }).click();
	};
	await loginAs(page, 'responsabile');
	await change('sbagliata', 'Nuova.Password.1');
	await expect(page.getByText('La password attuale non è corretta.')).toBeVisible();
	await change('Accordo.Demo.2026', 'corta');
	await expect(page.getByText('La nuova password deve avere almeno 10 caratteri.')).toBeVisible();
	await change('Accordo.Demo.2026', 'Nuova.Password.1');
	await expect(page.getByRole('status')).toHaveText('Password aggiornata. Le altre sessioni sono state chiuse.');
	await page.getByRole('button', { name: 'Esci', exact: true }).click();
	await login(page, u.email, 'Nuova.Password.1');
	await expect(page).toHaveURL(/\/dashboard$/);
	await change('Nuova.Password.1', 'Accordo.Demo.2026');
	await expect(page.getByRole('status')).toContainText('Password aggiornata');
});
