import type { RtpCapabilities, RtpParameters } from 'mediasoup/types';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ServerToClientEvents } from '#protocol/signalling.ts';
import { silentLogger } from '#sfu/log.ts';
import { Peer } from '#sfu/rooms/Peer.ts';
import { canConsume } from '#sfu/rooms/privacy.ts';
import { RoomRegistry } from '#sfu/rooms/registry.ts';
import { PLENARIA_ID, type Room } from '#sfu/rooms/Room.ts';
import { createWebRtcTransport } from '#sfu/rooms/transports.ts';
import type { PeerChannel, PeerIdentity, ProducerAppData } from '#sfu/rooms/types.ts';
import { MediaObjectCounter } from '#sfu/stats.ts';
import { WorkerPool } from '#sfu/workers.ts';

// Real mediasoup worker, real Router/transports/producers/consumers; the peers' "sockets" are
// recorders of what the room would send them. Transports are never ICE-connected: mediasoup
// creates producers and consumers regardless, which is all the privacy rule is about.

type Sent = { event: keyof ServerToClientEvents; payload: unknown };

function recorder(): PeerChannel & { sent: Sent[] } {
	const sent: Sent[] = [];
	return {
		sent,
		emit(event, ...args) {
			sent.push({ event, payload: args[0] });
			return true;
		}
	};
}

function identity(key: string, role: PeerIdentity['role'], extra: Partial<PeerIdentity> = {}): PeerIdentity {
	return {
		key,
		name: key,
		role,
		guest: false,
		moderator: role === 'mediatore',
		publish: role !== 'uditore' && role !== 'tirocinante',
		...extra
	};
}

let ssrc = 1000;
function rtpParameters(kind: 'audio' | 'video'): RtpParameters {
	ssrc += 1;
	return kind === 'audio'
		? {
				codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2, parameters: { useinbandfec: 1 } }],
				headerExtensions: [],
				encodings: [{ ssrc }],
				rtcp: { cname: `c${ssrc}` }
			}
		: {
				codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }],
				headerExtensions: [],
				encodings: [{ ssrc }],
				rtcp: { cname: `c${ssrc}` }
			};
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** Lets pending consume() calls settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

let pool: WorkerPool;
let counter: MediaObjectCounter;
let registry: RoomRegistry;
let stanzaSeq = 0;

beforeAll(async () => {
	pool = new WorkerPool(
		{ workers: 1, rtcMinPort: 41500, rtcMaxPort: 41599, logLevel: 'warn' },
		{ logger: silentLogger, respawnDelayMs: 50 }
	);
	counter = new MediaObjectCounter();
	pool.on('workerstarted', (w) => counter.track(w));
	await pool.start();
	registry = new RoomRegistry({
		pool,
		config: { listenIp: '127.0.0.1', announcedAddress: undefined },
		log: silentLogger,
		emptyRoomGraceMs: 50
	});
});

afterAll(async () => {
	registry?.close();
	await pool?.close();
});

async function newRoom(opts: { capacity?: number; autoAdmit?: boolean } = {}): Promise<Room> {
	stanzaSeq += 1;
	return registry.getOrCreate({
		stanzaId: `stanza-${stanzaSeq}`,
		procedimentoId: `proc-${stanzaSeq}`,
		organismoId: 'org-test',
		capacity: opts.capacity ?? 6,
		autoAdmit: opts.autoAdmit ?? false,
		expiresAt: Date.now() + 86_400_000
	});
}

