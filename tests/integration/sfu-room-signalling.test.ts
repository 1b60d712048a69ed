import { once } from 'node:events';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { invalidateSession, sessionIdFromToken } from '#db/auth/session.ts';
import type { Db } from '#db/client.ts';
import { ensureStanza } from '#db/rooms/repo.ts';
import { createInvito } from '#db/rooms/invitations.ts';
import { signGuestToken } from '#db/rooms/guest-token.ts';
import { guestLinkKey } from '#db/rooms/secret.ts';
import { procedimenti, soggetti } from '#db/schema.ts';
import { prepareDatabase } from '#db/setup.ts';
import { SFU_SOCKET_PATH, type ClientToServerEvents, type RoomState, type ServerToClientEvents } from '#protocol/signalling.ts';
import { loadSfuConfig } from '#sfu/config.ts';
import { createSfu, type Sfu } from '#sfu/index.ts';
import { silentLogger } from '#sfu/log.ts';
import { createTestDb, sessionCookieFor } from '../helpers/db.ts';

// The room signalling over a real socket.io server, a real worker and the demo database:
// handshake (cookie or guest link), join, lobby, moderation rights, bad input, clean-up.

type Client = ClientSocket<ServerToClientEvents, ClientToServerEvents>;
const ACK_MS = 4000;

let db: Db;
let cleanupDb: () => void;
let http: HttpServer;
let sfu: Sfu;
let baseUrl: string;
let caseId: string;
const clients: Client[] = [];

function connect(opts: { cookie?: string; guestToken?: string }): Client {
	const socket: Client = connectClient(baseUrl, {
		path: SFU_SOCKET_PATH,
		transports: ['websocket'],
		extraHeaders: opts.cookie ? { cookie: opts.cookie } : {},
		auth: opts.guestToken !== undefined ? { guestToken: opts.guestToken } : {},
		reconnection: false,
		forceNew: true
	});
	clients.push(socket);
	return socket;
}

function connected(socket: Client): Promise<Client> {
	return new Promise((resolve, reject) => {
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', reject);
	});
}

const asUser = (userId: string) => connected(connect({ cookie: sessionCookieFor(db, userId) }));

