import { once } from 'node:events';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { createCollab, type Collab } from '#collab/index.ts';
import { verbaleExtension } from '#server/verbale-collab.ts';
import type { Db } from '#db/client.ts';
import { revokeAssignment } from '#db/mediatori/assignment.ts';
import { ensureStanza } from '#db/rooms/repo.ts';
import { assegnazioni, persone, soggetti } from '#db/schema.ts';
import { CLOSE_FORBIDDEN, verbaleDocName } from '#protocol/collab.ts';
import { SFU_SOCKET_PATH, type ClientToServerEvents, type RoomClosedNotice, type ServerToClientEvents } from '#protocol/signalling.ts';
import { loadSfuConfig } from '#sfu/config.ts';
import { createSfu, type Sfu } from '#sfu/index.ts';
import { silentLogger } from '#sfu/log.ts';
import { createTestDb, createUser } from '../helpers/db.ts';
import { verbaleClient } from './verbale-client.ts';
import { setupVerbaleCase } from './verbale-fixture.ts';

// Adversarial: a person whose part in the case ends while their room and verbale connections are
// open (assignment revoked, party removed) must lose them at the next re-check, which the web app
// runs after every state-changing request (src/hooks.server.ts -> reauthorizeLiveConnections ->
// sfu.reauthorize + collab.reauthorize). Real SFU (socket.io + mediasoup worker) and real collab
// server on one HTTP server, real SQLite file.

type Client = ClientSocket<ServerToClientEvents, ClientToServerEvents>;
const ACK_MS = 4000;

let db: Db;
let cleanupDb: () => void;
let fx: Awaited<ReturnType<typeof setupVerbaleCase>>;
let http: HttpServer;
let sfu: Sfu;
let collab: Collab;
let base: string;
const sockets: Client[] = [];
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
	({ db, cleanup: cleanupDb } = createTestDb());
	fx = await setupVerbaleCase(db);
	ensureStanza(db, fx.procedimentoId);
	http = createServer((_req, res) => res.writeHead(404).end());
	sfu = await createSfu({
		httpServer: http,
		db,
		config: loadSfuConfig({ SFU_WORKERS: '1', RTC_MIN_PORT: '41480', RTC_MAX_PORT: '41489' }),
		logger: silentLogger,
		turn: null
	});
	collab = createCollab({ db, extensions: [verbaleExtension(db)] });
	http.on('upgrade', (req, socket, head) => {
		if (collab.handleUpgrade(req, socket, head)) return;
		if (!req.url?.startsWith('/sfu/')) socket.destroy();
	});
	http.listen(0, '127.0.0.1');
	await once(http, 'listening');
	base = `127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterEach(() => {
	for (const p of providers.splice(0)) p.destroy();
});

afterAll(async () => {
	for (const s of sockets) s.disconnect();
	await collab?.close();
	await sfu?.close();
	http?.closeAllConnections();
	await new Promise((resolve) => http?.close(resolve));
	cleanupDb?.();
});

async function joinRoom(cookie: string): Promise<{ socket: Client; closed: RoomClosedNotice[] }> {
	const socket: Client = connectClient(`http://${base}`, {
		path: SFU_SOCKET_PATH,
		transports: ['websocket'],
		extraHeaders: { cookie },
		reconnection: false,
		forceNew: true
	});
	sockets.push(socket);
	await new Promise((resolve) => socket.once('connect', () => resolve(null)));
	const closed: RoomClosedNotice[] = [];
	socket.on('room:closed', (n) => closed.push(n));
	const joined = await socket.timeout(ACK_MS).emitWithAck('room:join', { procedimentoId: fx.procedimentoId });
	if (!joined.ok) throw new Error(joined.message);
	return { socket, closed };
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** What the web app does after the change (src/lib/server/live.ts). */
async function liveRecheck() {
	sfu.reauthorize();
	await collab.reauthorize();
}

function openVerbale(cookie: string, docName: string) {
	const c = verbaleClient(base, docName, { cookie }, providers);
	const closes: number[] = [];
	c.provider.on('connection-close', (e) => {
		if (e) closes.push(e.code);
	});
	return Object.assign(c, { closes });
}

