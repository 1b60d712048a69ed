import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { startCollabServer, type CollabServer } from '#collab/server.ts';
import { verbaleExtension } from '#server/verbale-collab.ts';
import type { Db } from '#db/client.ts';
import { ensureStanza } from '#db/rooms/repo.ts';
import { signGuestToken } from '#db/rooms/guest-token.ts';
import { createInvito, revokeInvito, type InvitoRuolo } from '#db/rooms/invitations.ts';
import { guestLinkKey } from '#db/rooms/secret.ts';
import { soggetti, stanzaInviti } from '#db/schema.ts';
import { getVerbale, setVerbaleLocked } from '#db/verbali/repo.ts';
import { CLOSE_UNAUTHORIZED, COLLAB_PATH, verbaleDocName } from '#protocol/collab.ts';
import { ownDocName } from '../helpers/collab.ts';
import { createTestDb } from '../helpers/db.ts';
import { setupVerbaleCase } from './verbale-fixture.ts';
import { verbaleClient } from './verbale-client.ts';

// Guests without an account (room guest links) on the collab server: `?guest=<token>` on the
// upgrade URL, checked against the invitation in SQLite (server/verbale-collab.ts verbaleAuthorizeGuest).
// Parties, representatives and lawyers write; CTU and observers read; the lock and a revocation
// take effect on open connections through reauthorize().

let db: Db;
let cleanupDb: () => void;
let fx: Awaited<ReturnType<typeof setupVerbaleCase>>;
let segreteria: { id: string; organismoId: string };

beforeAll(async () => {
	const t = createTestDb();
	db = t.db;
	cleanupDb = t.cleanup;
	fx = await setupVerbaleCase(db);
	segreteria = { id: fx.segreteria.id, organismoId: fx.organismoId };
	ensureStanza(db, fx.procedimentoId);
	ensureStanza(db, fx.otherCaseId);
});
afterAll(() => cleanupDb());