/** Resolves with the next room:state matching `predicate`. */
function nextState(socket: Client, predicate: (s: RoomState) => boolean): Promise<RoomState> {
	return new Promise((resolve) => {
		const listener = (s: RoomState) => {
			if (!predicate(s)) return;
			socket.off('room:state', listener);
			resolve(s);
		};
		socket.on('room:state', listener);
	});
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

beforeAll(async () => {
	({ db, cleanup: cleanupDb } = createTestDb());
	await prepareDatabase(db, { seedDemo: true });
	caseId = db
		.select({ id: procedimenti.id })
		.from(procedimenti)
		.where(and(eq(procedimenti.anno, 2026), eq(procedimenti.numero, 1)))
		.get()!.id;
	http = createServer((_req, res) => res.end('web'));
	http.listen(0, '127.0.0.1');
	await once(http, 'listening');
	baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
	const config = loadSfuConfig({ SFU_WORKERS: '1', RTC_MIN_PORT: '41600', RTC_MAX_PORT: '41649' });
	sfu = await createSfu({ httpServer: http, db, config, logger: silentLogger, emptyRoomGraceMs: 50, turn: null });
});

afterAll(async () => {
	for (const socket of clients) socket.disconnect();
	await sfu?.close();
	http?.closeAllConnections();
	await new Promise((resolve) => http?.close(resolve));
	cleanupDb?.();
});

describe('join and lobby', () => {
	test('mediator enters the plenaria; the party waits in the lobby until admitted', async () => {
		const med = await asUser('demo-mediatore');
		const joined = await med.timeout(ACK_MS).emitWithAck('room:join', { procedimentoId: caseId });
		if (!joined.ok) throw new Error(joined.message);
		expect(joined.data.state.me.spaceId).toBe('plenaria');
		expect(joined.data.state.moderator).toBe(true);
		expect(joined.data.routerRtpCapabilities.codecs?.length).toBeGreaterThan(0);

		const parte = await asUser('demo-parte');
		const lobbySeen = nextState(med, (s) => s.lobby.length === 1);
		const pj = await parte.timeout(ACK_MS).emitWithAck('room:join', { procedimentoId: caseId });
		if (!pj.ok) throw new Error(pj.message);
		expect(pj.data.state.me.spaceId).toBeNull();
		expect(pj.data.state.peers).toEqual([]);
		const medState = await lobbySeen;
		expect(medState.lobby[0]).toMatchObject({ name: 'Mario Esposito', role: 'parte' });

		// A party cannot admit, move or create spaces: error ack, nothing changes.
		for (const [event, payload] of [
			['room:admit', { peerId: pj.data.peerId }],
			['space:move', { peerId: pj.data.peerId, spaceId: 'plenaria' }],
			['space:create', { name: 'x', peerIds: [] }],
			['room:setAutoAdmit', { enabled: true }],
			['peer:setPermissions', { peerId: pj.data.peerId, publish: true }]
		] as const) {
			const r = await (parte as ClientSocket).timeout(ACK_MS).emitWithAck(event, payload);
			expect(r, event).toMatchObject({ ok: false, code: 'forbidden' });
		}
		// In the lobby: no chat.
		expect(await parte.timeout(ACK_MS).emitWithAck('chat:send', { text: 'ciao' })).toMatchObject({ ok: false, code: 'not_joined' });

		const admitted = nextState(parte, (s) => s.me.spaceId === 'plenaria');
		expect(await med.timeout(ACK_MS).emitWithAck('room:admit', { peerId: pj.data.peerId })).toEqual({ ok: true, data: {} });
		const ps = await admitted;
		expect(ps.peers.map((p) => p.name).sort()).toEqual(['Mario Esposito', 'Niccolò Della Valle']);

		const sent = await parte.timeout(ACK_MS).emitWithAck('chat:send', { text: 'Buongiorno' });
		expect(sent).toMatchObject({ ok: true, data: { text: 'Buongiorno', fromName: 'Mario Esposito' } });
		med.disconnect();
		parte.disconnect();
		await until(() => sfu.stats().rooms === 0);
	});

	test('malformed messages get bad_request and change nothing', async () => {
		const med = (await asUser('demo-mediatore')) as ClientSocket;
		await med.timeout(ACK_MS).emitWithAck('room:join', { procedimentoId: caseId });
		for (const [event, payload] of [
			['room:join', { procedimentoId: 42 }],
			['space:move', { peerId: '' }],
			['space:create', { name: '', peerIds: [] }],
			['media:createTransport', { direction: 'sideways' }],
			['media:produce', { transportId: 'x', kind: 'audio', rtpParameters: { codecs: [] }, source: 'mic' }],
			['chat:send', { text: 'x'.repeat(5000) }],
			['media:connectTransport', 'not an object']
		] as const) {
			const r = await med.timeout(ACK_MS).emitWithAck(event, payload);
			expect(r, event).toMatchObject({ ok: false, code: 'bad_request' });
		}
		expect(await med.timeout(ACK_MS).emitWithAck('space:move', { peerId: 'nobody', spaceId: 'plenaria' })).toMatchObject({
			ok: false,
			code: 'not_found'
		});
		expect(sfu.registry.rooms.get(ensureStanza(db, caseId).id)?.spaces.size).toBe(1);
		med.disconnect();
		await until(() => sfu.stats().rooms === 0);
	});

	test('users without a role in the case, and staff, cannot join', async () => {
		for (const userId of ['demo-mediatore-2', 'demo-segreteria', 'demo-ctu']) {
			const s = await asUser(userId);
			expect(await s.timeout(ACK_MS).emitWithAck('room:join', { procedimentoId: caseId }), userId).toMatchObject({
				ok: false,
				code: 'forbidden'
			});
			s.disconnect();
		}
	});
});

describe('guest links', () => {
	test('a valid link joins as its person; forged, expired and revoked links are refused with Italian messages', async () => {
		const stanza = ensureStanza(db, caseId);
		const condominio = db
			.select({ id: soggetti.id })
			.from(soggetti)
			.where(and(eq(soggetti.procedimentoId, caseId), eq(soggetti.ruolo, 'parte')))
			.all()
			.at(-1)!;
		const invito = createInvito(
			db,
			{ id: 'demo-segreteria', organismoId: 'demo-organismo' },
			{ procedimentoId: caseId, soggettoId: condominio.id }
		);
		if (!invito.ok) throw new Error(invito.message);
		const guest = await connected(connect({ guestToken: invito.token }));
		const joined = await guest.timeout(ACK_MS).emitWithAck('room:join', {});
		if (!joined.ok) throw new Error(joined.message);
		expect(joined.data.state.me).toMatchObject({ guest: true, name: 'Condominio Via Padova 15', spaceId: null });
		guest.disconnect();

		const refused = (token: string) =>
			connected(connect({ guestToken: token })).then(
				() => null,
				(err: Error & { data?: { code: string; message: string } }) => err.data
			);
		expect(await refused(invito.token.slice(0, -3) + 'AAA')).toMatchObject({
			code: 'invalid_link',
			message: expect.stringContaining('non è valido')
		});
		const expired = signGuestToken(guestLinkKey(db, 'demo-organismo'), { i: invito.id, s: stanza.id, e: Date.now() - 1000 });
		expect(await refused(expired)).toMatchObject({ code: 'invalid_link', message: expect.stringContaining('scaduto') });
		const { revokeInvito } = await import('#db/rooms/invitations.ts');
		revokeInvito(db, { id: 'demo-segreteria', organismoId: 'demo-organismo' }, caseId, invito.id);
		expect(await refused(invito.token)).toMatchObject({ code: 'invalid_link', message: expect.stringContaining('revocato') });
		await until(() => sfu.stats().rooms === 0);
	});

	test('an observer link cannot publish', async () => {
		const invito = createInvito(
			db,
			{ id: 'demo-segreteria', organismoId: 'demo-organismo' },
			{ procedimentoId: caseId, soggettoId: null, nome: 'Tirocinante Prova', ruolo: 'tirocinante' }
		);
		if (!invito.ok) throw new Error(invito.message);
		const obs = await connected(connect({ guestToken: invito.token }));
		const joined = await obs.timeout(ACK_MS).emitWithAck('room:join', {});
		if (!joined.ok) throw new Error(joined.message);
		expect(joined.data.state.me.canPublish).toBe(false);
		const t = await obs.timeout(ACK_MS).emitWithAck('media:createTransport', { direction: 'send' });
		if (!t.ok) throw new Error(t.message);
		const produced = await obs.timeout(ACK_MS).emitWithAck('media:produce', {
			transportId: t.data.id,
			kind: 'audio',
			source: 'mic',
			rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 1 }] }
		});
		expect(produced).toMatchObject({ ok: false, code: 'forbidden' });
		obs.disconnect();
		await until(() => sfu.stats().transports === 0 && sfu.stats().rooms === 0);
	});
});

