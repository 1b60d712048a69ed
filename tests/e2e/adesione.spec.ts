import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { and, eq } from 'drizzle-orm';
import { closeDb, openDb, type Db } from '#db/client.ts';
import { saveCasella } from '#db/comunicazioni/service.ts';
import { CasellaInput } from '#db/comunicazioni/schemas.ts';
import { createProcedimento } from '#db/procedimenti/repo.ts';
import { assegnazioni, casellePosta, centriInteresse } from '#db/schema.ts';
import { DEMO_ORGANISMO_ID } from '#db/seed.ts';
import { newId } from '#db/shared/ids.ts';
import { startPecHarness, type PecHarness } from '../helpers/mail/index.ts';
import { createUser } from '../helpers/db.ts';
import { samplePdf } from '../helpers/documents-samples.ts';
import { caseInput, cf, parte } from '../helpers/procedimenti.ts';
import { demoUser, e2eDbPath, hydrated, loginAs, trackConsoleErrors } from './fixtures.ts';

// Adesione online at the phone viewport: one invited party refuses alone, the other adheres through
// its lawyer (who signs in from the handed link and completes it with a file); the segreteria, the
// mediator and the lawyers get the notices in the app and by e-mail (the test SMTP server); the new
// lawyer files a document "riservato al mediatore" that the other side never sees.

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

const PASSWORD = 'Tramonto-sul-Po-92';
let h: PecHarness;
let casellaId: string;
let caso: { id: string; anno: number; numero: number };
let codici: { paola: string; sandro: string };
let nuovoAvvocato: { email: string };

const withDb = <T>(fn: (db: Db) => T): T => {
	const db = openDb(e2eDbPath());
	try {
		return fn(db);
	} finally {
		closeDb(db);
	}
};

test.beforeAll(async () => {
	h = await startPecHarness({ domain: 'posta.prova.it' });
	const box = h.mailbox('segreteria.adesione');
	const admin = { kind: 'user' as const, id: 'demo-admin', organismoId: DEMO_ORGANISMO_ID, role: 'amministratore' as const, sedeIds: null };
	const segreteria = {
		kind: 'user' as const,
		id: 'demo-segreteria',
		organismoId: DEMO_ORGANISMO_ID,
		role: 'segreteria' as const,
		sedeIds: null
	};
	const key = Buffer.from('YWNjb3Jkby1lMmUtY2hpYXZlLWRpLXByb3ZhLTMyYnk=', 'base64');
	const email = `avv.nuova.${newId(4)}@prova.it`;
	const udb = openDb(e2eDbPath());
	try {
		const u = await createUser(udb, DEMO_ORGANISMO_ID, 'avvocato', { email, password: PASSWORD, nome: 'Teresa', cognome: 'Nuova' });
		nuovoAvvocato = { email: u.email };
	} finally {
		closeDb(udb);
	}
	withDb((db) => {
		// The Organismo's ordinary e-mail account, on the test SMTP server: the notices leave from it.
		const saved = saveCasella(
			db,
			admin,
			CasellaInput.parse({
				canale: 'email',
				nome: 'Segreteria demo',
				indirizzo: box.address,
				smtpHost: h.smtp.host,
				smtpPort: String(h.smtp.port),
				smtpSicurezza: 'nessuna',
				utente: box.address,
				password: box.password,
				attiva: 'on'
			}),
			key
		);
		if (!saved.ok) throw new Error(saved.message);
		casellaId = saved.id;
		const sede = db.$client.prepare('SELECT id FROM sedi WHERE organismo_id = ? LIMIT 1').get(DEMO_ORGANISMO_ID) as { id: string };
		const r = createProcedimento(
			db,
			segreteria,
			caseInput(db, DEMO_ORGANISMO_ID, sede.id, {
				oggetto: 'Infiltrazioni dal lastrico solare',
				parti: [
					parte({
						ruolo: 'istante',
						avvNome: 'Francesca',
						avvCognome: "D'Angelo",
						avvEmail: demoUser('avvocato').email,
						avvForo: 'Milano'
					}),
					parte({
						ruolo: 'invitata',
						centro: 1,
						nome: 'Paola',
						cognome: 'Aderente',
						codiceFiscale: cf('DRNPLA70A41F205'),
						email: 'paola@prova.it'
					}),
					parte({
						ruolo: 'invitata',
						centro: 2,
						nome: 'Sandro',
						cognome: 'Rifiutante',
						codiceFiscale: cf('RFTSDR70A01F205'),
						email: 'sandro@prova.it'
					})
				]
			})
		);
		if (!r.ok) throw new Error(r.message);
		caso = r;
		db.insert(assegnazioni)
			.values({
				id: newId(),
				procedimentoId: r.id,
				mediatoreId: demoUser('mediatore').id,
				metodo: 'scelta_responsabile',
				stato: 'accettata'
			})
			.run();
		const [c1, c2] = db
			.select()
			.from(centriInteresse)
			.where(and(eq(centriInteresse.procedimentoId, r.id), eq(centriInteresse.ruolo, 'invitata')))
			.orderBy(centriInteresse.ordine)
			.all();
		codici = { paola: c1.codiceAdesione!, sandro: c2.codiceAdesione! };
	});
});

