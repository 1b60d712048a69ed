import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { DEMO_USERS, login, loginAs, trackConsoleErrors, e2eDbPath } from './fixtures.ts';

// Case ids come from the e2e database (read-only): other pages may not list the case yet.
function caseId(anno: number, numero: number): string {
	const db = new Database(e2eDbPath(), { readonly: true, fileMustExist: true });
	try {
		const row = db.prepare('SELECT id FROM procedimenti WHERE anno = ? AND numero = ?').get(anno, numero) as { id: string } | undefined;
		if (!row) throw new Error(`case ${anno}/${numero} not found`);
		return row.id;
	} finally {
		db.close();
	}
}

function acceptedAssignment(procedimentoId: string) {
	const db = new Database(e2eDbPath(), { readonly: true, fileMustExist: true });
	try {
		return db
			.prepare(
				`SELECT mediatore_id AS mediatoreId, dichiarazione_testo AS testo, dichiarazione_sha256 AS sha FROM assegnazioni WHERE procedimento_id = ? AND stato = 'accettata'`
			)
			.get(procedimentoId) as { mediatoreId: string; testo: string; sha: string } | undefined;
	} finally {
		db.close();
	}
}

async function seriousViolations(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function logout(page: Page) {
	await page.getByRole('button', { name: 'Esci' }).click();
	await expect(page).toHaveURL(/\/login/);
}

const mediators = DEMO_USERS.filter((u) => u.role === 'mediatore');
const fullName = (u: (typeof mediators)[number]) => `${u.nome} ${u.cognome}`;

test('segreteria assigns a mediator by rotation; the mediator accepts with the declaration; the other mediator cannot open the case', async ({
	page
}) => {
	const errors = trackConsoleErrors(page);
	const id = caseId(2026, 2);

	// Segreteria: case tab "Mediatore", rotation, who and why.
	await loginAs(page, 'segreteria');
	await page.goto(`/procedimenti/${id}`);
	await page.getByRole('navigation', { name: 'Sezioni del procedimento' }).getByRole('link', { name: 'Mediatore' }).click();
	await expect(page.getByRole('heading', { name: 'Mediatore del procedimento' })).toBeVisible();
	await expect(page.getByText('Nessun mediatore assegnato.')).toBeVisible();
	expect(await seriousViolations(page), 'tab Mediatore').toEqual([]);
	await page.getByRole('button', { name: 'Assegna per rotazione' }).click();

	const status = page.getByRole('status').filter({ hasText: 'Proposto per rotazione' });
	await expect(status).toBeVisible();
	const text = (await status.textContent()) ?? '';
	const me = mediators.find((m) => text.includes(`Proposto per rotazione: ${fullName(m)}.`));
	expect(me, text).toBeDefined();
	const other = mediators.find((m) => m.id !== me!.id)!;

	// The "why": every candidate with its outcome, the chosen one first in turn.
	const trace = page.getByRole('table', { name: /Rotazione per la materia/ });
	await expect(trace.getByRole('row', { name: new RegExp(`${fullName(me!)}.*Scelto`) })).toBeVisible();
	await expect(trace.getByRole('row', { name: new RegExp(`${fullName(other)}.*Idoneo, successivo nel turno`) })).toBeVisible();
	await expect(trace.getByRole('row', { name: new RegExp(fullName(me!)) })).toContainText('Primo idoneo nel turno');
	await expect(page.getByText('In attesa di accettazione')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Assegna per rotazione' })).toHaveCount(1); // now: the optional co-mediatore
	await expect(page.getByRole('heading', { name: 'Aggiungi un co-mediatore (facoltativo)' })).toBeVisible();
	await logout(page);

	// The chosen mediator: "Incarichi", case summary, declaration, acceptance.
	await login(page, me!.email);
	await expect(page.getByRole('heading', { level: 1, name: 'Cruscotto — Mediatore' })).toBeVisible();
	await page.getByRole('link', { name: 'Incarichi' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'I miei incarichi' })).toBeVisible();
	const proposta = page.getByRole('article', { name: 'Procedimento n. 2026/2' });
	await expect(proposta).toBeVisible();
	await expect(proposta.getByRole('listitem').filter({ hasText: 'Giulia Ricci' })).toContainText('parte istante');
	await expect(proposta.getByRole('listitem').filter({ hasText: 'Luca Bianchi' })).toContainText('parte invitata');
	const declaration = proposta.getByLabel('Dichiarazione di indipendenza e imparzialità');
	await expect(declaration).toContainText('DICHIARAZIONE DI INDIPENDENZA E IMPARZIALITÀ');
	await expect(declaration).toContainText(`Mediatore designato: ${fullName(me!)}`);
	await expect(declaration).toContainText('art. 14, comma 2');
	expect(await seriousViolations(page), 'Incarichi').toEqual([]);
	await proposta.getByLabel('Ho letto la dichiarazione e la sottoscrivo').check();
	await proposta.getByRole('button', { name: 'Accetto e sottoscrivo la dichiarazione' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Incarico accettato e dichiarazione sottoscritta' })).toBeVisible();
	await expect(page.getByText('Nessuna proposta in attesa.')).toBeVisible();

	const stored = acceptedAssignment(id);
	expect(stored?.mediatoreId).toBe(me!.id);
	expect(stored?.testo).toContain('Procedimento n. 2026/2');
	expect(stored?.sha).toBe(createHash('sha256').update(stored!.testo, 'utf8').digest('hex'));

	await page.getByRole('table', { name: 'Procedimenti di cui sei mediatore' }).getByRole('link', { name: '2026/2' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Procedimento n. 2026/2' })).toBeVisible();
	expect(errors).toEqual([]);
	await logout(page);

	// The other demo mediator has nothing to do with the case: 404.
	await login(page, other.email);
	await expect(page.getByRole('heading', { level: 1, name: 'Cruscotto — Mediatore' })).toBeVisible();
	const res = await page.goto(`/procedimenti/${id}`);
	expect(res?.status()).toBe(404);
	await expect(page.getByText('Procedimento non trovato.')).toBeVisible();
});

test('staff registry: the responsabile edits a mediator; the segreteria only reads', async ({ page }) => {
	const errors = trackConsoleErrors(page);
	await loginAs(page, 'responsabile');
	await page.getByRole('link', { name: 'Mediatori' }).click();
	await expect(page.getByRole('heading', { name: 'Registro dei mediatori' })).toBeVisible();
	expect(await seriousViolations(page), 'registry').toEqual([]);
	await page.getByRole('link', { name: 'Conti Sara' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Sara Conti' })).toBeVisible();

	// Wrong value: Italian message, typed values kept.
	await page.getByLabel(/Carico massimo/).fill('0');
	await page.getByLabel('Qualifiche').fill('Ingegnere civile, mediatrice dal 2018');
	await page.getByLabel(/Carico massimo/).evaluate((el: HTMLInputElement) => el.removeAttribute('min'));
	await page.getByRole('button', { name: 'Salva i dati del registro' }).click();
	await expect(page.getByText('Carico massimo: almeno 1 procedimento.')).toBeVisible();
	await expect(page.getByLabel('Qualifiche')).toHaveValue('Ingegnere civile, mediatrice dal 2018');

	await page.getByLabel(/Carico massimo/).fill('8');
	await page.getByRole('button', { name: 'Salva i dati del registro' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Dati del mediatore aggiornati.' })).toBeVisible();

	// Conflicts: a free-text one, added and removed.
	await page.getByLabel('Descrizione').fill('Socia di studio di un avvocato del foro di Milano');
	await page.getByRole('button', { name: 'Aggiungi il conflitto' }).click();
	await expect(page.getByText('Conflitto registrato (solo testo).')).toBeVisible();
	await expect(page.getByText('Socia di studio di un avvocato del foro di Milano')).toBeVisible();
	expect(await seriousViolations(page), 'mediator page').toEqual([]);
	await page.getByRole('button', { name: /Rimuovi il conflitto/ }).click();
	await expect(page.getByText('Conflitto rimosso.')).toBeVisible();
	expect(errors).toEqual([]);
	await logout(page);

	await loginAs(page, 'segreteria');
	await page.getByRole('link', { name: 'Mediatori' }).click();
	await page.getByRole('link', { name: 'Conti Sara' }).click();
	await expect(page.getByText('Ingegnere civile, mediatrice dal 2018')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Salva i dati del registro' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Aggiungi il conflitto' })).toHaveCount(0);
});

test.describe('on a 360 px phone', () => {
	test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

	test('the case tab, the registry and the Incarichi page fit the screen', async ({ page }) => {
		const id = caseId(2026, 1);
		const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		await loginAs(page, 'responsabile');
		for (const path of [`/procedimenti/${id}/mediatore`, '/mediatori', '/mediatori/demo-mediatore']) {
			await page.goto(path);
			await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
			expect(await overflow(), path).toBeLessThanOrEqual(0);
		}
		await page.getByRole('button', { name: 'Menu' }).click();
		await page.getByRole('button', { name: 'Esci' }).click();
		await login(page, 'mediatore@demo.accordo.it');
		await expect(page.getByRole('heading', { level: 1, name: 'Cruscotto — Mediatore' })).toBeVisible();
		await page.goto('/incarichi');
		await expect(page.getByRole('heading', { level: 1, name: 'I miei incarichi' })).toBeVisible();
		expect(await overflow(), '/incarichi').toBeLessThanOrEqual(0);
	});
});