describe('re-authorization of open connections', () => {
	test('a revoked guest link and an ended session take their people out of the room at once, with the reason', async () => {
		const invito = createInvito(
			db,
			{ id: 'demo-segreteria', organismoId: 'demo-organismo' },
			{ procedimentoId: caseId, soggettoId: null, nome: 'Ospite Revocato', ruolo: 'uditore' }
		);
		if (!invito.ok) throw new Error(invito.message);
		const med = await asUser('demo-mediatore');
		const mj = await med.timeout(ACK_MS).emitWithAck('room:join', { procedimentoId: caseId });
		if (!mj.ok) throw new Error(mj.message);
		const guest = await connected(connect({ guestToken: invito.token }));
		const gj = await guest.timeout(ACK_MS).emitWithAck('room:join', {});
		if (!gj.ok) throw new Error(gj.message);
		const parteCookie = sessionCookieFor(db, 'demo-parte');
		const parte = await connected(connect({ cookie: parteCookie }));
		const pj = await parte.timeout(ACK_MS).emitWithAck('room:join', { procedimentoId: caseId });
		if (!pj.ok) throw new Error(pj.message);
		await until(() => sfu.registry.rooms.get(ensureStanza(db, caseId).id)?.peers.size === 3);

		// Nothing changed: nobody is disconnected.
		expect(sfu.reauthorize()).toBe(0);

		const { revokeInvito } = await import('#db/rooms/invitations.ts');
		revokeInvito(db, { id: 'demo-segreteria', organismoId: 'demo-organismo' }, caseId, invito.id);
		const guestNotice = new Promise((resolve) => guest.once('room:closed', resolve));
		const guestGone = new Promise((resolve) => guest.once('disconnect', resolve));
		expect(sfu.reauthorize()).toBe(1);
		expect(await guestNotice).toMatchObject({ reason: 'refused', rejoin: false, message: expect.stringContaining('revocato') });
		await guestGone;

		// The party's session ends (logout): out too; the mediator stays.
		const token = decodeURIComponent(parteCookie.split('=')[1]);
		invalidateSession(db, sessionIdFromToken(token));
		const parteNotice = new Promise((resolve) => parte.once('room:closed', resolve));
		expect(sfu.reauthorize()).toBe(1);
		expect(await parteNotice).toMatchObject({ rejoin: false, message: expect.stringContaining('sessione') });
		await until(() => sfu.registry.rooms.get(ensureStanza(db, caseId).id)?.peers.size === 1);
		expect(med.connected).toBe(true);
		med.disconnect();
		await until(() => sfu.stats().rooms === 0);
	});
});

