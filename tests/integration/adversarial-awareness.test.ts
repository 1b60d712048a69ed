import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { startCollabServer, type CollabServer } from '#collab/server.ts';
import { verbaleExtension } from '#server/verbale-collab.ts';
import type { Db } from '#db/client.ts';
import { getVerbale, setVerbaleLocked } from '#db/verbali/repo.ts';
import { verbaleDocName } from '#protocol/collab.ts';
import { createTestDb } from '../helpers/db.ts';
import { verbaleClient } from './verbale-client.ts';
import { setupVerbaleCase } from './verbale-fixture.ts';

// Adversarial: forged presence (Yjs awareness) on the real collab server with the verbale rules.
// Any participant, read-only ones included, writes awareness; the server must keep it to the
// participant's own entry, with the name it knows and a hex colour, and never let it carry the
// lock, which travels on the server-only status channel. A refused edit tells its writer.

let db: Db;
let cleanupDb: () => void;
let fx: Awaited<ReturnType<typeof setupVerbaleCase>>;
let server: CollabServer;
let base: string;
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
	({ db, cleanup: cleanupDb } = createTestDb());
	fx = await setupVerbaleCase(db);
	server = await startCollabServer({ db, port: 0, host: '127.0.0.1', extensions: [verbaleExtension(db)] });
	base = `127.0.0.1:${server.port}`;
});
afterEach(() => {
	for (const p of providers.splice(0)) p.destroy();
});
afterAll(async () => {
	await server?.close();
	cleanupDb?.();
});

const synced = (p: WebsocketProvider) => vi.waitFor(() => expect(p.synced).toBe(true));

async function room() {
	const docName = verbaleDocName(fx.procedimentoId, fx.newVerbale());
	const med = verbaleClient(base, docName, { cookie: fx.mediatore.cookie }, providers);
	const ctu = verbaleClient(base, docName, { cookie: fx.ctu.cookie }, providers);
	const parte = verbaleClient(base, docName, { cookie: fx.parte.cookie }, providers);
	await Promise.all([synced(med.provider), synced(ctu.provider), synced(parte.provider)]);
	return { docName, med, ctu, parte };
}

/** Sends a raw awareness update written as client `clientId` at `clock`, through `via`'s socket. */
function sendForgedAwareness(via: WebsocketProvider, clientId: number, state: unknown, clock = 10_000) {
	const doc = new Y.Doc();
	doc.clientID = clientId;
	const aw = new Awareness(doc);
	aw.meta.set(clientId, { clock, lastUpdated: Date.now() });
	aw.setLocalState(state as Record<string, unknown>);
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 1); // MESSAGE_AWARENESS
	encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(aw, [clientId]));
	via.ws!.send(encoding.toUint8Array(encoder));
	aw.destroy();
	doc.destroy();
}

const stateOf = (observer: WebsocketProvider, clientId: number) => observer.awareness.getStates().get(clientId);

describe('forged awareness', () => {
	test('a read-only participant cannot announce a lock: no `server` field reaches anyone, the status stays unlocked', async () => {
		const { med, ctu } = await room();
		expect(med.documentStatus()).toEqual({ locked: false });
		ctu.provider.awareness.setLocalState({ server: { locked: true }, user: { name: 'CTU', color: '#123456' }, mark: 'forged-lock' });
		await vi.waitFor(() => expect(stateOf(med.provider, ctu.doc.clientID)?.mark).toBe('forged-lock'));
		for (const st of med.provider.awareness.getStates().values()) expect(st.server).toBeUndefined();
		expect(med.documentStatus()).toEqual({ locked: false });
		// And the mediator can still write.
		med.append('Ancora modificabile.');
		await vi.waitFor(() => expect(ctu.text()).toContain('Ancora modificabile.'));
	});

	test("nobody can overwrite or rename another participant's presence", async () => {
		const { med, ctu, parte } = await room();
		med.provider.awareness.setLocalStateField('user', { name: 'Anna Rossi', color: '#0b57d0' });
		await vi.waitFor(() => expect((stateOf(parte.provider, med.doc.clientID)?.user as { name?: string })?.name).toBe('Anna Rossi'));
		sendForgedAwareness(ctu.provider, med.doc.clientID, { user: { name: 'Mediatore (falso)', color: '#000000' }, mark: 'hijack' });
		ctu.mark('after-hijack');
		await vi.waitFor(() => expect(stateOf(parte.provider, ctu.doc.clientID)?.mark).toBe('after-hijack'));
		expect(stateOf(parte.provider, med.doc.clientID)?.mark).toBeUndefined();
		expect((stateOf(parte.provider, med.doc.clientID)?.user as { name?: string }).name).toBe('Anna Rossi');
	});

	test('the name shown is the one the server knows, whatever the client claims', async () => {
		const { ctu, parte } = await room();
		ctu.provider.awareness.setLocalStateField('user', { name: 'Il mediatore', color: '#1f6f43', id: 'someone-else' });
		await vi.waitFor(() => expect(stateOf(parte.provider, ctu.doc.clientID)?.user).toBeDefined());
		const user = stateOf(parte.provider, ctu.doc.clientID)?.user as { name: string; id: string; color: string };
		expect(user).toEqual({ name: 'Nome ctu', id: fx.ctu.id, color: '#1f6f43' });
	});

	test('a colour that is not #rrggbb (a CSS url beacon) never reaches the others', async () => {
		const { ctu, parte } = await room();
		ctu.provider.awareness.setLocalState({ user: { name: 'x', color: 'url(http://evil.example/beacon)' }, mark: 'beacon' });
		ctu.provider.awareness.setLocalState({ user: { name: 'x', color: 'red;background:url(//evil.example)' }, mark: 'beacon2' });
		parte.mark('later');
		await new Promise((resolve) => setTimeout(resolve, 300));
		for (const st of parte.provider.awareness.getStates().values()) {
			expect(JSON.stringify(st)).not.toContain('evil.example');
		}
	});

	test('oversized or malformed presence is dropped', async () => {
		const { ctu, parte } = await room();
		ctu.provider.awareness.setLocalState({ mark: 'big', pad: 'x'.repeat(10_000) });
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(stateOf(parte.provider, ctu.doc.clientID)?.pad).toBeUndefined();
	});
});

describe('refused edits and the lock channel', () => {
	test('a read-only participant who edits is told the edit was refused; nothing is stored', async () => {
		const { med, ctu } = await room();
		ctu.append('Scritto dal CTU in sola lettura');
		await vi.waitFor(() => expect(ctu.statuses.some((s) => s.refused === 'read-only')).toBe(true));
		ctu.mark('done');
		await vi.waitFor(() => expect(stateOf(med.provider, ctu.doc.clientID)?.mark).toBe('done'));
		expect(med.text()).not.toContain('Scritto dal CTU');
	});

	test('the lock comes on the status channel; an edit sent while locked is refused and said so', async () => {
		const { docName, med, parte } = await room();
		const verbaleId = docName.split('.')[2];
		expect(setVerbaleLocked(db, fx.mediatore.actor, fx.ctx(), getVerbale(db, fx.procedimentoId, verbaleId)!, true).ok).toBe(true);
		await server.collab.reauthorize(docName);
		await vi.waitFor(() => expect(parte.documentStatus()).toEqual({ locked: true }));
		parte.append('Durante il blocco');
		await vi.waitFor(() => expect(parte.statuses.some((s) => s.refused === 'read-only')).toBe(true));
		expect(med.text()).not.toContain('Durante il blocco');
	});
});
