import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { holidayLookup } from '#db/agenda/holidays.ts';
import { addDays, weekdayOf, romeIsoDate } from '#db/shared/time.ts';
import { caseIdByNumber, loginAs, trackConsoleErrors } from './fixtures.ts';

// One fresh demo database per run: the tests build on each other (sala → booking → conflict → agenda).
test.describe.configure({ mode: 'serial' });

const festivo = holidayLookup();
function nextWorkingDay(from: string): string {
	let d = from;
	while (weekdayOf(d) > 5 || festivo(d)) d = addDays(d, 1);
	return d;
}
const itDay = (d: string) => d.split('-').reverse().join('/');

let booked: { data: string; dalle: string; alle: string } | null = null;
const telematicaDay = nextWorkingDay(addDays(romeIsoDate(), 9));

test('the segreteria adds a sala and books the first suggested slot for a new procedimento', async ({ page }) => {
	const errors = trackConsoleErrors(page);
	await loginAs(page, 'segreteria');
	await page.getByRole('link', { name: 'Sale e orari' }).click();
	await page.getByLabel('Nome della sala').fill('Sala Verdi');
	await page.getByLabel('Capienza (persone)').fill('8');
	await page.getByRole('button', { name: 'Aggiungi la sala' }).click();
	await expect(page.getByRole('status')).toHaveText('Sala «Sala Verdi» aggiunta.');

	const id = await caseIdByNumber(2026, 2);
	await page.goto(`/procedimenti/${id}/incontri`);
	await expect(page.getByText('Nessun incontro fissato.')).toBeVisible();
	await page.getByRole('button', { name: 'Proponi date' }).click();
	await expect(page.getByText(/Primo incontro tra il .* \(da 20 a 40 giorni dal deposito del 16\/11\/2026\)/)).toBeVisible();
	const first = page.getByRole('list', { name: 'Date proposte' }).getByRole('listitem').first();
	booked = {
		data: await first.locator('input[name=data]').inputValue(),
		dalle: await first.locator('input[name=dalle]').inputValue(),
		alle: await first.locator('input[name=alle]').inputValue()
	};
	expect(booked.data >= '2026-12-06' && booked.data <= '2026-12-26').toBe(true);
	await first.getByRole('button', { name: /^Prenota la proposta 1/ }).click();
	const quando = `${itDay(booked.data)} ${booked.dalle}–${booked.alle}`;
	await expect(page.getByRole('status').first()).toContainText(`Incontro fissato il ${quando}.`);
	const card = page.getByRole('article').filter({ hasText: quando });
	await expect(card).toContainText('Primo incontro');
	await expect(card).toContainText('Sala Verdi');
	expect(errors).toEqual([]);
});

test('a conflicting booking is refused with a message that says what conflicts', async ({ page }) => {
	expect(booked).not.toBeNull();
	await loginAs(page, 'segreteria');
	const id = await caseIdByNumber(2026, 1);
	await page.goto(`/procedimenti/${id}/incontri`);
	const form = page.locator('form[action="?/prenota"]').last();
	await form.getByLabel('Data', { exact: true }).fill(booked!.data);
	await form.getByLabel('Dalle', { exact: true }).fill(booked!.dalle);
	await form.getByLabel('Alle', { exact: true }).fill(booked!.alle);
	await form.getByLabel('Modalità').selectOption('presenza');
	await form.getByLabel('Sala').selectOption({ label: 'Sala Verdi (8 posti)' });
	await form.getByRole('button', { name: "Fissa l'incontro" }).click();
	const alert = page.getByRole('alert');
	await expect(alert).toContainText('Operazione non eseguita: nulla è stato salvato.');
	await expect(alert).toContainText(
		`La sala «Sala Verdi» è già occupata il ${itDay(booked!.data)} ${booked!.dalle}–${booked!.alle} dall'incontro del procedimento n. 2026/2.`
	);
	await expect(page.getByText('Nessun incontro fissato.')).toBeVisible();
	// The form keeps what was typed.
	await expect(form.getByLabel('Data', { exact: true })).toHaveValue(booked!.data);
	// A Sunday is refused too.
	let sunday = booked!.data;
	while (weekdayOf(sunday) !== 7) sunday = addDays(sunday, 1);
	await form.getByLabel('Data', { exact: true }).fill(sunday);
	await form.getByRole('button', { name: "Fissa l'incontro" }).click();
	await expect(page.getByRole('alert')).toContainText('è chiusa di domenica');
});

