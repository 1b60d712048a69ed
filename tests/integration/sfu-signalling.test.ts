import { once } from 'node:events';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { Db } from '#db/client.ts';
import { ERROR_MESSAGES, SFU_SOCKET_PATH, type ClientToServerEvents, type ServerToClientEvents } from '#protocol/signalling.ts';
import { loadSfuConfig } from '#sfu/config.ts';
import { createSfu, type Sfu } from '#sfu/index.ts';
import { silentLogger } from '#sfu/log.ts';
import { MEDIA_CODECS } from '#sfu/codecs.ts';
import { createProcedimento } from '#db/procedimenti/repo.ts';
import { createInvito } from '#db/rooms/invitations.ts';
import { ensureStanza } from '#db/rooms/repo.ts';
import { assegnazioni } from '#db/schema.ts';
import { newId } from '#db/shared/ids.ts';
import { caseInput } from '../helpers/procedimenti.ts';
import { createOrganismo, createTestDb, createUser, sessionCookieFor } from '../helpers/db.ts';

// A real HTTP server on port 0 shared with another WebSocket endpoint (as in production, where
// /collab lives next to /sfu/socket.io), a real mediasoup worker and a real SQLite file.

type Client = ClientSocket<ServerToClientEvents, ClientToServerEvents>;
/** The same socket without compile-time checks, to send what a buggy or hostile client would. */
type UntypedClient = ClientSocket;

const ACK_TIMEOUT_MS = 3000;
/** Longer than engine.io's default destroyUpgradeTimeout (1000 ms). */
const SLOW_UPGRADE_MS = 1300;

let db: Db;
let cleanupDb: () => void;
let http: HttpServer;
let foreignWss: WebSocketServer;
let sfu: Sfu;
let baseUrl: string;
let parteCookie: string;
let adminCookie: string;
const clients: Client[] = [];

function connect(cookie?: string): Client {
	const socket: Client = connectClient(baseUrl, {
		path: SFU_SOCKET_PATH,
		transports: ['websocket'],
		extraHeaders: cookie ? { cookie } : {},
		reconnection: false,
		forceNew: true
	});
	clients.push(socket);
	return socket;
}

/** Resolves once connected; rejects with the connect_error. */
function connected(socket: Client): Promise<Client> {
	return new Promise((resolve, reject) => {
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', reject);
	});
}

beforeAll(async () => {
	({ db, cleanup: cleanupDb } = createTestDb());
	const { organismoId } = createOrganismo(db);
	const parte = await createUser(db, organismoId, 'parte');
	const admin = await createUser(db, organismoId, 'amministratore');
	parteCookie = sessionCookieFor(db, parte.id);
	adminCookie = sessionCookieFor(db, admin.id);

	http = createServer((_req, res) => {
		res.writeHead(200, { 'content-type': 'text/plain' });
		res.end('web app');
	});
	// Another WebSocket endpoint on the same server, like collab's /collab/<doc>, whose (async)
	// auth check takes longer than engine.io's 1 s destroyUpgradeTimeout before it answers.
	foreignWss = new WebSocketServer({ noServer: true });
	http.on('upgrade', (req, socket, head) => {
		if (!req.url?.startsWith('/collab-test')) return;
		setTimeout(() => {
			foreignWss.handleUpgrade(req, socket, head, (ws) => ws.on('message', (data) => ws.send(data)));
		}, SLOW_UPGRADE_MS);
	});
	http.listen(0, '127.0.0.1');
	await once(http, 'listening');
	baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

	const config = loadSfuConfig({ SFU_WORKERS: '1', RTC_MIN_PORT: '41400', RTC_MAX_PORT: '41449' });
	sfu = await createSfu({ httpServer: http, db, config, logger: silentLogger });
});

afterAll(async () => {
	for (const socket of clients) socket.disconnect();
	await sfu?.close();
	foreignWss?.close();
	http?.closeAllConnections();
	await new Promise((resolve) => http?.close(resolve));
	cleanupDb?.();
});