/** Joins, opens send+recv transports, sets capabilities and publishes mic + cam. */
async function joinWithMedia(room: Room, id: PeerIdentity, publish = true) {
	const channel = recorder();
	const peer = room.join(id, channel);
	for (const direction of ['send', 'recv'] as const) {
		const t = await createWebRtcTransport(room.router, room.network, { peerId: peer.id, direction }, () => room.removePeer(peer));
		peer.addTransport(t);
	}
	peer.rtpCapabilities = room.router.rtpCapabilities as RtpCapabilities;
	if (publish) {
		const send = [...peer.transports.values()].find((t) => t.appData.direction === 'send')!;
		for (const [kind, source] of [
			['audio', 'mic'],
			['video', 'cam']
		] as const) {
			const producer = await send.produce<ProducerAppData>({
				kind,
				rtpParameters: rtpParameters(kind),
				appData: { source, peerId: peer.id }
			});
			peer.addProducer(producer);
		}
	}
	room.mediaChanged();
	return { peer, channel };
}

/** Ids of the peers whose media `receiver` currently consumes. */
function sourcesOf(room: Room, receiver: Peer): Set<string> {
	const ids = new Set<string>();
	for (const c of receiver.consumers.values()) if (!c.closed) ids.add(c.appData.producerPeerId);
	return ids;
}

/** Expected: receiver consumes exactly the publishing peers canConsume() allows. */
function expectMatrix(room: Room): void {
	const peers = [...room.peers.values()];
	for (const receiver of peers) {
		const expected = peers.filter((p) => p.producers.size > 0 && canConsume(receiver, p)).map((p) => p.id);
		expect([...sourcesOf(room, receiver)].sort(), `${receiver.identity.key} receives`).toEqual(expected.sort());
		for (const c of receiver.consumers.values()) {
			const owner = room.peers.get(c.appData.producerPeerId)!;
			expect(owner.spaceId, `${receiver.identity.key} consumes ${owner.identity.key} only in its own space`).toBe(receiver.spaceId);
		}
	}
}

describe('canConsume (pure rule)', () => {
	const m = (id: string, spaceId: string | null, closed = false) => ({ id, spaceId, closed });
	test.each([
		['same space', m('a', 'p'), m('b', 'p'), true],
		['different spaces', m('a', 'p'), m('b', 'c1'), false],
		['receiver in lobby', m('a', null), m('b', 'p'), false],
		['producer in lobby', m('a', 'p'), m('b', null), false],
		['both in lobby', m('a', null), m('b', null), false],
		['self', m('a', 'p'), m('a', 'p'), false],
		['closed producer peer', m('a', 'p'), m('b', 'p', true), false]
	])('%s', (_label, receiver, producer, allowed) => {
		expect(canConsume(receiver, producer)).toBe(allowed);
	});
});

