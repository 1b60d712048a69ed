import { expect, test, type Page } from '@playwright/test';
import { codiceFiscaleCheckChar } from '#db/procedimenti/fiscal.ts';
import { loginAs, trackConsoleErrors } from './fixtures.ts';

const cf = (p: string) => p + codiceFiscaleCheckChar(p);

async function fillParte(page: Page, n: number, values: Record<string, string>) {
	const fs = page.getByRole('group', { name: new RegExp(`^Parte ${n} `) });
	for (const [label, value] of Object.entries(values)) await fs.getByLabel(label, { exact: true }).fill(value);
	return fs;
}

test('segreteria registers a procedimento with two parties and lawyers; search finds it by surname', async ({ page }) => {
	const errors = trackConsoleErrors(page);
	await loginAs(page, 'segreteria');
	await page.getByRole('link', { name: 'Procedimenti', exact: true }).click();
	await page.getByRole('link', { name: 'Nuovo procedimento' }).click();
	await expect(page.getByRole('heading', { name: 'Nuovo procedimento' })).toBeVisible();

	await page.getByLabel('Tipologia').selectOption('obbligatoria');
	await page.getByLabel('Materia').selectOption({ label: 'Locazione' });
	await page.getByLabel('Oggetto').fill('Mancato pagamento dei canoni di locazione');
	await page.getByLabel('Importo in euro').fill('8.400,00');

	// First try with a wrong codice fiscale: Italian message, nothing saved, what was typed stays.
	const p1 = await fillParte(page, 1, {
		Nome: 'Giuseppe',
		Cognome: 'Làzzari',
		'Codice fiscale': 'LZZGPP70A01F205X',
		PEC: 'g.lazzari@pec.it'
	});
	await p1.getByLabel("Nome dell'avvocato", { exact: true }).fill('Paola');
	await p1.getByLabel("Cognome dell'avvocato", { exact: true }).fill('Ferretti');
	await p1.getByLabel("PEC dell'avvocato").fill('paola.ferretti@pec.avvocati.it');
	const p2 = await fillParte(page, 2, {
		Nome: 'Ottavio',
		Cognome: 'Quercioli',
		'Codice fiscale': cf('QRCTTV65B12H501'),
		PEC: 'o.quercioli@pec.it'
	});
	await p2.getByLabel('Assistita da un avvocato').check();
	await p2.getByLabel("Nome dell'avvocato", { exact: true }).fill('Marco');
	await p2.getByLabel("Cognome dell'avvocato", { exact: true }).fill('Santoro');
	await p2.getByLabel("PEC dell'avvocato").fill('marco.santoro@pec.avvocati.it');
	await page.getByRole('button', { name: 'Registra il procedimento' }).click();
	await expect(page.getByText('Il codice fiscale non è valido (carattere di controllo errato).')).toBeVisible();
	await expect(p1.getByLabel('Cognome', { exact: true })).toHaveValue('Làzzari');
	await expect(page).toHaveURL(/\/procedimenti\/nuovo$/);

	await p1.getByLabel('Codice fiscale', { exact: true }).fill(cf('LZZGPP70A01F205'));
	await page.getByRole('button', { name: 'Registra il procedimento' }).click();
	await expect(page.getByRole('status')).toContainText(/Procedimento n\. 2026\/\d+ registrato\./);
	const numero = (await page.getByRole('heading', { level: 1 }).textContent())!.replace('Procedimento n. ', '').trim();

	await page.getByRole('link', { name: 'Parti', exact: true }).click();
	await expect(page.getByText('Giuseppe Làzzari')).toBeVisible();
	await expect(page.getByText('Paola Ferretti')).toBeVisible();
	await expect(page.getByText('Marco Santoro', { exact: true })).toBeVisible();

	// Full-text search: by a party's surname without the accent, and by number.
	await page.goto('/procedimenti');
	await page.getByRole('searchbox').fill('lazzari');
	await page.getByRole('button', { name: 'Cerca' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'procediment' })).toHaveText('1 procedimento');
	await expect(page.getByRole('link', { name: numero })).toBeVisible();
	expect(errors).toEqual([]);
});

test('the registry exports an Excel-friendly CSV', async ({ page }) => {
	await loginAs(page, 'segreteria');
	await page.goto('/procedimenti');
	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Esporta CSV (Excel)' }).click();
	const file = await (await download).createReadStream();
	const chunks: Buffer[] = [];
	for await (const c of file) chunks.push(c as Buffer);
	const text = Buffer.concat(chunks).toString('utf8');
	expect(text.charCodeAt(0)).toBe(0xfeff);
	const lines = text.slice(1).split('\r\n');
	expect(lines[0]).toBe('Numero;Data deposito;Sede;Tipologia;Modalità;Materia;Oggetto;Parti;Mediatore;Stato;Esito');
	expect(lines.some((l) => l.startsWith('2026/1;02/11/2026;Sede di Milano;'))).toBe(true);
});

test('a lawyer sees only his cases and cannot open another one', async ({ page }) => {
	await loginAs(page, 'avvocato');
	await page.goto('/procedimenti');
	await expect(page.getByRole('link', { name: '2026/1' })).toBeVisible();
	await expect(page.getByRole('link', { name: '2026/2' })).toHaveCount(0);
	// The id of 2026/2 is not his: 404, the case is not even confirmed to exist.
	await page.goto('/procedimenti');
	const href = await page.getByRole('link', { name: '2026/1' }).getAttribute('href');
	await page.goto(href!);
	await expect(page.getByRole('heading', { name: 'Procedimento n. 2026/1' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Protocollo' })).toHaveCount(0);
	const res = await page.goto('/procedimenti/non-esiste-123');
	expect(res?.status()).toBe(404);
});

test('segreteria records the communication and the adhesion of the invited party, then moves the state', async ({ page }) => {
	await loginAs(page, 'segreteria');
	await page.goto('/procedimenti?q=arredi');
	await page
		.getByRole('link', { name: /^2026\/\d+$/ })
		.first()
		.click();
	await page.getByRole('link', { name: 'Parti', exact: true }).click();
	await page.getByRole('button', { name: 'Registra invio' }).click();
	await expect(page.getByRole('status')).toHaveText('Invio della comunicazione registrato.');
	await page.getByLabel('Risposta').selectOption('aderito');
	await page.getByRole('button', { name: 'Registra risposta' }).click();
	await expect(page.getByRole('status')).toHaveText('Risposta della parte registrata.');
	await expect(page.getByText(/Ha aderito il \d/)).toBeVisible();
	await page.getByRole('link', { name: 'Dati', exact: true }).click();
	await page.getByLabel('Nuovo stato').selectOption('comunicata');
	await page.getByRole('button', { name: 'Aggiorna lo stato' }).click();
	await expect(page.getByRole('status')).toHaveText('Stato aggiornato.');
	await expect(page.locator('.case-head .badge')).toHaveText('Comunicata alle parti');
});
