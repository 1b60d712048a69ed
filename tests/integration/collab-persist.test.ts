import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { startCollabServer, type CollabServer, type CollabServerOptions } from '#collab/server.ts';
import { createSqlitePersistence, storedUpdateCount } from '#collab/sqlite-persistence.ts';
import { verbaleExtension, verbalePersistence } from '#server/verbale-collab.ts';
import type { Db } from '#db/client.ts';
import { getVerbale, setVerbaleLocked } from '#db/verbali/repo.ts';
import { VERBALE_FIELD } from '#db/verbali/editor-schema.ts';
import { COLLAB_PATH, verbaleDocName } from '#protocol/collab.ts';
import { createTestDb } from '../helpers/db.ts';
import { setupVerbaleCase } from './verbale-fixture.ts';
import { verbaleClient } from './verbale-client.ts';

let db: Db;
let cleanupDb: () => void;
let fx: Awaited<ReturnType<typeof setupVerbaleCase>>;

beforeAll(async () => {
	const t = createTestDb();
	db = t.db;
	cleanupDb = t.cleanup;
	fx = await setupVerbaleCase(db);
});
afterAll(() => cleanupDb());

const servers: CollabServer[] = [];
const providers: WebsocketProvider[] = [];
afterEach(async () => {
	for (const p of providers.splice(0)) p.destroy();
	await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(opts: Partial<CollabServerOptions> = {}) {
	const s = await startCollabServer({ db, port: 0, host: '127.0.0.1', extensions: [verbaleExtension(db)], ...opts });
	servers.push(s);
	return Object.assign(s, { base: `127.0.0.1:${s.port}` });
}

const connect = (base: string, docName: string, cookie: string) => verbaleClient(base, docName, { cookie }, providers);

function synced(provider: WebsocketProvider): Promise<void> {
	if (provider.synced) return Promise.resolve();
	return new Promise((resolve) => provider.once('sync', (s: boolean) => s && resolve()));
}

function refusal(base: string, docName: string, cookie: string): Promise<number> {
	return new Promise((resolve) => {
		const ws = new WebSocket(`ws://${base}${COLLAB_PATH}/${docName}`, { headers: { cookie } });
		ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
		ws.once('open', () => resolve(101));
	});
}

const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

describe('verbale persistence in SQLite', () => {
	test('the template is seeded on the server once, filled from the case; no duplicate after restart and reconnect', async () => {
		const id = fx.newVerbale('accordo');
		const name = verbaleDocName(fx.procedimentoId, id);
		let s = await start();
		const a = connect(s.base, name, fx.mediatore.cookie);
		const b = connect(s.base, name, fx.parte.cookie);
		await Promise.all([synced(a.provider), synced(b.provider)]);
		const first = a.text();
		expect(first).toContain('Verbale di accordo');
		expect(first).toContain('Núñez-Đorđević');
		expect(first).toContain('Zoë Müller');
		expect(first).toContain("Francesca D'Angelo");
		expect(first).toContain('Anna Rossi');
		expect(count(first, 'Verbale di accordo')).toBe(1);
		expect(b.text()).toBe(first);

		// Restart: the stored state comes back, the template is not applied again, and the
		// clients that kept their copy merge it without doubling anything.
		await s.close();
		s = await start({ port: 0 });
		const c = connect(s.base, name, fx.avvocato.cookie);
		await synced(c.provider);
		expect(c.text()).toBe(first);
		const again = connect(s.base, name, fx.mediatore.cookie);
		await synced(again.provider);
		await new Promise((r) => setTimeout(r, 50));
		expect(count(c.text(), 'Verbale di accordo')).toBe(1);
	});

	test('edits survive a graceful restart (close() flushes the debounce)', async () => {
		const id = fx.newVerbale();
		const name = verbaleDocName(fx.procedimentoId, id);
		let s = await start({ debounceMs: 60_000, maxDebounceMs: 60_000 });
		const a = connect(s.base, name, fx.parte.cookie);
		await synced(a.provider);
		a.append('Modifica prima del riavvio à è ì ò ù.');
		const b = connect(s.base, name, fx.mediatore.cookie);
		await synced(b.provider);
		await vi.waitFor(() => expect(b.text()).toContain('prima del riavvio'));
		await s.close(); // SIGTERM path: server/main.ts -> realtime.close() -> collab.close()
		for (const p of providers.splice(0)) p.destroy();
		s = await start();
		const c = connect(s.base, name, fx.parte.cookie);
		await synced(c.provider);
		expect(c.text()).toContain('Modifica prima del riavvio à è ì ò ù.');
	});

	test('edits are stored debounced while connected, so a crash loses at most the debounce window', async () => {
		const id = fx.newVerbale();
		const name = verbaleDocName(fx.procedimentoId, id);
		const s = await start({ debounceMs: 50, maxDebounceMs: 200 });
		const a = connect(s.base, name, fx.parte.cookie);
		await synced(a.provider);
		const before = storedUpdateCount(db, name);
		a.append('Salvato senza chiudere.');
		await vi.waitFor(() => expect(storedUpdateCount(db, name)).toBe(before + 1));
		// A second server on the same file (as after a crash of the first) sees the edit.
		const other = createSqlitePersistence(db);
		const state = other.read(name)!;
		const doc = new Y.Doc();
		Y.applyUpdate(doc, state);
		expect(doc.getXmlFragment(VERBALE_FIELD).toString()).toContain('Salvato senza chiudere.');
	});

	test('continuous typing is stored no later than maxDebounce; many updates are compacted into a snapshot', async () => {
		const id = fx.newVerbale();
		const name = verbaleDocName(fx.procedimentoId, id);
		const s = await start({ debounceMs: 80, maxDebounceMs: 150, persistence: createSqlitePersistence(db, { compactAfterUpdates: 3 }) });
		const a = connect(s.base, name, fx.parte.cookie);
		await synced(a.provider);
		const started = Date.now();
		let stored = false;
		while (Date.now() - started < 800) {
			a.append(`riga ${Date.now()}`);
			await new Promise((r) => setTimeout(r, 20)); // faster than the debounce: only maxDebounce fires
			if (!stored && storedUpdateCount(db, name) > 0) stored = true;
		}
		expect(stored).toBe(true);
		await vi.waitFor(() => expect(s.collab.stats().documents).toBe(1));
		a.provider.disconnect();
		await vi.waitFor(() => expect(s.collab.stats().documents).toBe(0));
		expect(storedUpdateCount(db, name)).toBeLessThan(3); // compacted
		const text = new Y.Doc();
		Y.applyUpdate(text, createSqlitePersistence(db).read(name)!);
		expect(text.getXmlFragment(VERBALE_FIELD).toString()).toBe(a.text());
	});

	test('a failed load refuses the upgrade with 500, leaks no document, and the server keeps serving', async () => {
		const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
		const good = fx.newVerbale();
		const bad = fx.newVerbale();
		const real = verbalePersistence(db);
		const s = await start({
			persistence: {
				load: (n, ref) => {
					if (n.endsWith(bad)) throw new Error('disk error');
					return real.load(n, ref);
				},
				store: real.store
			}
		});
		expect(await refusal(s.base, verbaleDocName(fx.procedimentoId, bad), fx.parte.cookie)).toBe(500);
		expect(s.collab.stats().documents).toBe(0);
		const a = connect(s.base, verbaleDocName(fx.procedimentoId, good), fx.parte.cookie);
		await synced(a.provider);
		expect(a.text()).toContain('Verbale di accordo');
		errors.mockRestore();
	});
});

describe('verbale access over the collab protocol', () => {
	test('parties, lawyers, mediator and segreteria write; CTU reads; another case and unknown verbali are 403; no cookie is 401', async () => {
		const id = fx.newVerbale();
		const name = verbaleDocName(fx.procedimentoId, id);
		const s = await start();
		for (const p of [fx.parte, fx.avvocato, fx.mediatore, fx.segreteria, fx.ctu]) {
			expect(await refusal(s.base, name, p.cookie)).toBe(101);
		}
		expect(await refusal(s.base, name, fx.stranger.cookie)).toBe(403);
		expect(await refusal(s.base, name, '')).toBe(401);
		expect(await refusal(s.base, verbaleDocName(fx.procedimentoId, 'sconosciuto'), fx.parte.cookie)).toBe(403);
		// The verbale id with another procedimento in the name: refused as well.
		expect(await refusal(s.base, verbaleDocName(fx.otherCaseId, id), fx.stranger.cookie)).toBe(403);

		const writer = connect(s.base, name, fx.parte.cookie);
		const reader = connect(s.base, name, fx.ctu.cookie);
		await Promise.all([synced(writer.provider), synced(reader.provider)]);
		reader.append('Il CTU non può scrivere.');
		writer.append('La parte scrive.');
		await vi.waitFor(() => expect(reader.text()).toContain('La parte scrive.'));
		await new Promise((r) => setTimeout(r, 100));
		expect(writer.text()).not.toContain('Il CTU non può scrivere.');
	});

	test('the lock makes everyone read-only until unlocked', async () => {
		const id = fx.newVerbale();
		const name = verbaleDocName(fx.procedimentoId, id);
		const s = await start();
		const med = connect(s.base, name, fx.mediatore.cookie);
		const parte = connect(s.base, name, fx.parte.cookie);
		await Promise.all([synced(med.provider), synced(parte.provider)]);

		const r = setVerbaleLocked(db, fx.mediatore.actor, fx.ctx(), getVerbale(db, fx.procedimentoId, id)!, true);
		expect(r.ok).toBe(true);
		expect(setVerbaleLocked(db, fx.parte.actor, fx.ctx(), getVerbale(db, fx.procedimentoId, id)!, false).ok).toBe(false);
		await s.collab.reauthorize(name);
		// Editors learn about the lock from the server's status channel and stop editing.
		const serverStatus = () => parte.documentStatus();
		await vi.waitFor(() => expect(serverStatus()).toEqual({ locked: true }));
		// A client that writes anyway is ignored. (Its copy then diverges: the editor prevents this.)
		const rogueParte = connect(s.base, name, fx.parte.cookie);
		const rogueMed = connect(s.base, name, fx.mediatore.cookie);
		await Promise.all([synced(rogueParte.provider), synced(rogueMed.provider)]);
		rogueParte.append('Dopo il blocco (parte).');
		rogueMed.append('Dopo il blocco (mediatore).');
		await new Promise((r) => setTimeout(r, 150));
		rogueParte.provider.destroy();
		rogueMed.provider.destroy();
		const observer = connect(s.base, name, fx.segreteria.cookie);
		await synced(observer.provider);
		expect(observer.text()).not.toContain('Dopo il blocco');
		expect(med.text()).not.toContain('Dopo il blocco');

		setVerbaleLocked(db, fx.mediatore.actor, fx.ctx(), getVerbale(db, fx.procedimentoId, id)!, false);
		await s.collab.reauthorize(name);
		await vi.waitFor(() => expect(serverStatus()).toEqual({ locked: false }));
		parte.append('Sbloccato.');
		await vi.waitFor(() => expect(observer.text()).toContain('Sbloccato.'));
	});

	test('malformed and oversized updates close only the sender; the others keep editing', async () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
		const id = fx.newVerbale();
		const name = verbaleDocName(fx.procedimentoId, id);
		const s = await start({ maxDocumentBytes: 64 * 1024 });
		const good = connect(s.base, name, fx.mediatore.cookie);
		await synced(good.provider);
		const raw = new WebSocket(`ws://${s.base}${COLLAB_PATH}/${name}`, { headers: { cookie: fx.parte.cookie } });
		await new Promise((r) => raw.once('open', r));
		const closed = new Promise<number>((resolve) => raw.once('close', (c) => resolve(c)));
		raw.send(new Uint8Array([0, 2, 5, 1, 2, 3, 255, 255])); // sync update with a garbage payload
		expect(await closed).toBe(1007);

		const big = connect(s.base, name, fx.parte.cookie);
		await synced(big.provider);
		const bigClosed = new Promise<number>((resolve) => big.provider.once('connection-close', (e) => resolve(e?.code ?? 0)));
		big.append('x'.repeat(100 * 1024));
		expect(await bigClosed).toBe(4413);

		good.append('Ancora qui.');
		const check = connect(s.base, name, fx.avvocato.cookie);
		await synced(check.provider);
		await vi.waitFor(() => expect(check.text()).toContain('Ancora qui.'));
		expect(check.text()).not.toContain('xxxx');
		warn.mockRestore();
	});
});
