import { expect, test, type Browser, type Page } from '@playwright/test';
import { createWorld, type Member, type World } from './isolation-fixture.ts';
import { trackConsoleErrors } from './fixtures.ts';

// Issue #11, finding 2, through real HTTP: a change of who may do what in a case reaches the open
// connections at once. The responsabile revokes the mediator's accepted assignment with the ordinary form
// (a POST to ?/revoca); nothing in that action calls the live re-check: src/hooks.server.ts runs
// it after every state-changing request. The mediator's open verbale must stop being editable and
// say why, and the mediator's room connection must be closed — without the mediator reloading.
// A case of its own in an Organismo of its own (the isolation fixture), so no other spec is touched.

let world: World;

test.beforeAll(async () => {
	world = await createWorld('L');
});

async function pageAs(browser: Browser, member: Member): Promise<Page> {
	const context = await browser.newContext();
	const [name, value] = member.cookie.split('=');
	await context.addCookies([{ name, value, url: test.info().project.use.baseURL! }]);
	return context.newPage();
}

const editorOf = (page: Page) => page.getByRole('textbox', { name: 'Testo del verbale' });

test('revoking the mediator by the form closes their open verbale and room at once', async ({ browser }) => {
	const mediatore = await pageAs(browser, world.members.mediatore);
	const errors = trackConsoleErrors(mediatore);
	await mediatore.goto(`/procedimenti/${world.caseId}/verbale/${world.verbaleId}`);
	await expect(editorOf(mediatore)).toHaveAttribute('contenteditable', 'true');
	await editorOf(mediatore).click();
	await mediatore.keyboard.type('Il mediatore scrive. ');

	// The same mediator is also inside the room, in another tab.
	const stanza = await mediatore.context().newPage();
	await stanza.addInitScript(() => localStorage.setItem('accordo:test', '1'));
	await stanza.goto(`/procedimenti/${world.caseId}/stanza`);
	await stanza.getByRole('button', { name: 'Entra nella stanza' }).click();
	await expect(stanza.getByRole('complementary', { name: 'Pannello della stanza' })).toBeVisible({ timeout: 20_000 });

	const responsabile = await pageAs(browser, world.members.responsabile);
	await responsabile.goto(`/procedimenti/${world.caseId}/mediatore`);
	await responsabile.getByText('Sostituisci il mediatore (revoca)').click();
	await responsabile.getByLabel('Motivo della revoca').fill('Sopravvenuta incompatibilità del mediatore.');
	await responsabile.getByRole('button', { name: "Revoca l'assegnazione" }).click();
	await expect(responsabile.getByRole('status').filter({ hasText: 'Assegnazione revocata.' })).toBeVisible();

	// No reload on the mediator's side: the verbale connection was closed by the server.
	await expect(mediatore.getByText('Non hai più accesso a questo verbale. Ricarica la pagina.')).toBeVisible();
	await expect(editorOf(mediatore)).toHaveAttribute('contenteditable', 'false');
	// And the room told them they are out.
	await expect(stanza.getByRole('alert')).toHaveText('Non partecipi più a questo procedimento: la stanza è stata chiusa per te.');

	// What is left of their rights is what the case rules say now: the page refuses them.
	const again = await mediatore.goto(`/procedimenti/${world.caseId}/verbale/${world.verbaleId}`);
	expect(again?.status()).toBe(404);
	expect(errors.filter((e) => !/403|404|Forbidden|WebSocket/i.test(e))).toEqual([]);
	await mediatore.context().close();
	await responsabile.context().close();
});