describe('room membership and the privacy matrix (real worker)', () => {
	test('lobby, admission, caucus moves, mediator shuttling and return to plenaria', async () => {
		const room = await newRoom();
		const med = await joinWithMedia(room, identity('med', 'mediatore'));
		const a = await joinWithMedia(room, identity('partyA', 'parte'));
		const lawyerA = await joinWithMedia(room, identity('lawyerA', 'avvocato'));
		const b = await joinWithMedia(room, identity('partyB', 'parte'));
		const obs = await joinWithMedia(room, identity('observer', 'uditore'), false);

		// The mediator is in the plenaria; everyone else waits in the lobby and receives nothing.
		expect(med.peer.spaceId).toBe(PLENARIA_ID);
		for (const p of [a, lawyerA, b, obs]) expect(p.peer.spaceId).toBeNull();
		await settle();
		expectMatrix(room);
		expect(med.peer.consumers.size).toBe(0);

		// Lobby state is visible to the mediator only.
		expect(
			room
				.stateFor(med.peer)
				.lobby.map((p) => p.name)
				.sort()
		).toEqual(['lawyerA', 'observer', 'partyA', 'partyB']);
		expect(room.stateFor(a.peer).lobby).toEqual([]);

		for (const p of [a, lawyerA, b, obs]) room.admit(p.peer.id);
		await until(() => med.peer.consumers.size === 6 && b.peer.consumers.size === 6);
		expectMatrix(room);
		expect(obs.peer.consumers.size).toBe(8); // 4 publishers x (mic + cam)

		// Caucus with A and A's lawyer; then the mediator joins them.
		const caucus = room.createSpace('Sessione separata con parte A');
		room.move(a.peer.id, caucus.id);
		room.move(lawyerA.peer.id, caucus.id);
		room.move(med.peer.id, caucus.id);
		await settle();
		expectMatrix(room);
		expect(sourcesOf(room, b.peer)).toEqual(new Set([obs.peer.id].filter((id) => room.peers.get(id)!.producers.size > 0)));
		expect(sourcesOf(room, med.peer)).toEqual(new Set([a.peer.id, lawyerA.peer.id]));
		// B was told its consumers of A were closed.
		const closedOnB = b.channel.sent.filter((s) => s.event === 'consumer:closed').length;
		expect(closedOnB).toBe(6); // A, lawyer A and the mediator, mic + cam each

		// B's view: only the plenaria and who is in it; no trace of the caucus or its members.
		const bView = room.stateFor(b.peer);
		expect(bView.spaces.map((s) => s.id)).toEqual([PLENARIA_ID]);
		expect(bView.peers.map((p) => p.name).sort()).toEqual(['observer', 'partyB']);
		expect(bView.mediatorPresent).toBe(true);
		const medView = room.stateFor(med.peer);
		expect(medView.spaces).toHaveLength(2);

		// Chat: the caucus message reaches the caucus only.
		const message = room.sendChat(a.peer, 'Proposta riservata');
		expect(med.channel.sent.some((s) => s.event === 'chat:message' && (s.payload as { id: string }).id === message.id)).toBe(true);
		expect(b.channel.sent.some((s) => s.event === 'chat:message')).toBe(false);
		expect(room.chatHistory(b.peer)).toEqual([]);
		expect(room.chatHistory(lawyerA.peer).map((m) => m.text)).toEqual(['Proposta riservata']);

		// The mediator shuttles to the plenaria: receives B again, not A.
		room.move(med.peer.id, PLENARIA_ID);
		await until(() => sourcesOf(room, med.peer).has(b.peer.id));
		await settle();
		expectMatrix(room);

		// Temporary exclusion: B back to the lobby receives and sends nothing; readmission restores.
		room.move(b.peer.id, null);
		await settle();
		expectMatrix(room);
		expect(b.peer.consumers.size).toBe(0);
		room.admit(b.peer.id);
		await until(() => b.peer.consumers.size === 2);

		// Back to the plenaria: everything restored.
		room.closeSpace(caucus.id);
		await until(() => b.peer.consumers.size === 6 && a.peer.consumers.size === 6);
		expectMatrix(room);
		room.close();
	});

	test('a screen share stops when its owner moves to another space', async () => {
		const room = await newRoom({ autoAdmit: true });
		const med = await joinWithMedia(room, identity('med', 'mediatore'));
		const b = await joinWithMedia(room, identity('partyB', 'parte'));
		const send = [...med.peer.transports.values()].find((t) => t.appData.direction === 'send')!;
		const screen = await send.produce<ProducerAppData>({
			kind: 'video',
			rtpParameters: rtpParameters('video'),
			appData: { source: 'screen', peerId: med.peer.id }
		});
		med.peer.addProducer(screen);
		room.mediaChanged();
		await until(() => b.peer.consumers.has(screen.id));
		const caucus = room.createSpace('Caucus');
		room.move(med.peer.id, caucus.id);
		expect(screen.closed).toBe(true);
		expect(med.channel.sent.some((s) => s.event === 'producer:closed')).toBe(true);
		await settle();
		expect(b.peer.consumers.has(screen.id)).toBe(false);
		room.close();
	});

	test('a new tab of the same person replaces the old one; capacity is enforced', async () => {
		const room = await newRoom({ capacity: 2, autoAdmit: true });
		await joinWithMedia(room, identity('med', 'mediatore'));
		const first = await joinWithMedia(room, identity('partyA', 'parte'));
		await joinWithMedia(room, identity('partyB', 'parte'));
		expect(() => room.join(identity('partyC', 'parte'), recorder())).toThrow(/completo/);
		const second = await joinWithMedia(room, identity('partyA', 'parte'));
		expect(first.peer.closed).toBe(true);
		expect(first.channel.sent.some((s) => s.event === 'room:closed' && (s.payload as { reason: string }).reason === 'replaced')).toBe(true);
		expect([...room.peers.values()].filter((p) => p.identity.key === 'partyA')).toEqual([second.peer]);
		// The replacement goes straight back to its space (no lobby after a blip).
		expect(second.peer.spaceId).toBe(PLENARIA_ID);
		room.close();
	});

	test('refusing from the lobby tells the person and removes them', async () => {
		const room = await newRoom();
		const med = await joinWithMedia(room, identity('med', 'mediatore'));
		const a = await joinWithMedia(room, identity('partyA', 'parte'));
		room.refuse(a.peer.id);
		expect(a.peer.closed).toBe(true);
		expect(a.channel.sent.at(-1)).toMatchObject({ event: 'room:closed', payload: { reason: 'refused', rejoin: false } });
		expect(room.stateFor(med.peer).lobby).toEqual([]);
		room.close();
	});
});

