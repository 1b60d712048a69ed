import { once } from 'node:events';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Db } from '#db/client.ts';
import { procedimenti } from '#db/schema.ts';
import { prepareDatabase } from '#db/setup.ts';
import {
	ERROR_MESSAGES,
	SFU_SOCKET_PATH,
	type ChatMessage,
	type ClientToServerEvents,
	type RoomState,
	type ServerToClientEvents
} from '#protocol/signalling.ts';
import { loadSfuConfig } from '#sfu/config.ts';
import { createSfu, type Sfu } from '#sfu/index.ts';
import { CHAT_BURST, CHAT_REFILL_MS } from '#sfu/rooms/chat.ts';
import type { Logger } from '#sfu/log.ts';
import { createTestDb, sessionCookieFor } from '../helpers/db.ts';

// Adversarial socket.io clients against the room (real SFU, real worker, demo database): strict
// message schemas, a refused produce that must change nothing, mediasoup's UnsupportedError as a
// plain bad_request, and no room:state pushes that betray activity in a caucus.

type Client = ClientSocket<ServerToClientEvents, ClientToServerEvents>;
const ACK_MS = 4000;

let db: Db;
let cleanupDb: () => void;
let http: HttpServer;
let sfu: Sfu;
let baseUrl: string;
let caseId: string;
const clients: Client[] = [];
const logged: string[] = [];
const logger: Logger = {
	info: () => {},
	warn: (m: string) => logged.push(`warn ${m}`),
	error: (m: string, e?: unknown) => logged.push(`error ${m} ${e instanceof Error ? (e.stack ?? '') : ''}`)
} as Logger;

async function asUser(userId: string): Promise<Client> {
	const socket: Client = connectClient(baseUrl, {
		path: SFU_SOCKET_PATH,
		transports: ['websocket'],
		extraHeaders: { cookie: sessionCookieFor(db, userId) },
		reconnection: false,
		forceNew: true
	});
	clients.push(socket);
	await new Promise((resolve, reject) => {
		socket.once('connect', () => resolve(null));
		socket.once('connect_error', reject);
	});
	return socket;
}

async function ok<R extends { ok: boolean }>(p: Promise<R>): Promise<Extract<R, { ok: true; data: unknown }>['data']> {
	const r = await p;
	if (!r.ok) throw new Error((r as unknown as { message: string }).message);
	return (r as unknown as { data: Extract<R, { ok: true; data: unknown }>['data'] }).data;
}

const opus = (ssrc: number) => ({
	codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }],
	encodings: [{ ssrc }],
	rtcp: { cname: `c${ssrc}` }
});

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
	const config = loadSfuConfig({ SFU_WORKERS: '1', RTC_MIN_PORT: '41490', RTC_MAX_PORT: '41499' });
	sfu = await createSfu({ httpServer: http, db, config, logger, emptyRoomGraceMs: 50, turn: null });
});

afterAll(async () => {
	for (const socket of clients) socket.disconnect();
	await sfu?.close();
	http?.closeAllConnections();
	await new Promise((resolve) => http?.close(resolve));
	cleanupDb?.();
});

