import { expect, test, type Browser, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { loginAs, trackConsoleErrors, e2eDbPath } from './fixtures.ts';
import type { Role } from '#db/auth/labels.ts';
import { samplePdf, sampleZip } from '../helpers/documents-samples.ts';

const MB = 1024 * 1024;

/** Case ids and document rows straight from the server's database (read-only). */
function query<T>(sql: string, ...params: unknown[]): T[] {
	const db = new Database(e2eDbPath(), { readonly: true, fileMustExist: true });
	try {
		return db.prepare(sql).all(...params) as T[];
	} finally {
		db.close();
	}
}

function caseId(numero: number): string {
	const row = query<{ id: string }>(
		`select id from procedimenti where organismo_id = 'demo-organismo' and anno = 2026 and numero = ?`,
		numero
	)[0];
	if (!row) throw new Error(`demo case 2026/${numero} not found`);
	return row.id;
}

const docsOf = (procedimentoId: string) =>
	query<{ id: string; titolo: string; riservato: number }>(
		`select id, titolo, riservato from documenti where procedimento_id = ?`,
		procedimentoId
	);

async function pageAs(browser: Browser, role: Role): Promise<Page> {
	const page = await (await browser.newContext()).newPage();
	await loginAs(page, role);
	return page;
}

async function uploadVia(
	page: Page,
	files: Array<{ name: string; mimeType: string; buffer: Buffer }>,
	opts: { titolo?: string; riservato?: boolean } = {}
) {
	const form = page.locator('form.upload').first();
	// The drop zone is the label of the (visually hidden) file input.
	await form.getByLabel(/Trascina qui i file/).setInputFiles(files);
	if (opts.titolo) await form.getByLabel('Titolo (facoltativo)').fill(opts.titolo);
	if (opts.riservato) await form.getByLabel('Riservato al mediatore').check();
	await form.getByRole('button', { name: 'Carica', exact: true }).click();
	return form;
}

test('segreteria uploads a PDF to case 2026/1 with progress, then previews and downloads it', async ({ page }) => {
	const errors = trackConsoleErrors(page);
	const id = caseId(1);
	const pdf = Buffer.from(await samplePdf('Istanza di mediazione'));
	await loginAs(page, 'segreteria');
	await page.goto(`/procedimenti/${id}/documenti`);
	await expect(page.getByRole('heading', { name: 'Fascicolo elettronico' })).toBeVisible();

	const form = await uploadVia(page, [{ name: 'Istanza firmata è.pdf', mimeType: 'application/pdf', buffer: pdf }], {
		titolo: 'Istanza di mediazione'
	});
	await expect(form.getByRole('status')).toHaveText('File caricato.');
	await expect(form.getByRole('progressbar', { name: /Avanzamento di Istanza firmata/ })).toHaveAttribute('value', '100');
	const item = page.locator('li.doc', { has: page.getByRole('heading', { name: 'Istanza di mediazione' }) });
	await expect(item).toContainText('Istanza firmata è.pdf');
	await expect(item).toContainText('PDF');
	await expect(item).toContainText('Caricato da Chiara Russo');

	const downloadPromise = page.waitForEvent('download');
	await item.getByRole('link', { name: /^Scarica/ }).click();
	const download = await downloadPromise;
	expect(download.suggestedFilename()).toBe('Istanza firmata è.pdf');
	expect(readFileSync(await download.path())).toEqual(pdf);

	const href = await item.getByRole('link', { name: /^Anteprima/ }).getAttribute('href');
	expect(href).toMatch(/\?inline=1$/);
	const res = await page.request.get(href!);
	expect(res.status()).toBe(200);
	expect(res.headers()['content-type']).toBe('application/pdf');
	expect(res.headers()['content-disposition']).toBe(
		`inline; filename="Istanza firmata e.pdf"; filename*=UTF-8''Istanza%20firmata%20%C3%A8.pdf`
	);
	expect(res.headers()['x-content-type-options']).toBe('nosniff');
	expect(res.headers()['content-security-policy']).toMatch(/^sandbox/);
	expect(errors).toEqual([]);
});

test('a wrong-type or too-large file shows an Italian message and nothing is added', async ({ page, browser }) => {
	const id = caseId(1);
	const before = docsOf(id).length;
	await loginAs(page, 'segreteria');
	await page.goto(`/procedimenti/${id}/documenti`);
	const big = Buffer.alloc(17 * MB, 0x20);
	big.write('%PDF-1.7\n');
	const form = await uploadVia(page, [
		{ name: 'memoria.pdf', mimeType: 'application/pdf', buffer: Buffer.from(sampleZip()) },
		{ name: 'perizia.pdf', mimeType: 'application/pdf', buffer: big }
	]);
	await expect(form.getByText('File troppo grande: massimo 16 MB («perizia.pdf», 17 MB).')).toBeVisible();
	await expect(form.getByText(/^Tipo di file non ammesso: «memoria\.pdf» non è un file \.pdf, il contenuto è Archivio ZIP/)).toBeVisible();
	await expect(form.getByRole('status')).toHaveText('Caricati 0 file su 2: controlla gli errori qui sotto.');
	expect(docsOf(id).length).toBe(before);

	// Without JavaScript the server applies the same limit to the plain form.
	const ctx = await browser.newContext({ javaScriptEnabled: false });
	const plain = await ctx.newPage();
	await loginAs(plain, 'segreteria');
	await plain.goto(`/procedimenti/${id}/documenti`);
	const plainForm = plain.locator('form.upload').first();
	await plainForm
		.getByLabel('File (puoi sceglierne più di uno)')
		.setInputFiles([{ name: 'perizia.pdf', mimeType: 'application/pdf', buffer: big }]);
	await plainForm.getByLabel('Titolo (facoltativo)').fill('Perizia tecnica');
	await plainForm.getByRole('button', { name: 'Carica', exact: true }).click();
	await expect(plain.getByRole('status').first()).toContainText('File troppo grande: massimo 16 MB');
	await expect(plain.locator('form.upload').first().getByLabel('Titolo (facoltativo)')).toHaveValue('Perizia tecnica');
	expect(docsOf(id).length).toBe(before);
	await ctx.close();
});

test('the demo avvocato does not see a riservato document of 2026/1 and gets 404 on its URL', async ({ page, browser }) => {
	const id = caseId(1);
	await loginAs(page, 'segreteria');
	await page.goto(`/procedimenti/${id}/documenti`);
	await uploadVia(page, [{ name: 'verbale.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await samplePdf('Verbale')) }], {
		titolo: 'Verbale del primo incontro'
	});
	await expect(page.getByRole('heading', { name: 'Verbale del primo incontro' })).toBeVisible();
	const form = await uploadVia(page, [{ name: 'nota.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await samplePdf('Nota')) }], {
		titolo: 'Nota riservata della segreteria',
		riservato: true
	});
	await expect(form.getByRole('status')).toHaveText('File caricato.');
	const secret = page.locator('li.doc', { has: page.getByRole('heading', { name: 'Nota riservata della segreteria' }) });
	await expect(secret.getByText('Riservato al mediatore')).toBeVisible();
	const secretRow = docsOf(id).find((d) => d.titolo === 'Nota riservata della segreteria')!;
	expect(secretRow.riservato).toBe(1);
	const publicRow = docsOf(id).find((d) => d.titolo === 'Verbale del primo incontro')!;

	const avv = await pageAs(browser, 'avvocato');
	await avv.goto(`/procedimenti/${id}/documenti`);
	await expect(avv.getByRole('heading', { name: 'Fascicolo elettronico' })).toBeVisible();
	await expect(avv.getByRole('heading', { name: publicRow.titolo })).toBeVisible();
	await expect(avv.getByText('Nota riservata della segreteria')).toHaveCount(0);
	expect((await avv.request.get(`/procedimenti/${id}/documenti/${secretRow.id}`)).status()).toBe(404);
	expect((await avv.request.get(`/procedimenti/${id}/documenti/${secretRow.id}?inline=1`)).status()).toBe(404);
	expect((await avv.request.get(`/procedimenti/${id}/documenti/${publicRow.id}`)).status()).toBe(200);

	// The mediator of the case sees it.
	const med = await pageAs(browser, 'mediatore');
	await med.goto(`/procedimenti/${id}/documenti`);
	await expect(med.getByRole('heading', { name: 'Nota riservata della segreteria' })).toBeVisible();
	expect((await med.request.get(`/procedimenti/${id}/documenti/${secretRow.id}`)).status()).toBe(200);
});

test("the demo avvocato gets 404 on case 2026/2's documents", async ({ page, browser }) => {
	const id = caseId(2);
	await loginAs(page, 'segreteria');
	await page.goto(`/procedimenti/${id}/documenti`);
	const form = await uploadVia(page, [
		{ name: 'contratto.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await samplePdf('Contratto')) }
	]);
	await expect(form.getByRole('status')).toHaveText('File caricato.');
	const doc = docsOf(id).find((d) => d.titolo === 'contratto')!;
	const count = docsOf(id).length;

	const avv = await pageAs(browser, 'avvocato');
	const res = await avv.goto(`/procedimenti/${id}/documenti`);
	expect(res?.status()).toBe(404);
	await expect(avv.getByText('Procedimento non trovato.')).toBeVisible();
	expect((await avv.request.get(`/procedimenti/${id}/documenti/${doc.id}`)).status()).toBe(404);
	// Nor through his own case's URL.
	expect((await avv.request.get(`/procedimenti/${caseId(1)}/documenti/${doc.id}`)).status()).toBe(404);
	// And he may not upload there.
	const post = await avv.request.post(`/procedimenti/${id}/documenti?/upload`, {
		multipart: { file: { name: 'x.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await samplePdf('x')) } },
		headers: { origin: new URL(avv.url()).origin, 'x-sveltejs-action': 'true' }
	});
	expect(await post.text()).toContain('Procedimento non trovato');
	expect(docsOf(id).length).toBe(count);
});
