import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { caseIdByNumber, e2eDbPath, loginAs, trackConsoleErrors } from './fixtures.ts';

/** Rows straight from the server's database (read-only: other specs use it too). */
function query<T>(sql: string, ...params: unknown[]): T[] {
	const db = new Database(e2eDbPath(), { readonly: true, fileMustExist: true });
	try {
		return db.prepare(sql).all(...params) as T[];
	} finally {
		db.close();
	}
}

/** Today in Italy, YYYY-MM-DD (the register's day). */
const oggi = () =>
	new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

async function seriousViolations(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('segreteria registers an entry from the case tab, finds it numbered in the register, annuls it, downloads the daily register', async ({
	page
}) => {
	const errors = trackConsoleErrors(page);
	const id = await caseIdByNumber(2026, 1);
	const oggetto = `Memoria integrativa — perché è urgente ${Date.now()}`;
	await loginAs(page, 'segreteria');

	// Case tab: validation messages first, and the form keeps what was typed.
	await page.goto(`/procedimenti/${id}/protocollo`);
	await expect(page.getByRole('heading', { name: 'Protocollo del procedimento' })).toBeVisible();
	await page.getByLabel('Oggetto (obbligatorio)').fill(oggetto);
	await page.getByRole('button', { name: 'Registra a protocollo' }).click();
	await expect(page.getByText('Per una registrazione in entrata indica il mittente.')).toBeVisible();
	await expect(page.getByLabel('Oggetto (obbligatorio)')).toHaveValue(oggetto);

	await page.getByRole('radio', { name: 'In entrata' }).check();
	await page.getByLabel('Mittente (obbligatorio)').fill("Avv. Francesca D'Angelo");
	const docs = query<{ id: string }>('select id from documenti where procedimento_id = ? order by created_at', id);
	if (docs.length) await page.locator(`input[name="documenti"][value="${docs[0].id}"]`).check();
	else await expect(page.getByText('Nessun documento nel fascicolo.')).toBeVisible();
	await page.getByRole('button', { name: 'Registra a protocollo' }).click();
	const done = page.getByRole('status').filter({ hasText: 'Registrata al n.' });
	await expect(done).toBeVisible();
	const numero = (await done.getByRole('link').textContent())!.trim();
	expect(numero).toMatch(/^\d{4}\/\d+$/);
	// The entry is listed in the case tab, and the form is ready for the next one (empty).
	await expect(page.getByRole('link', { name: `Registrazione n. ${numero}` })).toBeVisible();
	await expect(page.getByLabel('Oggetto (obbligatorio)')).toHaveValue('');

	// The register of the Organismo, from the menu.
	await page.getByRole('navigation', { name: 'Menu principale' }).getByRole('link', { name: 'Protocollo' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Registro di protocollo' })).toBeVisible();
	await page.getByLabel('Testo o numero').fill(oggetto);
	await page.getByRole('button', { name: 'Filtra' }).click();
	const row = page.getByRole('row').filter({ hasText: oggetto });
	await expect(row).toHaveCount(1);
	await expect(row).toContainText("Avv. Francesca D'Angelo");
	await expect(row).toContainText('In entrata');
	await expect(row).toContainText('n. 2026/1');
	await expect(row).toContainText(String(docs.length ? 1 : 0));
	expect(await seriousViolations(page)).toEqual([]);

	// Entry detail: annul with a reason (a too short one is refused first).
	await row.getByRole('link', { name: `Registrazione n. ${numero}` }).click();
	await expect(page.getByRole('heading', { name: `Registrazione di protocollo n. ${numero}` })).toBeVisible();
	await page.getByLabel("Motivo dell'annullamento (obbligatorio)").fill('no');
	await page.getByRole('button', { name: 'Annulla registrazione' }).click();
	await expect(page.getByText("Indica il motivo dell'annullamento (almeno 5 caratteri).")).toBeVisible();
	await page.getByLabel("Motivo dell'annullamento (obbligatorio)").fill('Mittente errato: era la parte');
	await page.getByRole('button', { name: 'Annulla registrazione' }).click();
	await expect(page.getByRole('status')).toContainText('Registrazione annullata');
	await expect(page.getByRole('note')).toContainText('Registrazione annullata il');
	await expect(page.getByRole('note')).toContainText('Motivo: Mittente errato: era la parte');
	await expect(page.getByRole('button', { name: 'Annulla registrazione' })).toHaveCount(0);
	expect(await seriousViolations(page)).toEqual([]);

	// A second annullamento (e.g. a stale tab) is refused with a message.
	const again = await page.request.post(page.url().split('?')[0] + '?/annulla', {
		headers: { origin: new URL(page.url()).origin, 'x-sveltekit-action': 'true' },
		form: { motivo: 'Seconda volta' }
	});
	expect(await again.text()).toContain('è già stata annullata il');

	// The register shows it struck through, with date and reason; nothing is deleted.
	await page.goto(`/protocollo?q=${encodeURIComponent(numero)}`);
	const annullata = page.getByRole('row').filter({ hasText: oggetto });
	await expect(annullata).toContainText(/Annullata il \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}: Mittente errato: era la parte/);
	await expect(annullata.getByText(oggetto)).toHaveCSS('text-decoration-line', 'line-through');

	// Daily register: the link downloads the PDF; both files have the right types and content.
	const giorno = oggi();
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^PDF del / }).click()]);
	expect(download.suggestedFilename()).toBe(`registro-protocollo-${giorno}.pdf`);
	const pdf = await page.request.get(`/protocollo/registro/${giorno}.pdf`);
	expect(pdf.status()).toBe(200);
	expect(pdf.headers()['content-type']).toBe('application/pdf');
	expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
	const csv = await page.request.get(`/protocollo/registro/${giorno}.csv`);
	expect(csv.status()).toBe(200);
	expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
	expect(csv.headers()['content-disposition']).toBe(`attachment; filename="registro-protocollo-${giorno}.csv"`);
	const bytes = await csv.body();
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	expect(createHash('sha256').update(bytes).digest('hex')).toBe(csv.headers()['x-content-sha256']);
	const text = bytes.toString('utf8');
	const [anno, n] = numero.split('/');
	expect(text).toContain(`Registrazione;${anno};${n};`);
	expect(text).toContain(`Annullamento;${anno};${n};`);
	expect(text).toContain(`${oggetto};2026/1;`);
	expect(text).toContain('Mittente errato: era la parte');
	expect(text.split('\r\n').length).toBeGreaterThan(3);

	// The date picker leads to the same files.
	await page.getByLabel('Giornata').fill(giorno);
	const [picked] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Scarica CSV' }).click()]);
	expect(picked.suggestedFilename()).toBe(`registro-protocollo-${giorno}.csv`);
	expect(errors).toEqual([]);
});

