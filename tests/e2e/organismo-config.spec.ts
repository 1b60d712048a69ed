import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { loginAs, trackConsoleErrors } from './fixtures.ts';

// The amministratore configures the Organismo (issue #21): sedi, materie and fee-table versions.
// Everything this spec adds to the demo Organismo has its own name, and the tariff version it
// plans is deleted at the end, so the other specs' cases and fees stay as they are.

const PAGES = ['/admin/sedi', '/admin/materie', '/admin/tariffe'];
const stamp = Date.now().toString(36);

async function seriousViolations(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('the amministratore adds and edits a sede, with field errors in Italian', async ({ page }) => {
	const errors = trackConsoleErrors(page);
	await loginAs(page, 'amministratore');
	await page.getByRole('navigation', { name: 'Menu principale' }).getByRole('link', { name: 'Sedi', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: "Sedi dell'organismo" })).toBeVisible();
	const nuova = page.getByRole('region', { name: 'Nuova sede' });
	const nome = `Sede di Torino ${stamp}`;
	await nuova.getByLabel('Nome').fill(nome);
	await nuova.getByLabel('Indirizzo').fill('Via Po 1');
	await nuova.getByLabel('Comune').fill('Torino');
	await nuova.getByLabel('Provincia (sigla)').fill('Torino');
	await nuova.getByRole('button', { name: 'Aggiungi la sede' }).click();
	await expect(nuova.getByText('Provincia: due lettere (es. MI).')).toBeVisible();
	await expect(nuova.getByLabel('Nome')).toHaveValue(nome); // what was typed stays
	await nuova.getByLabel('Provincia (sigla)').fill('to');
	await nuova.getByRole('button', { name: 'Aggiungi la sede' }).click();
	await expect(page.getByRole('status')).toHaveText(`Sede «${nome}» aggiunta.`);

	const card = page.getByRole('region', { name: nome });
	await expect(card.getByLabel('Provincia (sigla)')).toHaveValue('TO');
	await card.getByLabel('Indirizzo').fill('Corso Vittorio Emanuele II 12');
	await card.getByRole('button', { name: `Salva «${nome}»` }).click();
	await expect(page.getByRole('status')).toHaveText(`Sede «${nome}» aggiornata.`);
	await page.reload();
	await expect(page.getByRole('region', { name: nome }).getByLabel('Indirizzo')).toHaveValue('Corso Vittorio Emanuele II 12');
	// A duplicate name is refused on the row that sent it.
	const roma = page.getByRole('region', { name: 'Sede di Roma' });
	await roma.getByLabel('Nome').fill('sede di milano');
	await roma.getByRole('button', { name: 'Salva «Sede di Roma»' }).click();
	await expect(roma.getByText("C'è già una sede «sede di milano».")).toBeVisible();
	// The audit register shows the changes.
	await page.goto('/admin/registro');
	await expect(page.getByText('Sede modificata').first()).toBeVisible();
	expect(errors).toEqual([]);
});

test('the amministratore adds a materia, moves it and takes it out of use', async ({ page }) => {
	const errors = trackConsoleErrors(page);
	await loginAs(page, 'amministratore');
	await page.goto('/admin/materie');
	const nome = `Trasporto marittimo ${stamp}`;
	const nuova = page.getByRole('region', { name: 'Nuova materia' });
	await nuova.getByRole('button', { name: 'Aggiungi la materia' }).click();
	await expect(nuova.getByText('Indica il nome della materia.')).toBeVisible();
	await nuova.getByLabel('Nome').fill(nome);
	await nuova.getByRole('button', { name: 'Aggiungi la materia' }).click();
	await expect(page.getByRole('status')).toHaveText(`Materia «${nome}» aggiunta.`);
	const items = page.getByRole('list', { name: "Materie dell'organismo, nell'ordine del modulo" }).getByRole('listitem');
	const n = await items.count();
	const last = items.nth(n - 1);
	await expect(last.getByRole('textbox')).toHaveValue(nome);
	await last.getByRole('button', { name: new RegExp(`sposta in alto la materia ${n}$`) }).click();
	await expect(page.getByRole('status')).toHaveText(`Materia «${nome}» spostata in alto.`);
	const moved = items.nth(n - 2);
	await expect(moved.getByRole('textbox')).toHaveValue(nome);
	await moved.getByLabel('In uso').uncheck();
	await moved.getByRole('button', { name: `Salva la materia ${n - 1}` }).click();
	await expect(page.getByRole('status')).toHaveText(`Materia «${nome}» aggiornata.`);
	await expect(moved.getByText('non in uso')).toBeVisible();
	// A materia out of use is not offered for a new case.
	await page.goto('/procedimenti/nuovo');
	await expect(page.locator('option', { hasText: 'Condominio' }).first()).toBeAttached();
	await expect(page.locator('option', { hasText: nome })).toHaveCount(0);
	expect(errors).toEqual([]);
});