test.afterAll(async () => {
	// The account points at this spec's SMTP server: switch it off for the specs that follow.
	if (casellaId) withDb((db) => db.update(casellePosta).set({ attiva: false }).where(eq(casellePosta.id, casellaId)).run());
	await h?.stop();
});

async function checkPage(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	const serious = results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	expect(serious).toEqual([]);
	expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

async function enterCodes(page: Page, numero: string, codice: string) {
	await page.goto('/o/demo/adesione');
	await hydrated(page);
	await page.getByLabel('Numero di istanza').fill(numero);
	await page.getByLabel('Codice personale di adesione').fill(codice);
	await page.getByRole('button', { name: 'Prosegui' }).click();
}

test('an invited party refuses alone, the other adheres through its lawyer; everyone is told; a riservato deposit stays with the mediator', async ({
	page,
	browser
}) => {
	test.setTimeout(150_000);
	const errors = trackConsoleErrors(page);
	const numero = `${caso.anno}/${caso.numero}`;

	// Bad input: Italian messages, nothing opened.
	await enterCodes(page, 'dodici', 'x');
	await expect(page.getByText('Numero di istanza non valido: scrivilo come anno/numero, per esempio 2026/12.')).toBeVisible();
	await expect(page.getByText('Codice di adesione non valido: controlla di averlo copiato per intero.')).toBeVisible();
	await checkPage(page);
	await enterCodes(page, numero, 'aaaaaaaaaaaaaaaa');
	await expect(page.getByRole('alert')).toHaveText('Numero di istanza o codice di adesione non corretti.');

	// Sandro refuses alone, with a reason.
	await enterCodes(page, numero, codici.sandro.toUpperCase());
	await expect(page.getByText('Infiltrazioni dal lastrico solare')).toBeVisible();
	await expect(page.getByText('Sandro Rifiutante')).toBeVisible();
	await hydrated(page);
	await checkPage(page);
	await page.getByRole('button', { name: 'Rifiuta l’invito' }).click();
	await expect(page.getByText('Conferma di voler rifiutare l’invito.')).toBeVisible();
	await page.getByLabel('Motivo (facoltativo)').fill('Nessun interesse a conciliare');
	await page.getByLabel('Confermo di non voler partecipare alla mediazione').check();
	await page.getByRole('button', { name: 'Rifiuta l’invito' }).click();
	await expect(page.getByRole('status')).toContainText('Il rifiuto dell’invito è stato registrato');

	// Paola generates the link for her lawyer.
	await enterCodes(page, numero, codici.paola);
	await hydrated(page);
	await page.getByRole('button', { name: 'Aderisci tramite il tuo avvocato' }).click();
	const linkField = page.getByLabel(/Collegamento per l’avvocato/);
	await expect(linkField).toBeVisible();
	const link = new URL(await linkField.inputValue());
	await checkPage(page);

	// The lawyer opens it on her own phone, signs in and completes the adhesion with a file.
	const avvCtx = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'it-IT' });
	const avv = await avvCtx.newPage();
	const avvErrors = trackConsoleErrors(avv);
	await avv.goto(link.pathname);
	await checkPage(avv);
	await avv.getByRole('link', { name: 'Accedi per completare l’adesione' }).click();
	await hydrated(avv);
	await avv.getByLabel('Email').fill(nuovoAvvocato.email);
	await avv.getByLabel('Password').fill(PASSWORD);
	await avv.getByRole('button', { name: 'Accedi' }).click();
	await expect(avv.getByRole('heading', { name: 'Adesione tramite avvocato' })).toBeVisible();
	await hydrated(avv);
	await expect(avv.getByLabel('Nome', { exact: true })).toHaveValue('Teresa');
	await checkPage(avv);
	// Bad input first: the fiscal code and the missing mandate are explained, nothing is recorded.
	await avv.getByLabel('Codice fiscale').fill('ABC');
	await avv.getByRole('button', { name: 'Completa l’adesione' }).click();
	await expect(avv.getByText('Il codice fiscale deve avere 16 caratteri.')).toBeVisible();
	await expect(avv.getByText('Conferma di aver ricevuto il mandato dalla parte.')).toBeVisible();
	await avv.getByLabel('Codice fiscale').fill(cf('NVOTRS75A41F205'));
	await avv.getByLabel('Foro di appartenenza').fill('Monza');
	await avv.getByLabel('PEC').fill('teresa.nuova@pec.prova.it');
	await avv.getByLabel('La parte accetta gli incontri in modalità telematica').check();
	await avv
		.getByLabel(/^Documenti/)
		.setInputFiles({ name: 'delega.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await samplePdf('Delega')) });
	await avv.getByLabel('Dichiaro di assistere la parte invitata e di averne ricevuto il mandato').check();
	await avv.getByRole('button', { name: 'Completa l’adesione' }).click();
	await expect(avv.getByRole('heading', { level: 1, name: `Procedimento n. ${numero}` })).toBeVisible();

	// Now her case: she files a note riservato al mediatore and gets the receipt.
	await avv.getByRole('link', { name: 'Deposito atti' }).click();
	await hydrated(avv);
	await checkPage(avv);
	await avv.getByLabel('Titolo (facoltativo, per un solo file)').fill('Nota riservata per il mediatore');
	await avv
		.getByLabel('File da depositare')
		.setInputFiles({ name: 'nota.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await samplePdf('Nota')) });
	await avv.getByLabel(/Riservato al mediatore/).check();
	await avv.getByRole('button', { name: 'Deposita', exact: true }).click();
	await expect(avv.getByRole('heading', { name: 'Ricevuta di deposito' })).toBeVisible();
	await expect(avv.getByRole('status')).toContainText('Deposito registrato al protocollo n.');
	const ricevuta = new URL(avv.url()).pathname;
	await checkPage(avv);
	// And she asks for the replacement of the mediator (art. 14 c.3): too short first, then with reasons.
	await avv.getByRole('link', { name: 'Richieste', exact: true }).click();
	await hydrated(avv);
	await avv.getByLabel('Motivi della richiesta').fill('Breve');
	await avv.getByRole('button', { name: 'Invia la richiesta' }).click();
	await expect(avv.getByText('Scrivi i motivi della richiesta (almeno 20 caratteri).')).toBeVisible();
	await avv.getByLabel('Motivi della richiesta').fill('Il mediatore ha assistito in passato la parte istante.');
	await avv.getByRole('button', { name: 'Invia la richiesta' }).click();
	await expect(avv.getByRole('status')).toContainText('Richiesta di sostituzione inviata');
	await expect(avv.getByText('In attesa di decisione')).toBeVisible();
	await checkPage(avv);
	expect(avvErrors).toEqual([]);
	await avvCtx.close();

	// The istante's lawyer: both notices in the app; the riservato note nowhere, its receipt not found.
	await loginAs(page, 'avvocato');
	await page.goto('/scadenze/notifiche');
	await expect(page.getByRole('link', { name: `Rifiuto della parte invitata — n. ${numero}` })).toBeVisible();
	await expect(page.getByRole('link', { name: `Adesione della parte invitata — n. ${numero}` })).toBeVisible();
	await checkPage(page);
	await page.goto(`/procedimenti/${caso.id}/documenti`);
	await expect(page.getByRole('heading', { level: 1, name: `Procedimento n. ${numero}` })).toBeVisible();
	await expect(page.getByText('Nota riservata per il mediatore')).toHaveCount(0);
	expect((await page.request.get(ricevuta)).status()).toBe(404);

	// The mediator sees the note, and the answers on the Parti page.
	await page.context().clearCookies();
	await loginAs(page, 'mediatore');
	await page.goto(`/procedimenti/${caso.id}/documenti`);
	await expect(page.getByText('Nota riservata per il mediatore')).toBeVisible();
	await page.goto('/scadenze/notifiche');
	await expect(page.getByRole('link', { name: `Adesione della parte invitata — n. ${numero}` })).toBeVisible();

	// Area riservata: the mediator updates her professional data; they wait for the segreteria.
	await page.goto('/portale/dati');
	await hydrated(page);
	await page.getByLabel('Lingue').fill('Inglese');
	await page.getByLabel(/Altri organismi presso cui sei iscritto/).fill('ODM Uno\nODM Due\nODM Tre\nODM Quattro\nODM Cinque\nODM Sei');
	await page.getByRole('button', { name: 'Invia per approvazione' }).click();
	await expect(page.getByText('Puoi indicare al massimo 5 altri organismi.')).toBeVisible();
	await page.getByLabel(/Altri organismi presso cui sei iscritto/).fill('ODM Uno');
	await page.getByRole('button', { name: 'Invia per approvazione' }).click();
	await expect(page.getByRole('status')).toContainText('la segreteria la approverà');
	await page.reload();
	await expect(page.getByText('Ultima modifica: In attesa di approvazione')).toBeVisible();
	await checkPage(page);
	await page.context().clearCookies();
	await loginAs(page, 'segreteria');
	await page.goto('/portale/approvazioni');
	await hydrated(page);
	await checkPage(page);
	const card = page.locator('section.card').filter({ hasText: 'ODM Uno' });
	await card.getByRole('button', { name: 'Approva' }).click();
	await expect(page.getByRole('status')).toHaveText('Modifica approvata.');

	// E-mails reached the test SMTP server: the segreteria, the mediator and both lawyers, for each answer.
	const subjects = () => h.provider.submissions.filter((s) => s.subject.includes(`n. ${numero}`));
	await expect
		.poll(() => subjects().filter((s) => s.subject.endsWith('— mancata adesione della parte invitata')).length, { timeout: 60_000 })
		.toBeGreaterThanOrEqual(3);
	await expect
		.poll(() => subjects().filter((s) => s.subject.endsWith('— adesione della parte invitata')).length, { timeout: 60_000 })
		.toBeGreaterThanOrEqual(4);
	const to = subjects().flatMap((s) => s.to);
	for (const addr of [demoUser('segreteria').email, demoUser('mediatore').email, demoUser('avvocato').email, nuovoAvvocato.email])
		expect(to).toContain(addr);
	expect(errors).toEqual([]);
});
