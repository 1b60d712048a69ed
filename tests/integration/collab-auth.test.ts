import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Duplex } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createCollab, type Collab, type CollabOptions } from '#collab/index.ts';
import type { Db } from '#db/client.ts';
import { COLLAB_PATH, collabShouldReconnect, verbaleDocName } from '#protocol/collab.ts';
import { ownDocName, ownDocs } from '../helpers/collab.ts';
import { createOrganismo, createTestDb, createUser, sessionCookieFor } from '../helpers/db.ts';

let db: Db;
let cleanupDb: () => void;
let alice: { id: string; cookie: string };
let bob: { id: string; cookie: string };

beforeAll(async () => {
	const t = createTestDb();
	db = t.db;
	cleanupDb = t.cleanup;
	const { organismoId } = createOrganismo(db);
	const a = await createUser(db, organismoId, 'mediatore');
	const b = await createUser(db, organismoId, 'parte');
	alice = { id: a.id, cookie: sessionCookieFor(db, a.id) };
	bob = { id: b.id, cookie: sessionCookieFor(db, b.id) };
});
afterAll(() => cleanupDb());

/** A real HTTP server on 127.0.0.1:0 routing upgrades like collab/main.ts, with a second
 * WebSocket server standing in for socket.io on every other path. */
interface TestServer {
	collab: Collab;
	wsBase: string;
	otherPaths: string[];
	close(): Promise<void>;
}
const servers: TestServer[] = [];
const providers: WebsocketProvider[] = [];