describe('handshake', () => {
	test('without a session cookie the connection is refused with "unauthorized"', async () => {
		const error = await connected(connect()).then(
			() => null,
			(err: Error & { data?: unknown }) => err
		);
		expect(error?.message).toBe('unauthorized');
		expect(error?.data).toEqual({ code: 'unauthorized', message: 'Sessione non valida: accedi di nuovo.' });
	});

	test('a forged session cookie is refused too', async () => {
		const error = await connected(connect('accordo_session=abcdefghijklmnopqrstuvwxyz234567')).then(
			() => null,
			(err: Error) => err
		);
		expect(error?.message).toBe('unauthorized');
	});

	test('with a valid session cookie the client connects', async () => {
		const socket = await connected(connect(parteCookie));
		expect(socket.connected).toBe(true);
	});
});

describe('handlers', () => {
	test('ping echoes t with the server time', async () => {
		const socket = await connected(connect(parteCookie));
		const before = Date.now();
		const result = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('ping', { t: 123.5 });
		expect(result).toEqual({ ok: true, data: { t: 123.5, serverTime: expect.any(Number) } });
		if (result.ok) expect(result.data.serverTime).toBeGreaterThanOrEqual(before);
	});

	test('a malformed ping gets bad_request and the connection stays usable', async () => {
		const socket = await connected(connect(parteCookie));
		const raw = socket as unknown as UntypedClient;

		for (const payload of [{ t: 'adesso' }, {}, null, 'ping', [1, 2]]) {
			const result = await raw.timeout(ACK_TIMEOUT_MS).emitWithAck('ping', payload);
			expect(result).toEqual({ ok: false, code: 'bad_request', message: ERROR_MESSAGES.bad_request });
		}
		// No payload at all: the ack is the only argument.
		expect(await raw.timeout(ACK_TIMEOUT_MS).emitWithAck('ping')).toMatchObject({ ok: false, code: 'bad_request' });
		// No ack at all: nothing to answer, nothing must break.
		raw.emit('ping', { t: 1 });
		raw.emit('ping', 'garbage');

		expect(socket.connected).toBe(true);
		const result = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('ping', { t: 7 });
		expect(result).toMatchObject({ ok: true, data: { t: 7 } });
	});

	test('stats is forbidden for a parte', async () => {
		const socket = await connected(connect(parteCookie));
		const result = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('stats');
		expect(result).toEqual({ ok: false, code: 'forbidden', message: 'Operazione non consentita.' });
		expect(socket.connected).toBe(true);
	});

	test('stats returns the live counters to an amministratore', async () => {
		const socket = await connected(connect(adminCookie));
		const result = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('stats');
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.data).toEqual({
			workers: 1,
			rooms: 0,
			peers: expect.any(Number),
			transports: 0,
			producers: 0,
			consumers: 0
		});
		expect(result.data.peers).toBe(sfu.io.sockets.sockets.size);
		expect(result.data.peers).toBeGreaterThanOrEqual(1);
		// An empty object is an accepted payload too.
		const raw = socket as unknown as UntypedClient;
		expect(await raw.timeout(ACK_TIMEOUT_MS).emitWithAck('stats', {})).toMatchObject({ ok: true });
	});

	test("an amministratore sees only its own Organismo's rooms and connections", async () => {
		const organismo = async () => {
			const { organismoId, sedeId } = createOrganismo(db);
			const seg = await createUser(db, organismoId, 'segreteria');
			const med = await createUser(db, organismoId, 'mediatore');
			const admin = await createUser(db, organismoId, 'amministratore');
			const r = createProcedimento(db, { ...seg, sedeIds: null }, caseInput(db, organismoId, sedeId));
			if (!r.ok) throw new Error(r.message);
			db.insert(assegnazioni)
				.values({ id: newId(), procedimentoId: r.id, mediatoreId: med.id, metodo: 'rotazione', stato: 'accettata' })
				.run();
			ensureStanza(db, r.id);
			return { caseId: r.id, segActor: seg, med: sessionCookieFor(db, med.id), admin: sessionCookieFor(db, admin.id) };
		};
		const a = await organismo();
		const b = await organismo();
		// B: the mediator in B's room and an observer connected by personal link; A: its mediator in A's room.
		const invito = createInvito(db, b.segActor, {
			procedimentoId: b.caseId,
			soggettoId: null,
			nome: 'Osservatore di prova',
			ruolo: 'uditore'
		});
		if (!invito.ok) throw new Error(invito.message);
		const guest: Client = connectClient(baseUrl, {
			path: SFU_SOCKET_PATH,
			transports: ['websocket'],
			auth: { guestToken: invito.token },
			reconnection: false,
			forceNew: true
		});
		clients.push(guest);
		await connected(guest);
		const medB = await connected(connect(b.med));
		expect(await medB.timeout(ACK_TIMEOUT_MS).emitWithAck('room:join', { procedimentoId: b.caseId })).toMatchObject({ ok: true });
		const medA = await connected(connect(a.med));
		expect(await medA.timeout(ACK_TIMEOUT_MS).emitWithAck('room:join', { procedimentoId: a.caseId })).toMatchObject({ ok: true });
		const adminA = await connected(connect(a.admin));
		const statsA = await adminA.timeout(ACK_TIMEOUT_MS).emitWithAck('stats');
		expect(statsA).toEqual({ ok: true, data: { workers: 1, rooms: 1, peers: 2, transports: 0, producers: 0, consumers: 0 } });
		const adminB = await connected(connect(b.admin));
		expect(await adminB.timeout(ACK_TIMEOUT_MS).emitWithAck('stats')).toMatchObject({ ok: true, data: { rooms: 1, peers: 3 } });
		// The installation counts both rooms and every connection.
		expect(sfu.stats().rooms).toBe(2);
		expect(sfu.stats().peers).toBeGreaterThanOrEqual(4);
	});
});