const servers: CollabServer[] = [];
const providers: WebsocketProvider[] = [];
afterEach(async () => {
	for (const p of providers.splice(0)) p.destroy();
	await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start() {
	const s = await startCollabServer({ db, port: 0, host: '127.0.0.1', extensions: [verbaleExtension(db)] });
	servers.push(s);
	return Object.assign(s, { base: `127.0.0.1:${s.port}` });
}

/** The soggetto of the case with that role (the first one, in insertion order). */
function soggettoId(procedimentoId: string, ruolo: 'parte' | 'avvocato' | 'ctu'): string {
	const row = db
		.select({ id: soggetti.id })
		.from(soggetti)
		.where(and(eq(soggetti.procedimentoId, procedimentoId), eq(soggetti.ruolo, ruolo)))
		.get();
	if (!row) throw new Error(`no ${ruolo} in ${procedimentoId}`);
	return row.id;
}

/** A guest link as the segreteria issues it: for a soggetto of the case, or by name with a role. */
function invite(procedimentoId: string, who: { soggetto: 'parte' | 'avvocato' | 'ctu' } | { nome: string; ruolo: InvitoRuolo }) {
	const r = createInvito(
		db,
		segreteria,
		'soggetto' in who
			? { procedimentoId, soggettoId: soggettoId(procedimentoId, who.soggetto) }
			: { procedimentoId, soggettoId: null, nome: who.nome, ruolo: who.ruolo }
	);
	if (!r.ok) throw new Error(r.message);
	return r;
}

/** A y-websocket client as the editor opens it: a session cookie, a guest token, or both. */
const connect = (base: string, docName: string, as: Parameters<typeof verbaleClient>[2]) => verbaleClient(base, docName, as, providers);
type Client = ReturnType<typeof connect>;

function synced(provider: WebsocketProvider): Promise<void> {
	if (provider.synced) return Promise.resolve();
	return new Promise((resolve) => provider.once('sync', (s: boolean) => s && resolve()));
}

/** Waits until `observer` has received `sender`'s awareness marker. */
async function seenMark(observer: Client, sender: Client, value: string): Promise<void> {
	await vi.waitFor(() => expect(observer.provider.awareness.getStates().get(sender.doc.clientID)?.mark).toBe(value));
}

/** The HTTP answer to an upgrade without a cookie: 101 when admitted, else the refusal status. */
function guestUpgrade(base: string, docName: string, query: string, cookie?: string): Promise<number> {
	return new Promise((resolve) => {
		const ws = new WebSocket(`ws://${base}${COLLAB_PATH}/${docName}${query}`, cookie ? { headers: { cookie } } : {});
		ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
		ws.once('open', () => {
			ws.close();
			resolve(101);
		});
	});
}
const withToken = (token: string) => `?guest=${encodeURIComponent(token)}`;

/** A fresh logged-in client: what the server holds now. */
async function serverText(base: string, docName: string): Promise<string> {
	const c = connect(base, docName, { cookie: fx.segreteria.cookie });
	await synced(c.provider);
	const text = c.text();
	c.provider.destroy();
	return text;
}

describe('guest links on the collab server', () => {
	test('party, representative and lawyer guests write: their edits reach a logged-in editor and are kept', async () => {
		const id = fx.newVerbale();
		const name = verbaleDocName(fx.procedimentoId, id);
		const s = await start();
		const med = connect(s.base, name, { cookie: fx.mediatore.cookie });
		await synced(med.provider);
		const guests = [
			{ label: 'parte', token: invite(fx.procedimentoId, { soggetto: 'parte' }).token },
			{ label: 'avvocato', token: invite(fx.procedimentoId, { soggetto: 'avvocato' }).token },
			{ label: 'rappresentante', token: invite(fx.procedimentoId, { nome: 'Rappresentante Ospite', ruolo: 'rappresentante' }).token }
		];
		for (const g of guests) {
			expect(await guestUpgrade(s.base, name, withToken(g.token)), g.label).toBe(101);
			const guest = connect(s.base, name, { guest: g.token });
			await synced(guest.provider);
			expect(guest.text()).toBe(med.text()); // the guest gets the whole document
			guest.append(`Scritto dall'ospite ${g.label} àèìòù.`);
			await vi.waitFor(() => expect(med.text()).toContain(`Scritto dall'ospite ${g.label} àèìòù.`));
		}
		// Stored in SQLite: a new server on the same file still has them.
		await s.close();
		const again = await start();
		const stored = await serverText(again.base, name);
		for (const g of guests) expect(stored).toContain(`Scritto dall'ospite ${g.label} àèìòù.`);
	});

	test('a guest link opened in a browser logged in with an account of another case: the link decides', async () => {
		const id = fx.newVerbale();
		const name = verbaleDocName(fx.procedimentoId, id);
		const s = await start();
		const med = connect(s.base, name, { cookie: fx.mediatore.cookie });
		await synced(med.provider);
		const token = invite(fx.procedimentoId, { soggetto: 'parte' }).token;
		// The stranger's own account has no access to this case; with the party's link they write as the guest.
		const both = connect(s.base, name, { cookie: fx.stranger.cookie, guest: token });
		await synced(both.provider);
		both.append('Scritto con il link, da un browser con un altro account.');
		await vi.waitFor(() => expect(med.text()).toContain('Scritto con il link, da un browser con un altro account.'));
		// An account that has access keeps its own rights (the mediator is not turned into the guest).
		const medWithLink = connect(s.base, name, {
			cookie: fx.mediatore.cookie,
			guest: invite(fx.procedimentoId, { nome: 'Uditore', ruolo: 'uditore' }).token
		});
		await synced(medWithLink.provider);
		medWithLink.append('Il mediatore scrive ancora.');
		await vi.waitFor(() => expect(med.text()).toContain('Il mediatore scrive ancora.'));
	});

	test('CTU and observer guests read: they get the text and live edits, but their own edits are dropped', async () => {
		const id = fx.newVerbale();
		const name = verbaleDocName(fx.procedimentoId, id);
		const s = await start();
		const med = connect(s.base, name, { cookie: fx.mediatore.cookie });
		await synced(med.provider);
		const readers = [
			{ label: 'ctu', token: invite(fx.procedimentoId, { soggetto: 'ctu' }).token },
			{ label: 'uditore', token: invite(fx.procedimentoId, { nome: 'Uditore Ospite', ruolo: 'uditore' }).token },
			{ label: 'tirocinante', token: invite(fx.procedimentoId, { nome: 'Tirocinante Ospite', ruolo: 'tirocinante' }).token }
		];
		for (const r of readers) {
			expect(await guestUpgrade(s.base, name, withToken(r.token)), r.label).toBe(101);
			const reader = connect(s.base, name, { guest: r.token });
			await synced(reader.provider);
			expect(reader.text()).toContain('Verbale di accordo');
			reader.append(`Tentativo di scrittura ${r.label}.`);
			reader.mark(`dopo ${r.label}`);
			await seenMark(med, reader, `dopo ${r.label}`);
			med.append(`Il mediatore scrive per ${r.label}.`);
			await vi.waitFor(() => expect(reader.text()).toContain(`Il mediatore scrive per ${r.label}.`));
			expect(med.text()).not.toContain(`Tentativo di scrittura ${r.label}.`);
		}
		const held = await serverText(s.base, name);
		expect(held).not.toContain('Tentativo di scrittura');
		expect(held).toContain('Il mediatore scrive per tirocinante.');
	});

	test('as wired in production the verbale is the only document: no personal scratch documents', async () => {
		const s = await start();
		// The removed prova.<userId> kind: not a document name any more.
		expect(await guestUpgrade(s.base, `prova.${fx.mediatore.id}`, '', fx.mediatore.cookie)).toBe(404);
		// Any other name shaped like a verbale needs the verbale to exist in a procedimento the user may open.
		expect(await guestUpgrade(s.base, ownDocName(fx.mediatore.id), '', fx.mediatore.cookie)).toBe(403);
		expect(await guestUpgrade(s.base, verbaleDocName(fx.procedimentoId, fx.newVerbale()), '', fx.mediatore.cookie)).toBe(101);
	});

	test('a link of another procedimento is refused, on this verbale and under its own case in the name', async () => {
		const id = fx.newVerbale();
		const name = verbaleDocName(fx.procedimentoId, id);
		const s = await start();
		const foreign = invite(fx.otherCaseId, { soggetto: 'parte' }).token;
		expect(await guestUpgrade(s.base, name, withToken(foreign))).toBe(401);
		// The verbale id with the guest's own procedimento in the name: no such verbale there.
		expect(await guestUpgrade(s.base, verbaleDocName(fx.otherCaseId, id), withToken(foreign))).toBe(403);
		// A valid link of this case opens verbali only, not someone's personal document.
		const own = invite(fx.procedimentoId, { soggetto: 'parte' }).token;
		expect(await guestUpgrade(s.base, ownDocName(fx.parte.id), withToken(own))).toBe(401);
		// And an unknown verbale of the right case is refused.
		expect(await guestUpgrade(s.base, verbaleDocName(fx.procedimentoId, 'sconosciuto'), withToken(own))).toBe(403);
		expect(await guestUpgrade(s.base, name, withToken(own))).toBe(101);
	});

	test('garbage, forged, expired and revoked links are refused with 401', async () => {
		const id = fx.newVerbale();
		const name = verbaleDocName(fx.procedimentoId, id);
		const s = await start();
		const good = invite(fx.procedimentoId, { soggetto: 'parte' });
		expect(await guestUpgrade(s.base, name, withToken(good.token))).toBe(101);

		expect(await guestUpgrade(s.base, name, '')).toBe(401);
		expect(await guestUpgrade(s.base, name, '?guest=')).toBe(401);
		expect(await guestUpgrade(s.base, name, withToken('non-un-token'))).toBe(401);
		expect(await guestUpgrade(s.base, name, withToken('x'.repeat(3000)))).toBe(401);
		const [kid, body, sig] = good.token.split('.');
		const flipped = sig.slice(0, -2) + (sig.slice(-2) === 'AA' ? 'BB' : 'AA');
		expect(await guestUpgrade(s.base, name, withToken(`${kid}.${body}.${flipped}`))).toBe(401);
		// A token signed with another key under the same key id (another installation) is forged for this one.
		const otherKey = signGuestToken(
			{ kid, key: Buffer.from('another-installation-secret-0123456789') },
			JSON.parse(Buffer.from(body, 'base64url').toString())
		);
		expect(await guestUpgrade(s.base, name, withToken(otherKey))).toBe(401);

		const stanzaId = ensureStanza(db, fx.procedimentoId).id;
		const expired = signGuestToken(guestLinkKey(db, fx.organismoId), { i: good.id, s: stanzaId, e: Date.now() - 1_000 });
		expect(await guestUpgrade(s.base, name, withToken(expired))).toBe(401);
		// An invitation that expires in a minute: its link works, and stops once the expiry passes
		// (the invitation row is checked, not only the expiry signed into the token).
		const short = createInvito(db, segreteria, {
			procedimentoId: fx.procedimentoId,
			soggettoId: soggettoId(fx.procedimentoId, 'parte'),
			expiresAt: new Date(Date.now() + 60_000)
		});
		if (!short.ok) throw new Error(short.message);
		expect(await guestUpgrade(s.base, name, withToken(short.token))).toBe(101);
		db.update(stanzaInviti)
			.set({ expiresAt: new Date(Date.now() - 1_000) })
			.where(eq(stanzaInviti.id, short.id))
			.run();
		expect(await guestUpgrade(s.base, name, withToken(short.token))).toBe(401);

		revokeInvito(db, segreteria, fx.procedimentoId, good.id);
		expect(await guestUpgrade(s.base, name, withToken(good.token))).toBe(401);
	});

	test('the lock makes a connected party guest read-only at once, and unlocking lets guests write again', async () => {
		const id = fx.newVerbale();
		const name = verbaleDocName(fx.procedimentoId, id);
		const s = await start();
		const token = invite(fx.procedimentoId, { soggetto: 'parte' }).token;
		const med = connect(s.base, name, { cookie: fx.mediatore.cookie });
		const guest = connect(s.base, name, { guest: token });
		await Promise.all([synced(med.provider), synced(guest.provider)]);
		guest.append('Prima del blocco.');
		await vi.waitFor(() => expect(med.text()).toContain('Prima del blocco.'));

		expect(setVerbaleLocked(db, fx.mediatore.actor, fx.ctx(), getVerbale(db, fx.procedimentoId, id)!, true).ok).toBe(true);
		await s.collab.reauthorize(name);
		// The guest learns about the lock from the server's status channel, like any editor.
		await vi.waitFor(() => expect(guest.documentStatus()).toEqual({ locked: true }));
		guest.append('Dopo il blocco (ospite).');
		guest.mark('dopo il blocco');
		await seenMark(med, guest, 'dopo il blocco');
		expect(med.text()).not.toContain('Dopo il blocco');
		// A guest connecting while it is locked is admitted to read only.
		const late = connect(s.base, name, { guest: token });
		await synced(late.provider);
		late.append('Arrivato durante il blocco.');
		late.mark('arrivato');
		await seenMark(med, late, 'arrivato');
		expect(await serverText(s.base, name)).not.toMatch(/Dopo il blocco|Arrivato durante il blocco/);

		expect(setVerbaleLocked(db, fx.mediatore.actor, fx.ctx(), getVerbale(db, fx.procedimentoId, id)!, false).ok).toBe(true);
		await s.collab.reauthorize(name);
		// (The connected copies diverged from the server while locked, as the editor prevents; a
		// fresh guest client shows that writing is allowed again.)
		const fresh = connect(s.base, name, { guest: token });
		await synced(fresh.provider);
		fresh.append('Dopo lo sblocco (ospite).');
		await vi.waitFor(() => expect(med.text()).toContain('Dopo lo sblocco (ospite).'));
	});

	test('revoking the link closes an open guest connection with 4401 on re-authorization', async () => {
		const id = fx.newVerbale();
		const name = verbaleDocName(fx.procedimentoId, id);
		const s = await start();
		const invito = invite(fx.procedimentoId, { soggetto: 'avvocato' });
		const kept = invite(fx.procedimentoId, { soggetto: 'parte' });
		const guest = connect(s.base, name, { guest: invito.token });
		const other = connect(s.base, name, { guest: kept.token });
		await Promise.all([synced(guest.provider), synced(other.provider)]);
		const closed = new Promise<number>((resolve) => guest.provider.once('connection-close', (e) => resolve(e?.code ?? 0)));

		revokeInvito(db, segreteria, fx.procedimentoId, invito.id);
		await s.collab.reauthorize(name);
		const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('still open after 5 s'), 5_000));
		expect(await Promise.race([closed, timeout])).toBe(CLOSE_UNAUTHORIZED);
		// Terminal: the provider does not come back, and the other guest keeps writing.
		await new Promise((r) => setTimeout(r, 200));
		expect(guest.provider.shouldConnect).toBe(false);
		expect(guest.provider.wsconnected).toBe(false);
		other.append('Ancora collegato.');
		await vi.waitFor(async () => expect(await serverText(s.base, name)).toContain('Ancora collegato.'));
	});
});
