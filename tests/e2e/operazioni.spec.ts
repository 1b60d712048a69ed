import { expect, test } from '@playwright/test';
import { loginAs } from './fixtures.ts';

test('the amministratore sees the background jobs: schedules in Rome time, nothing failed', async ({ page }) => {
	await loginAs(page, 'amministratore');
	await page.getByRole('link', { name: 'Operazioni', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Operazioni automatiche' })).toBeVisible();
	const pianificate = page.getByRole('table', { name: 'Operazioni pianificate (ora di Roma)' });
	await expect(pianificate.getByRole('row', { name: /Backup giornaliero.*30 2 \* \* \*/ })).toBeVisible();
	await expect(pianificate.getByRole('row', { name: /Avvisi di scadenza/ })).toBeVisible();
	await expect(page.getByRole('table', { name: 'Operazioni non riuscite' }).getByText('Nessuna operazione non riuscita.')).toBeVisible();
});

test('other roles cannot open it nor retry a job', async ({ page }) => {
	await loginAs(page, 'segreteria');
	const res = await page.goto('/admin/operazioni');
	expect(res?.status()).toBe(403);
	const post = await page.request.post('/admin/operazioni?/riprova', {
		form: { id: '1' },
		headers: { origin: new URL(page.url()).origin }
	});
	expect(post.status()).toBe(403);
});

test('a malformed retry gets a 400 with an Italian message', async ({ page }) => {
	await loginAs(page, 'amministratore');
	await page.goto('/admin/operazioni');
	const post = await page.request.post('/admin/operazioni?/riprova', {
		form: { id: 'tutti' },
		headers: { origin: new URL(page.url()).origin, 'x-sveltekit-action': 'true', accept: 'application/json' }
	});
	const body = await post.json();
	expect(body).toMatchObject({ type: 'failure', status: 400 });
	expect(body.data).toContain('Operazione non valida.');
});