describe('shared HTTP server', () => {
	test('WebSocket upgrades on other paths are left alone (destroyUpgrade: false)', async () => {
		// With engine.io's default (destroyUpgrade: true) the socket would be ended after 1 s,
		// before the slow foreign handler answers: the client would see an error, never 'open'.
		const ws = new WebSocket(`${baseUrl.replace('http', 'ws')}/collab-test/doc`);
		await once(ws, 'open');
		expect(ws.readyState).toBe(WebSocket.OPEN);
		ws.send('ciao');
		const [reply] = await once(ws, 'message');
		expect(String(reply)).toBe('ciao');
		ws.close();
	});

	test('plain HTTP requests still reach the web app', async () => {
		const response = await fetch(`${baseUrl}/procedimenti`);
		expect(await response.text()).toBe('web app');
	});
});

describe('close()', () => {
	test('disconnects clients, closes media objects and workers, leaves the HTTP server up', async () => {
		const admin = await connected(connect(adminCookie));
		const router = await sfu.pool.next().createRouter({ mediaCodecs: MEDIA_CODECS });
		await router.createWebRtcTransport({ listenInfos: [{ protocol: 'udp', ip: '127.0.0.1' }] });
		// A router made outside any room belongs to no Organismo: only the installation's counters show it.
		expect(sfu.stats().transports).toBeGreaterThanOrEqual(1);
		expect(await admin.timeout(ACK_TIMEOUT_MS).emitWithAck('stats')).toMatchObject({ ok: true, data: { workers: 1, rooms: 0 } });

		const pids = sfu.pool.pids;
		const disconnected = new Promise<string>((resolve) => admin.once('disconnect', resolve));
		const closing = sfu.close();
		expect(sfu.close()).toBe(closing);
		await closing;

		expect(await disconnected).toBe('io server disconnect');
		expect(router.closed).toBe(true);
		expect(sfu.stats()).toEqual({ workers: 0, rooms: 0, peers: 0, transports: 0, producers: 0, consumers: 0 });
		expect(sfu.pool.liveCount).toBe(0);
		for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();

		// The shared server keeps serving the web app; new signalling connections are refused.
		expect(http.listening).toBe(true);
		expect(await (await fetch(`${baseUrl}/`)).text()).toBe('web app');
		await expect(connected(connect(adminCookie))).rejects.toThrow();
	});
});
