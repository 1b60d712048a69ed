import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { CollabAccess, CollabPersistence } from '#collab/index.ts';
import { startCollabServer, type CollabServer, type CollabServerOptions } from '#collab/server.ts';
import { invalidateUserSessions } from '#db/auth/session.ts';
import type { Db } from '#db/client.ts';
import {
	CLOSE_FORBIDDEN,
	CLOSE_TIMEOUT,
	CLOSE_TOO_LARGE,
	CLOSE_UNAUTHORIZED,
	COLLAB_PATH,
	collabShouldReconnect
} from '#protocol/collab.ts';
import { ownDocName, ownDocs } from '../helpers/collab.ts';
import { createOrganismo, createTestDb, createUser, sessionCookieFor } from '../helpers/db.ts';

let db: Db;
let cleanupDb: () => void;
let organismoId: string;
let alice: { id: string; cookie: string };

beforeAll(async () => {
	const t = createTestDb();
	db = t.db;
	cleanupDb = t.cleanup;
	organismoId = createOrganismo(db).organismoId;
	const a = await createUser(db, organismoId, 'mediatore');
	alice = { id: a.id, cookie: sessionCookieFor(db, a.id) };
});
afterAll(() => cleanupDb());

const servers: CollabServer[] = [];
const providers: WebsocketProvider[] = [];
afterEach(async () => {
	for (const p of providers.splice(0)) p.destroy();
	await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(opts: Partial<CollabServerOptions> = {}): Promise<CollabServer & { base: string }> {
	const s = await startCollabServer({ db, port: 0, host: '127.0.0.1', ...opts, extensions: [...(opts.extensions ?? []), ownDocs] });
	servers.push(s);
	return Object.assign(s, { base: `127.0.0.1:${s.port}` });
}

function webSocketWithCookie(cookie: string): typeof globalThis.WebSocket {
	class CookieWebSocket extends WebSocket {
		constructor(address: string | URL, protocols?: string | string[]) {
			super(address, protocols, { headers: { cookie } });
		}
	}
	return CookieWebSocket as unknown as typeof globalThis.WebSocket;
}

function connect(base: string, docName: string, cookie: string) {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`ws://${base}${COLLAB_PATH}`, docName, doc, {
		WebSocketPolyfill: webSocketWithCookie(cookie),
		disableBc: true,
		shouldReconnect: collabShouldReconnect
	});
	providers.push(provider);
	const closes: number[] = [];
	provider.on('connection-close', (event) => {
		if (event) closes.push(event.code);
	});
	return { provider, doc, text: doc.getText('verbale'), closes };
}

function synced(provider: WebsocketProvider): Promise<void> {
	if (provider.synced) return Promise.resolve();
	return new Promise((resolve) => provider.once('sync', (s: boolean) => s && resolve()));
}

/** In-memory persistence; `gate.hold()` makes the next stores wait until `gate.open()`. */
function memoryPersistence() {
	const stored = new Map<string, Uint8Array>();
	const calls: string[] = [];
	let gate: Promise<void> = Promise.resolve();
	let openGate = () => {};
	const persistence: CollabPersistence = {
		load: async (name) => {
			calls.push(`load ${name}`);
			return stored.get(name) ?? null;
		},
		store: async (name, _ref, state) => {
			calls.push(`store ${name}`);
			const full = state(); // encoded when the store begins, as the SQLite one does
			await gate;
			stored.set(name, full);
		}
	};
	const control = {
		hold: () => {
			gate = new Promise((resolve) => (openGate = resolve));
		},
		open: () => openGate()
	};
	return { persistence, stored, calls, gate: control };
}

function textOf(state: Uint8Array | undefined): string {
	const doc = new Y.Doc();
	if (state) Y.applyUpdate(doc, state);
	return doc.getText('verbale').toString();
}

describe('collab server process', () => {
	test('GET /healthz reports the live counts; other paths are 404', async () => {
		const s = await start();
		const health = async () => (await fetch(`http://${s.base}/healthz`)).json();
		expect(await health()).toEqual({ ok: true, documents: 0, connections: 0 });
		const a = connect(s.base, ownDocName(alice.id), alice.cookie);
		await synced(a.provider);
		expect(await health()).toEqual({ ok: true, documents: 1, connections: 1 });
		expect((await fetch(`http://${s.base}/`)).status).toBe(404);
	});

	test('an upgrade outside /collab/ is destroyed by the standalone server', async () => {
		const s = await start();
		const ws = new WebSocket(`ws://${s.base}/sfu/socket.io/`);
		const outcome = await new Promise<string>((resolve) => {
			ws.once('open', () => resolve('open'));
			ws.once('error', (err) => resolve(`error: ${err.message}`));
		});
		expect(outcome).toMatch(/^error/);
	});

	test('binding a port in use rejects with EADDRINUSE', async () => {
		const s = await start();
		await expect(startCollabServer({ db, port: s.port, host: '127.0.0.1' })).rejects.toMatchObject({
			code: 'EADDRINUSE'
		});
	});
});

describe('document lifecycle', () => {
	test('without persistence a document unloads when its last connection leaves', async () => {
		const s = await start();
		const a = connect(s.base, ownDocName(alice.id), alice.cookie);
		await synced(a.provider);
		expect(s.collab.stats()).toEqual({ documents: 1, connections: 1 });
		a.provider.disconnect();
		await vi.waitFor(() => expect(s.collab.stats()).toEqual({ documents: 0, connections: 0 }));
	});

	test('persistence: loaded once, stored on unload, a reconnect during the store keeps the live document', async () => {
		const { persistence, stored, calls, gate } = memoryPersistence();
		const s = await start({ persistence });
		const name = ownDocName(alice.id);
		const a = connect(s.base, name, alice.cookie);
		const b = connect(s.base, name, alice.cookie);
		gate.hold();
		await Promise.all([synced(a.provider), synced(b.provider)]);
		expect(calls).toEqual([`load ${name}`]); // two concurrent opens, one load

		a.text.insert(0, 'Primo incontro.');
		await vi.waitFor(() => expect(b.text.toString()).toBe('Primo incontro.'));
		a.provider.disconnect();
		b.provider.disconnect();
		await vi.waitFor(() => expect(calls).toContain(`store ${name}`));

		// Reconnect while the store is still running: same document, no reload.
		const c = connect(s.base, name, alice.cookie);
		await synced(c.provider);
		expect(c.text.toString()).toBe('Primo incontro.');
		expect(calls.filter((x) => x.startsWith('load'))).toHaveLength(1);
		gate.open();
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(s.collab.stats()).toEqual({ documents: 1, connections: 1 }); // still held by c

		c.text.insert(c.text.length, ' Secondo.');
		c.provider.disconnect();
		await vi.waitFor(() => expect(s.collab.stats().documents).toBe(0));
		expect(textOf(stored.get(name))).toBe('Primo incontro. Secondo.');

		// A later connection loads the stored state.
		const d = connect(s.base, name, alice.cookie);
		await synced(d.provider);
		expect(d.text.toString()).toBe('Primo incontro. Secondo.');
		expect(calls.filter((x) => x.startsWith('load'))).toHaveLength(2);
	});

	test('close() stores documents that still have connections', async () => {
		const { persistence, stored } = memoryPersistence();
		const s = await start({ persistence });
		const name = ownDocName(alice.id);
		const a = connect(s.base, name, alice.cookie);
		await synced(a.provider);
		const b = connect(s.base, name, alice.cookie);
		await synced(b.provider);
		a.text.insert(0, 'Non perdere.');
		await vi.waitFor(() => expect(b.text.toString()).toBe('Non perdere.')); // the server has it
		await s.close();
		expect(stored.size).toBe(1);
		expect(textOf(stored.get(name))).toBe('Non perdere.');
	});

	test('a failed store keeps the document in memory instead of dropping edits', async () => {
		let fail = true;
		const stored = new Map<string, Uint8Array>();
		const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
		const s = await start({
			persistence: {
				load: () => null,
				store: (name, _ref, state) => {
					if (fail) throw new Error('disk full');
					stored.set(name, state());
				}
			}
		});
		const name = ownDocName(alice.id);
		const a = connect(s.base, name, alice.cookie);
		await synced(a.provider);
		a.text.insert(0, 'Importante.');
		await new Promise((resolve) => setTimeout(resolve, 50));
		a.provider.disconnect();
		await vi.waitFor(() => expect(errors).toHaveBeenCalled());
		expect(s.collab.stats()).toEqual({ documents: 1, connections: 0 });
		fail = false;
		await s.close();
		expect(textOf(stored.get(name))).toBe('Importante.');
		errors.mockRestore();
	});
});

describe('limits and reauthorization', () => {
	test('a message above maxPayloadBytes closes the connection with 1009', async () => {
		const s = await start({ maxPayloadBytes: 1024 });
		const ws = new WebSocket(`ws://${s.base}${COLLAB_PATH}/${ownDocName(alice.id)}`, {
			headers: { cookie: alice.cookie }
		});
		await new Promise((resolve) => ws.once('open', resolve));
		const code = new Promise<number>((resolve) => ws.once('close', (c) => resolve(c)));
		ws.send(new Uint8Array(4096));
		expect(await code).toBe(1009);
		await vi.waitFor(() => expect(s.collab.stats()).toEqual({ documents: 0, connections: 0 }));
	});

	test('a peer that stops answering pings is closed with CLOSE_TIMEOUT; a live one stays', async () => {
		const s = await start({ pingIntervalMs: 40 });
		const url = `ws://${s.base}${COLLAB_PATH}/${ownDocName(alice.id)}`;
		const live = new WebSocket(url, { headers: { cookie: alice.cookie } });
		const dead = new WebSocket(url, { headers: { cookie: alice.cookie }, autoPong: false });
		const deadClosed = new Promise<number>((resolve) => dead.once('close', (c) => resolve(c)));
		await Promise.all([live, dead].map((ws) => new Promise((resolve) => ws.once('open', resolve))));
		expect(await deadClosed).toBe(CLOSE_TIMEOUT);
		await new Promise((resolve) => setTimeout(resolve, 150));
		expect(live.readyState).toBe(WebSocket.OPEN);
		expect(s.collab.stats().connections).toBe(1);
		live.close();
	});

	test('a document beyond maxDocumentBytes closes the writer with CLOSE_TOO_LARGE, which is final', async () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
		const s = await start({ maxDocumentBytes: 4096 });
		const name = ownDocName(alice.id);
		const a = connect(s.base, name, alice.cookie);
		const closed = new Promise<number>((resolve) => a.provider.once('closed', (e) => resolve(e.code)));
		await synced(a.provider);
		a.text.insert(0, 'x'.repeat(2000));
		a.text.insert(0, 'y'.repeat(3000));
		expect(await closed).toBe(CLOSE_TOO_LARGE);
		expect(a.provider.shouldConnect).toBe(false);
		warn.mockRestore();
	});

	test('reauthorize(): write -> read drops later edits, none closes with 4403, a lost session with 4401', async () => {
		const { id: carolId } = await createUser(db, organismoId, 'parte');
		const carolCookie = sessionCookieFor(db, carolId);
		let carolAccess: CollabAccess = 'write';
		const s = await start({
			authorize: (user) => (user.id === carolId ? carolAccess : 'write')
		});
		const name = ownDocName(alice.id);
		const owner = connect(s.base, name, alice.cookie);
		const carol = connect(s.base, name, carolCookie);
		await Promise.all([synced(owner.provider), synced(carol.provider)]);
		carol.text.insert(0, 'Scritto. ');
		await vi.waitFor(() => expect(owner.text.toString()).toBe('Scritto. '));

		carolAccess = 'read'; // e.g. the mediator locked the verbale
		await s.collab.reauthorize(name);
		carol.text.insert(carol.text.length, 'Dopo il blocco.');
		carol.provider.awareness.setLocalStateField('mark', 'Carol');
		await vi.waitFor(() => {
			const states = [...owner.provider.awareness.getStates().values()];
			expect(states.some((st) => st.mark === 'Carol')).toBe(true);
		});
		expect(owner.text.toString()).toBe('Scritto. ');
		expect(s.collab.stats().connections).toBe(2);

		carolAccess = 'none';
		const carolClosed = new Promise<number>((resolve) => carol.provider.once('closed', (e) => resolve(e.code)));
		await s.collab.reauthorize();
		expect(await carolClosed).toBe(CLOSE_FORBIDDEN);

		invalidateUserSessions(db, alice.id);
		const ownerClosed = new Promise<number>((resolve) => owner.provider.once('closed', (e) => resolve(e.code)));
		await s.collab.reauthorize(name);
		expect(await ownerClosed).toBe(CLOSE_UNAUTHORIZED);
		await vi.waitFor(() => expect(s.collab.stats()).toEqual({ documents: 0, connections: 0 }));
		alice.cookie = sessionCookieFor(db, alice.id);
	});
});