/** With the test-only ownDocs extension last, unless `bare` (the engine alone). */
async function startServer(opts: Partial<CollabOptions> = {}, bare = false): Promise<TestServer> {
	const collab = createCollab({ db, ...opts, extensions: [...(opts.extensions ?? []), ...(bare ? [] : [ownDocs])] });
	const other = new WebSocketServer({ noServer: true });
	const otherPaths: string[] = [];
	const server: Server = createServer((_req, res) => res.writeHead(404).end());
	server.on('upgrade', (req, socket, head) => {
		if (collab.handleUpgrade(req, socket, head)) return;
		otherPaths.push(req.url ?? '');
		other.handleUpgrade(req, socket, head, (ws) => ws.send('other handler'));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const ts: TestServer = {
		collab,
		wsBase: `ws://127.0.0.1:${port}`,
		otherPaths,
		async close() {
			await collab.close();
			for (const ws of other.clients) ws.terminate();
			other.close();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
	servers.push(ts);
	return ts;
}

afterEach(async () => {
	for (const p of providers.splice(0)) p.destroy();
	await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** ws lets a client send headers; the browser sends the cookie by itself. */
function webSocketWithCookie(cookie: string): typeof globalThis.WebSocket {
	class CookieWebSocket extends WebSocket {
		constructor(address: string | URL, protocols?: string | string[]) {
			super(address, protocols, { headers: { cookie } });
		}
	}
	return CookieWebSocket as unknown as typeof globalThis.WebSocket;
}

function connect(ts: TestServer, docName: string, cookie: string, doc = new Y.Doc()) {
	const provider = new WebsocketProvider(`${ts.wsBase}${COLLAB_PATH}`, docName, doc, {
		WebSocketPolyfill: webSocketWithCookie(cookie),
		// Same-process providers would otherwise also sync through lib0's BroadcastChannel
		// fallback, bypassing the server under test.
		disableBc: true,
		shouldReconnect: collabShouldReconnect
	});
	providers.push(provider);
	return { provider, doc, text: doc.getText('verbale') };
}

function synced(provider: WebsocketProvider): Promise<void> {
	if (provider.synced) return Promise.resolve();
	return new Promise((resolve) => provider.once('sync', (s: boolean) => s && resolve()));
}

/** Status of a refused upgrade (rejects if the upgrade succeeds). */
function refusedStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(url, { headers });
		ws.on('unexpected-response', (_req, res) => {
			resolve(res.statusCode ?? 0);
			res.resume();
			ws.terminate();
		});
		ws.on('open', () => {
			ws.terminate();
			reject(new Error(`upgrade to ${url} was accepted`));
		});
		ws.on('error', () => undefined); // terminate() after unexpected-response reports an error
	});
}

describe('collab upgrade authentication', () => {
	test('an upgrade without a session cookie is refused with 401', async () => {
		const ts = await startServer();
		const url = `${ts.wsBase}${COLLAB_PATH}/${ownDocName(alice.id)}`;
		expect(await refusedStatus(url)).toBe(401);
		expect(await refusedStatus(url, { cookie: 'accordo_session=abcdefghijklmnopqrstuvwxyz234567' })).toBe(401);
		expect(await refusedStatus(url, { cookie: 'other=1' })).toBe(401);
		expect(ts.collab.stats()).toEqual({ documents: 0, connections: 0 });
	});

	test("another user's own document is 403, a verbale is 403 until the case model exists, a garbage name is 404", async () => {
		const ts = await startServer();
		const base = `${ts.wsBase}${COLLAB_PATH}`;
		const cookie = { cookie: alice.cookie };
		expect(await refusedStatus(`${base}/${ownDocName(bob.id)}`, cookie)).toBe(403);
		expect(await refusedStatus(`${base}/${verbaleDocName('x', 'y')}`, cookie)).toBe(403);
		for (const name of ['garbage', 'prova.', 'prova.A', 'prova.a.b', 'verbale.x', 'verbale.a.b.c', 'prova.a%2e', '']) {
			expect(await refusedStatus(`${base}/${name}`, cookie), name).toBe(404);
		}
		expect(ts.collab.stats()).toEqual({ documents: 0, connections: 0 });
	});

	test('an Origin outside allowedOrigins is 403; a listed one is accepted', async () => {
		const ts = await startServer({ allowedOrigins: ['https://accordo.example'] });
		const url = `${ts.wsBase}${COLLAB_PATH}/${ownDocName(alice.id)}`;
		expect(await refusedStatus(url, { cookie: alice.cookie, origin: 'https://evil.example' })).toBe(403);
		const ws = new WebSocket(url, { headers: { cookie: alice.cookie, origin: 'https://accordo.example' } });
		await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
		ws.close();
	});

	test('a path outside /collab/ is left to the other upgrade handlers', async () => {
		const ts = await startServer();
		const ws = new WebSocket(`${ts.wsBase}/sfu/socket.io/?EIO=4&transport=websocket`);
		const first = await new Promise<string>((resolve, reject) => {
			ws.once('message', (data) => resolve(String(data)));
			ws.once('error', reject);
		});
		ws.close();
		expect(first).toBe('other handler');
		expect(ts.otherPaths).toEqual(['/sfu/socket.io/?EIO=4&transport=websocket']);

		// And directly: false, with the socket neither written to nor ended nor destroyed.
		for (const url of ['/sfu/socket.io/', '/collab', '/collabx/prova.a', '/']) {
			const socket = new Duplex({ read() {}, write: vi.fn() });
			const destroy = vi.spyOn(socket, 'destroy');
			const end = vi.spyOn(socket, 'end');
			expect(ts.collab.handleUpgrade({ url, headers: {} } as IncomingMessage, socket, Buffer.alloc(0))).toBe(false);
			expect(destroy).not.toHaveBeenCalled();
			expect(end).not.toHaveBeenCalled();
			expect(socket.listenerCount('error')).toBe(0);
		}
	});
});

describe('collab sync', () => {
	test('two clients of the same user converge on a text edit', async () => {
		const ts = await startServer();
		const name = ownDocName(alice.id);
		const a = connect(ts, name, alice.cookie);
		const b = connect(ts, name, alice.cookie);
		await Promise.all([synced(a.provider), synced(b.provider)]);
		expect(ts.collab.stats()).toEqual({ documents: 1, connections: 2 });

		a.text.insert(0, 'Le parti convengono');
		await vi.waitFor(() => expect(b.text.toString()).toBe('Le parti convengono'));
		b.text.insert(b.text.length, ' quanto segue.');
		await vi.waitFor(() => expect(a.text.toString()).toBe('Le parti convengono quanto segue.'));

		// A late joiner gets the state from the server.
		const c = connect(ts, name, alice.cookie);
		await synced(c.provider);
		expect(c.text.toString()).toBe('Le parti convengono quanto segue.');
	});

	test('a read-only connection cannot change the document a writer sees', async () => {
		const ts = await startServer({
			authorize: (user, doc) => (doc.documentId === user.id ? 'write' : 'read')
		});
		const name = ownDocName(alice.id);
		const writer = connect(ts, name, alice.cookie);
		await synced(writer.provider);
		writer.text.insert(0, 'Verbale.');

		// Bob's replica holds content of its own before connecting: sync step 2 must not carry it.
		const bobDoc = new Y.Doc();
		bobDoc.getText('verbale').insert(0, 'PRIMA ');
		const reader = connect(ts, name, bob.cookie, bobDoc);
		await synced(reader.provider);
		await vi.waitFor(() => expect(reader.text.toString()).toContain('Verbale.'));

		// An update while connected, then an awareness change on the same socket: once the writer
		// sees the awareness, the server has already handled (and dropped) the update before it.
		reader.text.insert(0, 'MODIFICA ');
		reader.provider.awareness.setLocalStateField('mark', 'Bob');
		await vi.waitFor(() => {
			const states = [...writer.provider.awareness.getStates().values()];
			expect(states.some((s) => s.mark === 'Bob')).toBe(true);
		});
		expect(writer.text.toString()).toBe('Verbale.');

		// The reader still receives live edits, and a fresh writer sees only the writer's text.
		writer.text.insert(writer.text.length, ' Fine.');
		await vi.waitFor(() => expect(reader.text.toString()).toContain('Verbale. Fine.'));
		const fresh = connect(ts, name, alice.cookie);
		await synced(fresh.provider);
		expect(fresh.text.toString()).toBe('Verbale. Fine.');
	});
});

describe('collab shutdown', () => {
	test('close() closes connections with 1001, empties the stats and is idempotent', async () => {
		const ts = await startServer();
		const name = ownDocName(alice.id);
		const a = connect(ts, name, alice.cookie);
		const raw = new WebSocket(`${ts.wsBase}${COLLAB_PATH}/${name}`, { headers: { cookie: alice.cookie } });
		const closed = new Promise<number>((resolve) => raw.once('close', (code) => resolve(code)));
		await Promise.all([synced(a.provider), new Promise((resolve) => raw.once('open', resolve))]);
		expect(ts.collab.stats()).toEqual({ documents: 1, connections: 2 });
		a.provider.disconnect();

		await Promise.all([ts.collab.close(), ts.collab.close()]);
		expect(await closed).toBe(1001);
		expect(ts.collab.stats()).toEqual({ documents: 0, connections: 0 });
		await ts.collab.close();

		// A new upgrade after close() is refused instead of reopening a document.
		const status = await refusedStatus(`${ts.wsBase}${COLLAB_PATH}/${name}`, { cookie: alice.cookie });
		expect(status).toBe(503);
		expect(ts.collab.stats()).toEqual({ documents: 0, connections: 0 });
	});
});

describe('collab extensions (the engine stays generic; server/verbale-collab.ts is one)', () => {
	test('extensions are asked in order: "undefined" passes to the next, the first answer decides, none means the default rule', async () => {
		const asked: string[] = [];
		const ts = await startServer({
			extensions: [
				{ name: 'altro', authorize: () => (asked.push('altro'), undefined) },
				{ name: 'lettura', authorize: (user) => (asked.push('lettura'), user.id === bob.id ? 'read' : undefined) }
			]
		});
		const name = ownDocName(alice.id);
		// Bob on Alice's own document: refused by the test extension (asked last), admitted read-only by the second extension.
		const reader = connect(ts, name, bob.cookie);
		await synced(reader.provider);
		expect(asked).toEqual(['altro', 'lettura']);
		// Alice: neither extension answers, the test extension after them gives her own document.
		const writer = connect(ts, name, alice.cookie);
		await synced(writer.provider);
		writer.text.insert(0, 'Scritto da Alice.');
		await vi.waitFor(() => expect(reader.text.toString()).toBe('Scritto da Alice.'));
		// An answer of "none" stops the chain: refused.
		const closed = await startServer({ extensions: [{ authorize: () => 'none' }, { authorize: () => 'write' }] });
		expect(await refusedStatus(`${closed.wsBase}${COLLAB_PATH}/${name}`, { cookie: alice.cookie })).toBe(403);
	});

	test('the engine alone admits nothing: no built-in document kind, the old prova.<userId> name is not a document', async () => {
		const ts = await startServer({}, true);
		const base = `${ts.wsBase}${COLLAB_PATH}`;
		expect(await refusedStatus(`${base}/${ownDocName(alice.id)}`, { cookie: alice.cookie })).toBe(403);
		expect(await refusedStatus(`${base}/prova.${alice.id}`, { cookie: alice.cookie })).toBe(404);
		expect(ts.collab.stats()).toEqual({ documents: 0, connections: 0 });
	});

	test("an extension's persistence and status are used; the options' own persistence comes first", async () => {
		const stored: string[] = [];
		const persistence = (label: string) => ({
			load: () => null,
			store: (docName: string) => void stored.push(`${label}:${docName}`)
		});
		const name = ownDocName(alice.id);
		const ts = await startServer({ extensions: [{ persistence: persistence('estensione'), documentStatus: () => ({ locked: false }) }] });
		await ts.collab.withDocument(name, (doc) => doc.getText('verbale').insert(0, 'x'));
		await ts.collab.flush();
		expect(stored).toEqual([`estensione:${name}`]);

		const own = await startServer({ persistence: persistence('opzioni'), extensions: [{ persistence: persistence('estensione') }] });
		await own.collab.withDocument(name, (doc) => doc.getText('verbale').insert(0, 'y'));
		await own.collab.flush();
		expect(stored).toEqual([`estensione:${name}`, `opzioni:${name}`]);
	});
});
