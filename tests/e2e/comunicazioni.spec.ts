import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { closeDb, openDb } from '#db/client.ts';
import { composeEml } from '#db/comunicazioni/outbox.ts';
import { createProcedimento } from '#db/procedimenti/repo.ts';
import { DEMO_ORGANISMO_ID } from '#db/seed.ts';
import { startPecHarness, type PecHarness } from '../helpers/mail/index.ts';
import { caseInput, cf, parte } from '../helpers/procedimenti.ts';
import { e2eDbPath, hydrated, loginAs, trackConsoleErrors } from './fixtures.ts';

// The whole PEC path in the browser: the server (its mail worker) submits to the fake PEC provider and
// reads the receipts back from a real Dovecot; the page shows "consegnata" with the evidence.
let h: PecHarness;
let box: { address: string; password: string };
let uno: { address: string; password: string };
let due: { address: string; password: string };
let caso: { id: string; anno: number; numero: number };

test.beforeAll(async () => {
	h = await startPecHarness();
	box = h.mailbox('organismo.e2e');
	uno = h.mailbox('prima.invitata');
	due = h.mailbox('seconda.invitata');
	// A new case with two invited parties that have a PEC, registered as the segreteria would.
	const db = openDb(e2eDbPath());
	try {
		const sede = db.$client.prepare('SELECT id FROM sedi WHERE organismo_id = ? LIMIT 1').get(DEMO_ORGANISMO_ID) as { id: string };
		const actor = {
			kind: 'user' as const,
			id: 'demo-segreteria',
			organismoId: DEMO_ORGANISMO_ID,
			role: 'segreteria' as const,
			sedeIds: null
		};
		const r = createProcedimento(
			db,
			actor,
			caseInput(db, DEMO_ORGANISMO_ID, sede.id, {
				parti: [
					parte({ ruolo: 'istante' }),
					parte({
						ruolo: 'invitata',
						centro: 1,
						nome: 'Paola',
						cognome: 'Prima',
						codiceFiscale: cf('PRMPLA70A41F205'),
						email: null,
						pec: uno.address
					}),
					parte({
						ruolo: 'invitata',
						centro: 2,
						nome: 'Sandro',
						cognome: 'Secondo',
						codiceFiscale: cf('SCNSDR70A01F205'),
						email: null,
						pec: due.address
					})
				]
			})
		);
		if (!r.ok) throw new Error(r.message);
		caso = { id: r.id, anno: r.anno, numero: r.numero };
	} finally {
		closeDb(db);
	}
});
test.afterAll(async () => {
	await h?.stop();
});

