import { expect, test } from '@playwright/test';
import { caseIdByNumber, demoUser, loginAs } from './fixtures.ts';

// Issue #11, finding 9, through real HTTP: the bad-input list of the issue. Nothing answers 500
// ("errore imprevisto"); an export (a file for a program) refuses bad filters with 400 and an
// Italian message; a page answers 400 too, rendered with its form and the Italian reasons.

const UNEXPECTED = 'Si è verificato un errore imprevisto';

test('the bad-input list answers 400 in Italian, never 500', async ({ page, baseURL }) => {
	await loginAs(page, 'segreteria');
	const caseId = await caseIdByNumber(2026, 1);
	const mediatore = demoUser('mediatore');
	const { default: Database } = await import('better-sqlite3');
	const { e2eDbPath } = await import('./fixtures.ts');
	const db = new Database(e2eDbPath(), { readonly: true });
	const mediatoreId = (db.prepare('SELECT id FROM users WHERE email = ?').get(mediatore.email) as { id: string }).id;
	db.close();

	const exports400: string[] = [
		'/procedimenti/export.csv?anno=abc',
		'/procedimenti/export.csv?dal=2026-13-45',
		'/procedimenti/export.csv?al=9999-99-99',
		'/procedimenti/export.csv?stato=%00',
		// Flags and ids of links the app makes: junk is refused, not read as "no".
		'/posta?tutti=si',
		`/procedimenti/${caseId}?creato=%3Cscript%3E`,
		`/procedimenti/${caseId}/firma/nuovo?documento=${'x'.repeat(101)}`
	];
	for (const path of exports400) {
		const res = await page.request.get(path, { headers: { accept: 'text/html' } });
		expect(res.status(), path).toBe(400);
		const body = await res.text();
		expect(body, path).toContain('Richiesta non valida');
		expect(body, path).not.toContain(UNEXPECTED);
	}
	// A page with a filter it cannot read renders (its form, the reasons in Italian, the other
	// filters applied) but answers 400; a valid text search with odd characters is not bad input.
	const pages400: string[] = [
		'/procedimenti?page=-1&pageSize=abc',
		'/procedimenti?sort=segreto',
		'/procedimenti?anno=abc&stato=comunicata',
		'/agenda?vista=anno&data=9999-12-31',
		'/agenda?vista=mese&data=0000-00-00',
		`/agenda/anonima/${mediatoreId}?data=9999-99-99`,
		`/procedimenti/${caseId}/incontri?proponi=1&modalita=x`,
		`/procedimenti/${caseId}/incontri?proponi=1&durata=abc`,
		'/protocollo?dal=2026-13-45',
		'/protocollo?pagina=abc',
		'/scadenze?orizzonte=abc'
	];
	for (const path of pages400) {
		const res = await page.request.get(path, { headers: { accept: 'text/html' }, maxRedirects: 0 });
		expect(res.status(), path).toBe(400);
		const body = await res.text();
		expect(body, path).toContain('Richiesta non valida');
		expect(body, path).not.toContain(UNEXPECTED);
	}
	// The same page in the browser: the form is there, the reason is announced, the valid filter kept.
	const res = await page.goto('/procedimenti?anno=abc&stato=comunicata');
	expect(res?.status()).toBe(400);
	await expect(page.getByRole('alert')).toContainText('Anno: valore non valido');
	await expect(page.getByRole('search', { name: 'Cerca e filtra i procedimenti' })).toBeVisible();
	await expect(page.getByLabel('Stato')).toHaveValue('comunicata');

	const pages: string[] = [
		'/procedimenti?q=%00',
		'/procedimenti/export.csv?q=%00',
		'/procedimenti?q=%22',
		'/login?redirectTo=%2F%0D%0ASet-Cookie%3Ax',
		'/login?redirectTo=%2F%09%2Fevil.example'
	];
	for (const path of pages) {
		const res = await page.request.get(path, { headers: { accept: 'text/html' }, maxRedirects: 0 });
		expect(res.status(), path).toBeLessThan(500);
		const body = await res.text();
		expect(body, path).not.toContain(UNEXPECTED);
		if (res.status() === 400) expect(body, path).toContain('Richiesta non valida');
		if (res.status() >= 300 && res.status() < 400)
			expect(new URL(res.headers().location!, baseURL).origin, path).toBe(new URL(baseURL!).origin);
	}
});
