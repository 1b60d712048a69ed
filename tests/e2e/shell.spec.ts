import { expect, test } from '@playwright/test';
import { loginAs } from './fixtures.ts';

test('unknown page gets the Italian 404', async ({ page }) => {
	await loginAs(page, 'parte');
	const res = await page.goto('/non-esiste');
	expect(res?.status()).toBe(404);
	await expect(page.getByRole('heading', { name: 'Pagina non trovata' })).toBeVisible();
});

test('healthz reports database, mediasoup workers and collab', async ({ request }) => {
	const res = await request.get('/healthz');
	expect(res.status()).toBe(200);
	expect(await res.json()).toEqual({ ok: true, database: 'ok', workers: 1, collab: 'up' });
});

test('the amministratore changes a role; the change is in the hash-chained audit log', async ({ page }) => {
	await loginAs(page, 'amministratore');
	await page.goto('/admin/utenti');
	await page.getByLabel('Stato di Lucia Martini').selectOption('0');
	await page
		.getByRole('row', { name: /Martini Lucia/ })
		.getByRole('button', { name: 'Salva' })
		.click();
	await expect(page.getByRole('status')).toHaveText('Ruolo e stato aggiornati.');
	await page.goto('/admin/registro');
	await expect(page.getByText('Catena di integrità verificata')).toBeVisible();
	await expect(page.getByRole('cell', { name: 'Ruolo o stato utente modificato' }).first()).toBeVisible();
	// The deactivated CTU can no longer log in; reactivate for the other tests.
	await page.goto('/admin/utenti');
	await page.getByLabel('Stato di Lucia Martini').selectOption('1');
	await page
		.getByRole('row', { name: /Martini Lucia/ })
		.getByRole('button', { name: 'Salva' })
		.click();
	await expect(page.getByRole('status')).toHaveText('Ruolo e stato aggiornati.');
});

test('a forged form action from a non-admin is refused and changes nothing', async ({ page, baseURL }) => {
	await loginAs(page, 'segreteria');
	const res = await page.request.post('/admin/utenti?/access', {
		headers: { origin: baseURL! },
		form: { userId: 'demo-segreteria', role: 'amministratore', active: '1' }
	});
	expect(res.status()).toBe(403);
	await page.goto('/dashboard');
	await expect(page.getByRole('heading', { level: 1, name: 'Cruscotto — Segreteria' })).toBeVisible();
});