describe('room signalling under attack', () => {
	test('every message schema is strict: an extra field is bad_request, never silently dropped', async () => {
		const med = await asUser('demo-mediatore');
		await ok(med.timeout(ACK_MS).emitWithAck('room:join', { procedimentoId: caseId }));
		const raw = med as unknown as ClientSocket;
		for (const [event, payload] of [
			['chat:send', { text: 'ciao', spaceId: 'caucus-altrui' }],
			['room:setAutoAdmit', { enabled: true, extra: 1 }],
			['space:create', { name: 'x', peerIds: [], kind: 'plenaria' }],
			['media:createTransport', { direction: 'send', iceServers: [] }],
			['ping', { t: 1, x: 2 }],
			['room:leave', { now: true }]
		] as const) {
			expect(await raw.timeout(ACK_MS).emitWithAck(event, payload), event).toMatchObject({ ok: false, code: 'bad_request' });
		}
		med.disconnect();
	});

	test('a chat flood is cut to the burst and about one message a second, per person, also across a rejoin', async () => {
		const med = await asUser('demo-mediatore');
		await ok(med.timeout(ACK_MS).emitWithAck('room:join', { procedimentoId: caseId }));
		const delivered: string[] = [];
		med.on('chat:message', (m) => delivered.push(m.text));
		const text = 'x'.repeat(2000);
		const answers = await Promise.all(Array.from({ length: 300 }, () => med.timeout(ACK_MS).emitWithAck('chat:send', { text })));
		const accepted = answers.filter((a) => a.ok).length;
		expect(accepted).toBeGreaterThanOrEqual(CHAT_BURST);
		expect(accepted).toBeLessThanOrEqual(CHAT_BURST + 2);
		expect(answers.find((a) => !a.ok)).toEqual({ ok: false, code: 'rate_limited', message: ERROR_MESSAGES.rate_limited });
		await new Promise((r) => setTimeout(r, 200));
		expect(delivered.length).toBe(accepted);
		const history: ChatMessage[] = await ok(med.timeout(ACK_MS).emitWithAck('chat:history', {}));
		expect(history.filter((m) => m.text === text).length).toBe(accepted);
		// A new connection of the same person does not get a new allowance.
		med.disconnect();
		const again = await asUser('demo-mediatore');
		await ok(again.timeout(ACK_MS).emitWithAck('room:join', { procedimentoId: caseId }));
		expect(await again.timeout(ACK_MS).emitWithAck('chat:send', { text: 'ancora' })).toMatchObject({ ok: false, code: 'rate_limited' });
		// After a pause the person may write again.
		await new Promise((r) => setTimeout(r, CHAT_REFILL_MS + 100));
		expect(await again.timeout(ACK_MS).emitWithAck('chat:send', { text: 'dopo una pausa' })).toMatchObject({ ok: true });
		again.disconnect();
	});

	test('a refused produce (unsupported codec) keeps the existing producer, answers bad_request and logs no stack', async () => {
		const med = await asUser('demo-mediatore');
		await ok(med.timeout(ACK_MS).emitWithAck('room:join', { procedimentoId: caseId }));
		const send = await ok(med.timeout(ACK_MS).emitWithAck('media:createTransport', { direction: 'send' }));
		const first = await ok(
			med
				.timeout(ACK_MS)
				.emitWithAck('media:produce', { transportId: send.id, kind: 'audio', rtpParameters: opus(1111) as never, source: 'mic' })
		);
		const closed: unknown[] = [];
		med.on('producer:closed', (p) => closed.push(p));
		const producersBefore = sfu.stats().producers;
		logged.length = 0;
		const refused = await med.timeout(ACK_MS).emitWithAck('media:produce', {
			transportId: send.id,
			kind: 'audio',
			rtpParameters: { codecs: [{ mimeType: 'audio/G722', payloadType: 9, clockRate: 8000 }], encodings: [{ ssrc: 2222 }] } as never,
			source: 'mic'
		});
		expect(refused).toMatchObject({ ok: false, code: 'bad_request' });
		expect(sfu.stats().producers).toBe(producersBefore);
		expect(closed).toEqual([]);
		expect(logged.filter((l) => l.startsWith('error'))).toEqual([]);
		// The first producer is still there and usable.
		expect(await med.timeout(ACK_MS).emitWithAck('media:pauseProducer', { producerId: first.producerId, paused: true })).toMatchObject({
			ok: true
		});
		med.disconnect();
	});

	test('a party in the plenaria gets no room:state when something changes only inside a caucus', async () => {
		const med = await asUser('demo-mediatore');
		const medJoin = await ok(med.timeout(ACK_MS).emitWithAck('room:join', { procedimentoId: caseId }));
		await ok(med.timeout(ACK_MS).emitWithAck('room:setAutoAdmit', { enabled: true }));
		const parte = await asUser('demo-parte');
		const pj = await ok(parte.timeout(ACK_MS).emitWithAck('room:join', { procedimentoId: caseId }));
		const avv = await asUser('demo-avvocato');
		const aj = await ok(avv.timeout(ACK_MS).emitWithAck('room:join', { procedimentoId: caseId }));
		// The mediator takes the lawyer aside; the party stays in the plenaria.
		await ok(med.timeout(ACK_MS).emitWithAck('space:create', { name: 'Sessione separata', peerIds: [aj.peerId, medJoin.peerId] }));
		const send = await ok(avv.timeout(ACK_MS).emitWithAck('media:createTransport', { direction: 'send' }));
		await new Promise((resolve) => setTimeout(resolve, 300)); // let the caucus moves settle

		const partyPushes: RoomState[] = [];
		const medPushes: RoomState[] = [];
		parte.on('room:state', (s) => partyPushes.push(s));
		med.on('room:state', (s) => medPushes.push(s));
		// Inside the caucus: the lawyer starts the microphone, mutes it, and unmutes.
		const mic = await ok(
			avv
				.timeout(ACK_MS)
				.emitWithAck('media:produce', { transportId: send.id, kind: 'audio', rtpParameters: opus(3333) as never, source: 'mic' })
		);
		await ok(avv.timeout(ACK_MS).emitWithAck('media:pauseProducer', { producerId: mic.producerId, paused: true }));
		await ok(avv.timeout(ACK_MS).emitWithAck('media:pauseProducer', { producerId: mic.producerId, paused: false }));
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(medPushes.length).toBeGreaterThan(0); // the mediator sees the caucus
		expect(partyPushes).toEqual([]); // the party learns nothing, not even that something happened
		expect(pj.state.me.spaceId).toBe('plenaria');
		for (const s of [med, parte, avv]) s.disconnect();
	});
});