describe('object counts', () => {
	test('return to zero after every peer leaves (the empty room closes its router)', async () => {
		const room = await newRoom({ autoAdmit: true });
		const peers = [];
		for (const key of ['med', 'a', 'b', 'c']) peers.push(await joinWithMedia(room, identity(key, key === 'med' ? 'mediatore' : 'parte')));
		await until(() => counter.snapshot().consumers === 24);
		expect(counter.snapshot()).toMatchObject({ routers: 1, transports: 8, producers: 8, consumers: 24 });
		for (const p of peers) p.peer.close();
		await until(() => counter.snapshot().routers === 0);
		expect(counter.snapshot()).toEqual({ workers: 1, routers: 0, transports: 0, producers: 0, consumers: 0 });
		expect(registry.rooms.size).toBe(0);
	});

	test('return to zero when the worker is killed, and clients are told to rejoin', async () => {
		const room = await newRoom({ autoAdmit: true });
		const med = await joinWithMedia(room, identity('med', 'mediatore'));
		await joinWithMedia(room, identity('a', 'parte'));
		await until(() => counter.snapshot().consumers === 4);
		const pid = pool.pids[0];
		process.kill(pid, 'SIGKILL');
		await until(() => room.closed);
		expect(med.channel.sent.at(-1)).toMatchObject({ event: 'room:closed', payload: { reason: 'worker_died', rejoin: true } });
		expect(counter.snapshot()).toMatchObject({ routers: 0, transports: 0, producers: 0, consumers: 0 });
		expect(registry.rooms.size).toBe(0);
		// The pool replaces the worker; a new room works again.
		await until(() => pool.liveCount === 1);
		const again = await newRoom();
		expect(again.router.closed).toBe(false);
		again.close();
		await until(() => counter.snapshot().routers === 0);
	});
});

describe('room creation is serialised per stanza', () => {
	test('two concurrent first joins get the same room (one router)', async () => {
		stanzaSeq += 1;
		const facts = {
			stanzaId: `stanza-${stanzaSeq}`,
			procedimentoId: 'p',
			organismoId: 'org-test',
			capacity: 4,
			autoAdmit: false,
			expiresAt: Date.now() + 1e6
		};
		const [r1, r2, r3] = await Promise.all([registry.getOrCreate(facts), registry.getOrCreate(facts), registry.getOrCreate(facts)]);
		expect(r1).toBe(r2);
		expect(r2).toBe(r3);
		expect(counter.snapshot().routers).toBe(1);
		r1.close();
	});
});