test('the amministratore plans a new tariff version from the one in force, then deletes it', async ({ page }) => {
	const errors = trackConsoleErrors(page);
	await loginAs(page, 'amministratore');
	await page.goto('/admin/tariffe');
	const versioni = page.getByRole('region', { name: 'Versioni' });
	await expect(versioni.getByRole('listitem').filter({ hasText: 'DM 150/2023' })).toContainText('In vigore');
	const form = page.getByRole('region', { name: 'Nuova versione' });
	await expect(form).toContainText('Parte da «DM 150/2023»');
	const nome = `Tariffa ${stamp}`;
	await form.getByLabel('Nome della versione').fill(nome);
	await form.getByLabel(/^Fonte/).fill('Delibera del consiglio direttivo');
	const primo = form.getByRole('group', { name: /^Scaglione 1:/ });
	await expect(primo.getByLabel('Spese di avvio (€)')).toHaveValue('40,00');
	await primo.getByLabel('Spese di avvio (€)').fill('42,5x');
	await form.getByRole('button', { name: 'Salva la nuova versione' }).click();
	await expect(page.getByRole('alert').first()).toHaveText('Controlla i campi segnati: la versione non è stata salvata.');
	await expect(primo.getByText('Scaglione 1: Spese di avvio: numero non valido')).toBeVisible();
	await expect(form.getByLabel('Nome della versione')).toHaveValue(nome);
	// A date before the first usable day would change cases already filed: refused.
	const primaData = await form.getByLabel('Vale per le domande depositate dal').getAttribute('min');
	await primo.getByLabel('Spese di avvio (€)').fill('42,50');
	await form.getByLabel('Vale per le domande depositate dal').fill('2026-11-02');
	await form.getByRole('button', { name: 'Salva la nuova versione' }).click();
	await expect(form.getByText(/in poi: una data precedente cambierebbe le spese di procedimenti già depositati/)).toBeVisible();
	await form.getByLabel('Vale per le domande depositate dal').fill(primaData!);
	await form.getByRole('button', { name: 'Salva la nuova versione' }).click();
	await expect(page.getByRole('status')).toContainText(`Versione «${nome}» salvata`);
	const riga = versioni.getByRole('listitem').filter({ hasText: nome });
	await expect(riga).toContainText('Programmata');
	await expect(versioni.getByRole('listitem').filter({ hasText: 'DM 150/2023' })).toContainText('In vigore');
	// Starting from the new one shows its amounts.
	await riga.getByRole('link', { name: 'Parti da questa versione' }).click();
	await expect(form.getByRole('group', { name: /^Scaglione 1:/ }).getByLabel('Spese di avvio (€)')).toHaveValue('42,50');
	await riga.getByRole('button', { name: /^Elimina la versione/ }).click();
	await expect(page.getByRole('status')).toHaveText(`Versione «${nome}» eliminata.`);
	await expect(versioni.getByRole('listitem').filter({ hasText: nome })).toHaveCount(0);
	// Versions in force have no delete button.
	await expect(versioni.getByRole('listitem').filter({ hasText: 'DM 150/2023' }).getByRole('button')).toHaveCount(0);
	expect(errors).toEqual([]);
});

test('other roles cannot open the pages nor post to them', async ({ page }) => {
	await loginAs(page, 'responsabile');
	await expect(page.getByRole('navigation', { name: 'Menu principale' }).getByRole('link', { name: 'Tariffe' })).toHaveCount(0);
	const origin = new URL(page.url()).origin;
	for (const path of PAGES) expect((await page.goto(path))?.status(), path).toBe(403);
	const posts: [string, Record<string, string>][] = [
		['/admin/sedi?/crea', { nome: 'Intrusa', indirizzo: 'x', comune: 'y', provincia: 'MI' }],
		['/admin/materie?/crea', { nome: 'Intrusa' }],
		['/admin/tariffe?/elimina', { tariffaId: 'x' }]
	];
	for (const [path, form] of posts) expect((await page.request.post(path, { form, headers: { origin } })).status(), path).toBe(403);
});

test('a malformed post gets 400 with an Italian message, an unknown version 404', async ({ page }) => {
	await loginAs(page, 'amministratore');
	await page.goto('/admin/tariffe');
	const headers = { origin: new URL(page.url()).origin, 'x-sveltekit-action': 'true', accept: 'application/json' };
	const bad = await (await page.request.post('/admin/materie?/sposta', { form: { materiaId: 'x', verso: 'fuori' }, headers })).json();
	expect(bad).toMatchObject({ type: 'failure', status: 400 });
	expect(bad.data).toContain('Direzione non valida.');
	expect((await page.goto('/admin/tariffe?base=non-esiste'))?.status()).toBe(404);
});

for (const viewport of [
	{ width: 1280, height: 900 },
	{ width: 360, height: 740 }
])
	test(`the pages are axe-clean and fit ${viewport.width} px`, async ({ page }) => {
		await page.setViewportSize(viewport);
		await loginAs(page, 'amministratore');
		for (const path of PAGES) {
			await page.goto(path);
			expect(await seriousViolations(page), path).toEqual([]);
			expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), path).toBeLessThanOrEqual(0);
		}
	});
