import { expect, test, type Page } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { caseIdByNumber, hydrated, loginAs, trackConsoleErrors } from './fixtures.ts';

// Finding 5 of issue #11: security headers and the Content-Security-Policy on every page, the
// stanza not frameable by another origin, camera and microphone only in the room, and the main
// pages (room and verbale editor included) running without one CSP violation.

/** Whether the document's Permissions-Policy lets this page use `feature` (Chromium's API). */
async function allows(page: Page, feature: string): Promise<boolean> {
	return page.evaluate(
		(f) => (document as unknown as { featurePolicy: { allowsFeature(f: string): boolean } }).featurePolicy.allowsFeature(f),
		feature
	);
}

function directives(csp: string): Map<string, string[]> {
	return new Map(
		csp
			.split(';')
			.map((d) => d.trim().split(/\s+/))
			.filter((parts) => parts[0])
			.map(([name, ...values]) => [name!, values])
	);
}

test('every page carries the CSP with a nonce and the frame, sniffing, referrer and permissions headers', async ({ request }) => {
	for (const path of ['/login', '/stanza/abc.def']) {
		const res = await request.get(path);
		const h = res.headers();
		expect(h['x-frame-options'], path).toBe('DENY');
		expect(h['x-content-type-options'], path).toBe('nosniff');
		// same-origin, or stricter where the route sets its own (the guest link: no-referrer).
		expect(['same-origin', 'no-referrer'], path).toContain(h['referrer-policy']);
		const csp = directives(h['content-security-policy'] ?? '');
		expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
		expect(csp.get('object-src'), path).toEqual(["'none'"]);
		const scripts = csp.get('script-src') ?? [];
		expect(scripts, path).toContain("'self'");
		expect(
			scripts.some((s) => /^'nonce-[A-Za-z0-9+/=]+'$/.test(s)),
			path
		).toBe(true);
		expect(scripts, path).not.toContain("'unsafe-inline'");
		expect(csp.get('style-src'), path).not.toContain("'unsafe-inline'");
		// The page's own inline bootstrap carries that nonce.
		const nonce = scripts.find((s) => s.startsWith("'nonce-"))!.slice(7, -1);
		expect(await res.text(), path).toContain(`nonce="${nonce}"`);
		// HSTS only over HTTPS (this server is plain http).
		expect(h['strict-transport-security'], path).toBeUndefined();
	}
	const login = (await request.get('/login')).headers()['permissions-policy'] ?? '';
	expect(login).toContain('camera=()');
	expect(login).toContain('microphone=()');
	const room = (await request.get('/stanza/abc.def')).headers()['permissions-policy'] ?? '';
	expect(room).toContain('camera=(self)');
	expect(room).toContain('microphone=(self)');
	expect(room).toContain('geolocation=()');
});