describe('a revoked mediator', () => {
	test('loses the room (moderation included) and the verbale at once; later edits are not stored', async () => {
		const verbaleId = fx.newVerbale();
		const docName = verbaleDocName(fx.procedimentoId, verbaleId);
		const room = await joinRoom(fx.mediatore.cookie);
		const editor = openVerbale(fx.mediatore.cookie, docName);
		const reader = openVerbale(fx.parte.cookie, docName);
		await until(() => editor.provider.synced && reader.provider.synced);
		editor.append('Prima della revoca');
		await until(() => reader.text().includes('Prima della revoca'));

		const responsabile = await createUser(db, fx.organismoId, 'responsabile');
		const a = db.select({ id: assegnazioni.id }).from(assegnazioni).where(eq(assegnazioni.procedimentoId, fx.procedimentoId)).get()!;
		const r = revokeAssignment(
			db,
			{ kind: 'user', id: responsabile.id, organismoId: fx.organismoId, role: 'responsabile', sedeIds: null },
			fx.procedimentoId,
			a.id,
			'Conflitto di interessi emerso'
		);
		expect(r.ok).toBe(true);
		await liveRecheck();

		await until(() => room.closed.length > 0 && !room.socket.connected);
		expect(room.closed[0]).toMatchObject({ reason: 'refused', rejoin: false });
		expect(room.closed[0].message).toMatch(/Non partecipi più/);
		await until(() => editor.closes.includes(CLOSE_FORBIDDEN));

		// Whatever the revoked client still sends never reaches the others.
		editor.append('Dopo la revoca');
		reader.mark('after');
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(reader.text()).not.toContain('Dopo la revoca');

		// And moderation is gone: a new socket of the revoked mediator cannot even join.
		const again: Client = connectClient(`http://${base}`, {
			path: SFU_SOCKET_PATH,
			transports: ['websocket'],
			extraHeaders: { cookie: fx.mediatore.cookie },
			reconnection: false,
			forceNew: true
		});
		sockets.push(again);
		await new Promise((resolve) => again.once('connect', () => resolve(null)));
		const refused = await again.timeout(ACK_MS).emitWithAck('room:join', { procedimentoId: fx.procedimentoId });
		expect(refused).toMatchObject({ ok: false, code: 'forbidden' });
	});
});

describe('a party removed from the case', () => {
	test('leaves the room and the verbale at the next re-check; the others stay', async () => {
		const verbaleId = fx.newVerbale();
		const docName = verbaleDocName(fx.procedimentoId, verbaleId);
		const lawyerRoom = await joinRoom(fx.avvocato.cookie);
		const partyRoom = await joinRoom(fx.parte.cookie);
		const party = openVerbale(fx.parte.cookie, docName);
		const lawyer = openVerbale(fx.avvocato.cookie, docName);
		await until(() => party.provider.synced && lawyer.provider.synced);

		// The party's account is unlinked from its soggetto (the person is no longer a party).
		const link = db
			.select({ personaId: soggetti.personaId })
			.from(soggetti)
			.innerJoin(persone, eq(persone.id, soggetti.personaId))
			.where(and(eq(soggetti.procedimentoId, fx.procedimentoId), eq(persone.userId, fx.parte.id)))
			.get()!;
		db.update(persone).set({ userId: null }).where(eq(persone.id, link.personaId)).run();
		await liveRecheck();

		await until(() => partyRoom.closed.length > 0 && party.closes.includes(CLOSE_FORBIDDEN));
		expect(partyRoom.closed[0]).toMatchObject({ reason: 'refused', rejoin: false });
		// The lawyer keeps both.
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(lawyerRoom.closed).toEqual([]);
		expect(lawyerRoom.socket.connected).toBe(true);
		expect(lawyer.closes).toEqual([]);
		db.update(persone).set({ userId: fx.parte.id }).where(eq(persone.id, link.personaId)).run();
	});
});