test('a telematica meeting shows the room link, to the segreteria and to the party', async ({ page }) => {
	await loginAs(page, 'segreteria');
	const id = await caseIdByNumber(2026, 1);
	await page.goto(`/procedimenti/${id}/incontri`);
	const form = page.locator('form[action="?/prenota"]').last();
	await form.getByLabel('Data', { exact: true }).fill(telematicaDay);
	await form.getByLabel('Dalle', { exact: true }).fill('10:00');
	await form.getByLabel('Alle', { exact: true }).fill('12:00');
	await form.getByLabel('Modalità').selectOption('telematica');
	await expect(form.getByLabel('Sala')).toHaveCount(0);
	await form.getByRole('button', { name: "Fissa l'incontro" }).click();
	const quando = `${itDay(telematicaDay)} 10:00–12:00`;
	await expect(page.getByRole('status').first()).toContainText(`Incontro fissato il ${quando}.`);
	const card = page.getByRole('article').filter({ hasText: quando });
	await expect(card.getByRole('link', { name: 'apri la stanza del procedimento' })).toHaveAttribute('href', `/procedimenti/${id}/stanza`);
	// The invited Condominio has no account: it gets a personal guest link.
	await expect(card.getByText(/Condominio Via Padova 15:/)).toBeVisible();
	await expect(card.getByRole('link', { name: 'link personale' })).toHaveAttribute('href', /^\/stanza\/.+/);
	await expect(card.getByRole('link', { name: 'Scarica nel calendario (.ics)' })).toBeVisible();

	await page.getByRole('button', { name: 'Esci' }).click();
	await loginAs(page, 'parte');
	await page.goto(`/procedimenti/${id}/incontri`);
	const mine = page.getByRole('article').filter({ hasText: quando });
	await expect(mine.getByRole('link', { name: 'apri la stanza del procedimento' })).toBeVisible();
	await expect(mine.getByRole('link', { name: 'link personale' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: "Fissa l'incontro" })).toHaveCount(0);
	// The action itself refuses a party, whatever the page shows.
	const res = await page.request.post(`/procedimenti/${id}/incontri?/prenota`, {
		headers: { origin: new URL(page.url()).origin, 'x-sveltekit-action': 'true' },
		form: { data: telematicaDay, dalle: '15:00', alle: '16:00', tipo: 'successivo', modalita: 'telematica' }
	});
	expect(res.status()).toBe(403);
	await page.reload();
	await expect(page.getByRole('article')).toHaveCount(1);
});

test('the mediator sees the meeting in the personal agenda and only busy blocks in the anonymous one', async ({ page }) => {
	const errors = trackConsoleErrors(page);
	await loginAs(page, 'mediatore');
	await page.getByRole('link', { name: 'Agenda', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'La mia agenda' })).toBeVisible();
	await page.goto(`/agenda?vista=settimana&data=${telematicaDay}`);
	const ev = page.getByRole('link', { name: /10:00–12:00 Primo incontro n\. 2026\/1/ });
	await expect(ev).toBeVisible();
	await ev.click();
	await expect(page).toHaveURL(/\/procedimenti\/[^/]+\/incontri$/);

	await page.goto(`/agenda?vista=mese&data=${telematicaDay}`);
	await expect(page.getByRole('link', { name: /10:00–12:00 Primo incontro n\. 2026\/1/ })).toBeVisible();

	await page.goto('/agenda');
	await page.getByRole('link', { name: /Agenda anonima/ }).click();
	await expect(page).toHaveURL(/\/agenda\/anonima\/demo-mediatore$/);
	await page.goto(`/agenda/anonima/demo-mediatore?data=${telematicaDay}`);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Agenda anonima');
	await expect(page.getByText('Occupato 10:00–12:00')).toBeVisible();
	await expect(page.locator('main')).not.toContainText('2026/1');
	await expect(page.locator('main')).not.toContainText('Condominio');
	expect(errors).toEqual([]);
});

test('the meeting .ics file is valid iCalendar in Europe/Rome', async ({ page }) => {
	await loginAs(page, 'mediatore');
	const id = await caseIdByNumber(2026, 1);
	await page.goto(`/procedimenti/${id}/incontri`);
	const href = await page.getByRole('link', { name: 'Scarica nel calendario (.ics)' }).first().getAttribute('href');
	const res = await page.request.get(href!);
	expect(res.status()).toBe(200);
	expect(res.headers()['content-type']).toBe('text/calendar; charset=utf-8');
	const body = await res.text();
	expect(body).toContain(`DTSTART;TZID=Europe/Rome:${telematicaDay.replace(/-/g, '')}T100000\r\n`);
	expect(body).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Rome');
});

async function seriousViolations(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('agenda pages are accessible and usable at 360 px', async ({ page }) => {
	await page.setViewportSize({ width: 360, height: 740 });
	await loginAs(page, 'segreteria');
	const id = await caseIdByNumber(2026, 1);
	for (const url of [
		`/procedimenti/${id}/incontri?proponi=1`,
		`/agenda?vista=settimana&data=${telematicaDay}`,
		`/agenda?vista=mese&data=${telematicaDay}`,
		'/sale',
		'/scadenze'
	]) {
		await page.goto(url);
		expect(await seriousViolations(page), url).toEqual([]);
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		expect(overflow, url).toBeLessThanOrEqual(0);
	}
	// Keyboard: the first proposal's button is reachable with Tab.
	await page.goto(`/procedimenti/${id}/incontri?proponi=1&tipo=successivo&modalita=telematica`);
	const button = page.getByRole('button', { name: /^Prenota la proposta 1/ });
	await button.focus();
	await expect(button).toBeFocused();
});