async function seriousViolations(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('the administrator configures the PEC mailbox and sends a test message; the segreteria sends the comunicazione to two invited parties and sees it delivered with the evidence; an incoming PEC is registered into the case', async ({
	page
}) => {
	test.setTimeout(120_000);
	const errors = trackConsoleErrors(page);
	await loginAs(page, 'amministratore');
	await page.goto('/admin/caselle');
	await hydrated(page);
	await page.getByLabel('Nome del mittente').fill('Organismo demo');
	await page.getByLabel('Indirizzo').fill(box.address);
	await page.getByLabel('Server SMTP').fill(h.smtp.host);
	await page.getByLabel('Porta SMTP').fill(String(h.smtp.port));
	await page.getByLabel('Sicurezza SMTP').selectOption('nessuna');
	await page.getByLabel('Server IMAP').fill(h.imap.host);
	await page.getByLabel('Porta IMAP').fill(String(h.imap.port));
	await page.getByLabel('Sicurezza IMAP').selectOption('nessuna');
	await page.getByLabel('Nome utente').fill(box.address);
	// A wrong password first: the test message explains it in Italian.
	await page.getByLabel('Password').fill('sbagliata');
	await page.getByLabel('Certificati dei gestori PEC fidati (PEM)').fill(h.ca.caPem);
	await page.getByRole('button', { name: 'Salva la casella' }).click();
	await expect(page.getByRole('status')).toHaveText('Casella salvata.');
	// Other specs may have left accounts of their own (switched off): test this one.
	await page.getByRole('listitem').filter({ hasText: box.address }).getByRole('button', { name: 'Invia messaggio di prova' }).click();
	await expect(page.getByRole('status')).toContainText('Autenticazione rifiutata');
	expect(await seriousViolations(page)).toEqual([]);

	// Saving the same address again corrects the account.
	await page.goto('/admin/caselle');
	await hydrated(page);
	await page.getByLabel('Nome del mittente').fill('Organismo demo');
	await page.getByLabel('Indirizzo').fill(box.address);
	await page.getByLabel('Server SMTP').fill(h.smtp.host);
	await page.getByLabel('Porta SMTP').fill(String(h.smtp.port));
	await page.getByLabel('Sicurezza SMTP').selectOption('nessuna');
	await page.getByLabel('Server IMAP').fill(h.imap.host);
	await page.getByLabel('Porta IMAP').fill(String(h.imap.port));
	await page.getByLabel('Sicurezza IMAP').selectOption('nessuna');
	await page.getByLabel('Nome utente').fill(box.address);
	await page.getByLabel('Password').fill(box.password);
	await page.getByLabel('Certificati dei gestori PEC fidati (PEM)').fill(h.ca.caPem);
	await page.getByRole('button', { name: 'Salva la casella' }).click();
	await expect(page.getByRole('status')).toHaveText('Casella salvata.');
	await page.getByRole('listitem').filter({ hasText: box.address }).getByRole('button', { name: 'Invia messaggio di prova' }).click();
	await expect(page.getByRole('status')).toContainText(`Messaggio di prova inviato a ${box.address}`);
	await page.context().clearCookies();

	// The segreteria sends the comunicazione dell'istanza: PEC is the default for both parties.
	await loginAs(page, 'segreteria');
	await page.goto(`/procedimenti/${caso.id}/parti`);
	await hydrated(page);
	await expect(page.getByLabel('Canale per Paola Prima')).toHaveValue('pec');
	await expect(page.getByLabel('Canale per Sandro Secondo')).toHaveValue('pec');
	expect(await seriousViolations(page)).toEqual([]);
	const send = page.getByRole('button', { name: 'Invia la comunicazione' });
	await send.dblclick(); // a double click queues each message once
	await expect(page.getByRole('status').first()).toContainText(/Comunicazione in coda per 2 destinatari|già stata messa in coda/);
	// The mail worker sends, reads both receipts and the page refreshes itself.
	await expect(page.getByText(/Comunicazione consegnata il \d{2}\/\d{2}\/\d{4} alle \d{2}:\d{2}/)).toHaveCount(2, { timeout: 60_000 });
	expect(h.provider.submissions.filter((s) => s.subject.includes(`n. ${caso.anno}/${caso.numero}`))).toHaveLength(2);

	// The evidence, one click away: the signed delivery receipt stored in the fascicolo.
	const first = page.locator('details').first();
	await first.getByText('Prove e cronologia').click();
	const link = first.getByRole('link', { name: 'Ricevuta di avvenuta consegna' });
	await expect(link).toBeVisible();
	const res = await page.request.get((await link.getAttribute('href'))!);
	expect(res.status()).toBe(200);
	const eml = await res.text();
	expect(eml).toContain('X-Ricevuta: avvenuta-consegna');
	expect(eml).toContain('postacert.eml');

	// Posta in arrivo: the second party answers by PEC; the sender is matched and the case suggested.
	const raw = await composeEml({
		from: { name: 'Sandro Secondo', address: due.address },
		to: [{ name: 'Organismo', address: box.address }],
		subject: `Adesione al procedimento ${caso.anno}/${caso.numero}`,
		text: 'Comunico la mia adesione.',
		messageId: `<${randomUUID()}@pec.prova.it>`,
		date: new Date()
	});
	await h.provider.inject(due.address, [box.address], raw);
	await page.goto('/posta');
	const item = page.getByRole('listitem').filter({ hasText: `Adesione al procedimento ${caso.anno}/${caso.numero}` });
	await expect(async () => {
		await page.reload();
		await expect(item).toBeVisible({ timeout: 1000 });
	}).toPass({ timeout: 30_000 });
	await expect(item).toContainText('Sandro Secondo');
	await expect(item.getByLabel('Procedimento (anno/numero)')).toHaveValue(`${caso.anno}/${caso.numero}`);
	expect(await seriousViolations(page)).toEqual([]);
	await item.getByRole('button', { name: 'Protocolla e collega' }).click();
	await expect(page.getByRole('status')).toContainText('Registrato al protocollo n.');
	await expect(item).toHaveCount(0);
	await page.goto(`/procedimenti/${caso.id}/documenti`);
	await expect(page.getByText(`PEC ricevuta — Adesione al procedimento ${caso.anno}/${caso.numero}`)).toBeVisible();

	// 360 px: no horizontal scroll on the pages of this flow.
	await page.setViewportSize({ width: 360, height: 740 });
	for (const url of [`/procedimenti/${caso.id}/parti`, '/posta']) {
		await page.goto(url);
		expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
	}
	expect(errors).toEqual([]);
});
