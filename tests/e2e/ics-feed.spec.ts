import { expect, request, test } from '@playwright/test';
import ICAL from 'ical.js';
import { loginAs } from './fixtures.ts';

test('a personal calendar feed works without a session at its secret URL and stops after revocation', async ({ page, baseURL }) => {
	await loginAs(page, 'mediatore');
	await page.goto('/account');
	await page.getByRole('link', { name: 'Gestisci il calendario personale' }).click();
	await page.getByRole('button', { name: /^Crea/ }).click();
	const url = await page.getByLabel(/Indirizzo del calendario/).inputValue();
	expect(url).toMatch(/\/ics\/[^/]+\.ics$/);

	// A calendar app has no cookie: a fresh request context.
	const anon = await request.newContext({ baseURL });
	const res = await anon.get(url);
	expect(res.status()).toBe(200);
	expect(res.headers()['content-type']).toContain('text/calendar');
	const cal = new ICAL.Component(ICAL.parse(await res.text()));
	expect(cal.name).toBe('vcalendar');
	expect(cal.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Rome');

	await page.getByRole('button', { name: "Revoca l'indirizzo" }).click();
	await expect(page.getByRole('status')).toContainText('Indirizzo revocato');
	expect((await anon.get(url)).status()).toBe(404);
	expect((await anon.get('/ics/token-inventato.ics')).status()).toBe(404);
	await anon.dispose();
});