describe('capacity and clean-up', () => {
	test('a full room refuses with room_full; all counts return to zero after everyone leaves', async () => {
		const stanza = ensureStanza(db, caseId);
		const { stanze } = await import('#db/schema.ts');
		db.update(stanze).set({ capienza: 1 }).where(eq(stanze.id, stanza.id)).run();
		const med = await asUser('demo-mediatore');
		await med.timeout(ACK_MS).emitWithAck('room:join', { procedimentoId: caseId });
		await med.timeout(ACK_MS).emitWithAck('media:createTransport', { direction: 'send' });
		await med.timeout(ACK_MS).emitWithAck('media:createTransport', { direction: 'recv' });
		const parte = await asUser('demo-parte');
		expect(await parte.timeout(ACK_MS).emitWithAck('room:join', { procedimentoId: caseId })).toMatchObject({ ok: true });
		const avv = await asUser('demo-avvocato');
		const full = await avv.timeout(ACK_MS).emitWithAck('room:join', { procedimentoId: caseId });
		expect(full).toMatchObject({ ok: false, code: 'room_full', message: expect.stringContaining('al completo') });
		expect(sfu.stats()).toMatchObject({ rooms: 1, transports: 2 });
		for (const s of [med, parte, avv]) s.disconnect();
		await until(() => sfu.stats().rooms === 0);
		expect(sfu.stats()).toMatchObject({ rooms: 0, peers: 0, transports: 0, producers: 0, consumers: 0 });
		expect(sfu.registry.peerCount).toBe(0);
		db.update(stanze).set({ capienza: 4 }).where(eq(stanze.id, stanza.id)).run();
	});

	test('an expired stanza refuses joining with room_expired', async () => {
		const stanza = ensureStanza(db, caseId);
		const { stanze } = await import('#db/schema.ts');
		const original = stanza.expiresAt;
		db.update(stanze)
			.set({ expiresAt: new Date(Date.now() - 1000) })
			.where(eq(stanze.id, stanza.id))
			.run();
		const med = await asUser('demo-mediatore');
		expect(await med.timeout(ACK_MS).emitWithAck('room:join', { procedimentoId: caseId })).toMatchObject({
			ok: false,
			code: 'room_expired',
			message: expect.stringContaining('scaduta')
		});
		med.disconnect();
		db.update(stanze).set({ expiresAt: original }).where(eq(stanze.id, stanza.id)).run();
	});
});