test('registering from the register page links a case by its number; the new entry opens', async ({ page }) => {
	await loginAs(page, 'responsabile');
	await page.goto('/protocollo/nuova');
	await page.getByRole('radio', { name: 'In uscita' }).check();
	await expect(page.getByText('Se lasci vuoto, il mittente è Organismo di Mediazione Accordo (demo).')).toBeVisible();
	await page.getByLabel('Destinatario (obbligatorio)').fill('Condominio Via Padova 15');
	await page.getByLabel('Oggetto (obbligatorio)').fill('Convocazione al primo incontro');
	await page.getByLabel('Procedimento collegato (facoltativo)').fill('2026/999');
	await page.getByRole('button', { name: 'Registra a protocollo' }).click();
	await expect(page.getByText('Il procedimento n. 2026/999 non esiste.')).toBeVisible();
	await expect(page.getByLabel('Destinatario (obbligatorio)')).toHaveValue('Condominio Via Padova 15');
	await page.getByLabel('Procedimento collegato (facoltativo)').fill('2026/2');
	await page.getByRole('button', { name: 'Registra a protocollo' }).click();
	await expect(page.getByRole('status')).toContainText(/Registrata al n\. \d{4}\/\d+ del/);
	await expect(page.locator('#contenuto').getByText('Organismo di Mediazione Accordo (demo)', { exact: true })).toBeVisible(); // the mittente
	await expect(page.getByRole('link', { name: 'n. 2026/2' })).toBeVisible();
});

test('the register is for staff only: pages, forged actions and exports are refused', async ({ page, baseURL }) => {
	await loginAs(page, 'mediatore');
	await expect(page.getByRole('navigation', { name: 'Menu principale' }).getByRole('link', { name: 'Protocollo' })).toHaveCount(0);
	expect((await page.goto('/protocollo'))?.status()).toBe(403);
	const forged = await page.request.post('/protocollo/nuova?/registra', {
		headers: { origin: baseURL! },
		form: { richiestaId: 'abcdefghijklmnopqrstuvwx', direzione: 'entrata', mittente: 'x', oggetto: 'y' }
	});
	expect(forged.status()).toBe(403);
	expect((await page.request.get(`/protocollo/registro/${oggi()}.csv`)).status()).toBe(403);
	expect((await page.goto(`/procedimenti/${await caseIdByNumber(2026, 1)}/protocollo`))?.status()).toBe(403);
});

test.describe('on a 360 px phone', () => {
	test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

	test('the register and the case tab fit the screen', async ({ page }) => {
		await loginAs(page, 'segreteria');
		for (const path of ['/protocollo', `/procedimenti/${await caseIdByNumber(2026, 1)}/protocollo`, '/protocollo/nuova']) {
			await page.goto(path);
			const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
			expect(overflow, path).toBeLessThanOrEqual(0);
		}
	});
});