test.describe('framing by another origin', () => {
	let other: Server;
	let otherUrl: string;
	test.beforeAll(async ({ baseURL }) => {
		// Another port on the same host: the same site, so the session cookie travels with the frame.
		other = createServer((req, res) => {
			const target = new URL(decodeURIComponent(req.url!.slice(1)), baseURL).href;
			res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
			res.end(`<!doctype html><title>Altro sito</title><iframe name="victim" src="${target}" width="800" height="600"></iframe>`);
		});
		await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
		otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/`;
	});
	test.afterAll(async () => {
		await new Promise((resolve) => other.close(resolve));
	});

	test('the stanza (and any page) does not load inside another origin’s frame, even logged in', async ({ page }) => {
		const caseId = await caseIdByNumber(2026, 1);
		await loginAs(page, 'mediatore');
		// Same origin, logged in: the room page itself works.
		await page.goto(`/procedimenti/${caseId}/stanza`);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		for (const path of [`/procedimenti/${caseId}/stanza`, '/dashboard']) {
			const blocked = page.waitForEvent('console', {
				predicate: (m) => /frame-ancestors|X-Frame-Options/i.test(m.text()),
				timeout: 10_000
			});
			await page.goto(otherUrl + encodeURIComponent(path));
			await blocked;
			const frame = page.frame({ name: 'victim' });
			expect(frame, path).not.toBeNull();
			// Chromium shows its own error page instead: nothing of Accordo's is in the frame.
			await expect(page.frameLocator('iframe[name=victim]').locator('body[data-hydrated], a.skip-link, header.topbar')).toHaveCount(0);
			expect(await frame!.evaluate(() => document.title).catch(() => ''), path).not.toMatch(/Accordo|Procedimento|Cruscotto/);
		}
	});
});

test('camera and microphone are allowed in the room only, also when reached by a link from the case', async ({ page }) => {
	const caseId = await caseIdByNumber(2026, 1);
	await loginAs(page, 'mediatore');
	expect(await allows(page, 'camera')).toBe(false);
	await page.goto(`/procedimenti/${caseId}`);
	await hydrated(page);
	expect(await allows(page, 'microphone')).toBe(false);
	// A client-side link into the room becomes a full load, so the room's own policy applies.
	await page.getByRole('navigation', { name: 'Sezioni del procedimento' }).getByRole('link', { name: 'Stanza online' }).click();
	await expect(page).toHaveURL(/\/stanza$/);
	await hydrated(page);
	expect(await allows(page, 'camera')).toBe(true);
	expect(await allows(page, 'microphone')).toBe(true);
	expect(await allows(page, 'geolocation')).toBe(false);
	// And leaving it takes the permissions away again.
	await page.getByRole('navigation', { name: 'Sezioni del procedimento' }).getByRole('link', { name: 'Documenti' }).click();
	await expect(page).toHaveURL(/\/documenti$/);
	await hydrated(page);
	expect(await allows(page, 'camera')).toBe(false);
});

test('no CSP violation on the main pages, the room with media and the verbale editor', async ({ browser }) => {
	test.setTimeout(120_000);
	const caseId = await caseIdByNumber(2026, 1);
	const context = await browser.newContext();
	await context.addInitScript(() => localStorage.setItem('accordo:test', '1'));
	const seg = await context.newPage();
	const errors = trackConsoleErrors(seg);
	await loginAs(seg, 'segreteria');
	for (const path of [
		'/dashboard',
		'/procedimenti',
		`/procedimenti/${caseId}`,
		'/agenda',
		'/protocollo',
		`/procedimenti/${caseId}/documenti`
	]) {
		await seg.goto(path);
		await hydrated(seg);
	}
	await seg.goto(`/procedimenti/${caseId}/stanza`);
	await hydrated(seg);
	const open = seg.getByRole('button', { name: 'Apri la stanza online' });
	if (await open.isVisible()) await open.click();
	await context.close();
	expect(errors).toEqual([]);

	const medContext = await browser.newContext();
	await medContext.addInitScript(() => localStorage.setItem('accordo:test', '1'));
	const med = await medContext.newPage();
	const medErrors = trackConsoleErrors(med);
	await loginAs(med, 'mediatore');
	await med.goto(`/procedimenti/${caseId}/stanza`);
	await hydrated(med);
	await med.getByRole('button', { name: 'Entra nella stanza' }).click();
	await expect(med.getByText('Sei in: Sessione plenaria')).toBeVisible({ timeout: 20_000 });
	// The camera and microphone really publish (socket.io to the SFU, WebRTC to mediasoup).
	type Me = { __accordoRoom?: { state(): { me: { sources: string[] } } } };
	await expect
		.poll(() => med.evaluate(() => [...((window as unknown as Me).__accordoRoom?.state().me.sources ?? [])].sort()), { timeout: 20_000 })
		.toEqual(['cam', 'mic']);
	// The verbale editor (TipTap over the collab socket), on a new verbale made from a template: an
	// existing one may be locked for signing by another spec (firma.spec) and so read-only.
	await med.goto(`/procedimenti/${caseId}/verbale`);
	await hydrated(med);
	await med.getByLabel('Modello', { exact: true }).selectOption('accordo');
	await med.getByRole('button', { name: 'Crea verbale' }).click();
	await expect(med).toHaveURL(/\/verbale\/[a-z0-9]+$/);
	const editor = med.getByRole('textbox', { name: 'Testo del verbale' });
	await expect(editor).toHaveAttribute('contenteditable', 'true', { timeout: 20_000 });
	await editor.click();
	await med.keyboard.type(' prova CSP');
	await expect(editor).toContainText('prova CSP');
	await medContext.close();
	expect(medErrors).toEqual([]);
});
