import { once } from 'node:events';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { createCollab, type Collab } from '#collab/index.ts';
import type { Db } from '#db/client.ts';
import { COLLAB_PATH } from '#protocol/collab.ts';
import { SFU_SOCKET_PATH } from '#protocol/signalling.ts';
import { loadSfuConfig } from '#sfu/config.ts';
import { createSfu, type Sfu } from '#sfu/index.ts';
import { silentLogger } from '#sfu/log.ts';
import { ownDocName, ownDocs } from '../helpers/collab.ts';
import { eq } from 'drizzle-orm';
import { setDominio } from '#db/organismi/repo.ts';
import { memberships } from '#db/schema.ts';
import { createOrganismo, createTestDb, createUser, sessionCookieFor } from '../helpers/db.ts';

// Adversarial: cross-site WebSocket hijacking. A page of another origin (another port on the
// host, a sibling subdomain) opens the SFU signalling or the collab socket; the browser adds the
// victim's session cookie by itself, so only the Origin header tells the attack apart.
// One real HTTP server with the real SFU (socket.io + a mediasoup worker) and the real collab
// server mounted as in production; a second server with ORIGIN configured.

let db: Db;
let cleanupDb: () => void;
let cookie: string;
let userId: string;
const servers: { http: HttpServer; sfu: Sfu; collab: Collab; base: string }[] = [];
const sockets: ClientSocket[] = [];

async function start(allowedOrigins?: string[], ports = '41460') {
	const http = createServer((_req, res) => res.writeHead(404).end());
	const config = loadSfuConfig({ SFU_WORKERS: '1', RTC_MIN_PORT: ports, RTC_MAX_PORT: String(Number(ports) + 9) });
	const sfu = await createSfu({ httpServer: http, db, config, logger: silentLogger, allowedOrigins });
	const collab = createCollab({ db, allowedOrigins, extensions: [ownDocs] });
	http.on('upgrade', (req, socket, head) => {
		if (collab.handleUpgrade(req, socket, head)) return;
		if (!req.url?.startsWith('/sfu/')) socket.destroy();
	});
	http.listen(0, '127.0.0.1');
	await once(http, 'listening');
	const s = { http, sfu, collab, base: `127.0.0.1:${(http.address() as AddressInfo).port}` };
	servers.push(s);
	return s;
}

beforeAll(async () => {
	({ db, cleanup: cleanupDb } = createTestDb());
	const { organismoId } = createOrganismo(db);
	const u = await createUser(db, organismoId, 'parte');
	userId = u.id;
	cookie = sessionCookieFor(db, u.id);
});

afterAll(async () => {
	for (const s of sockets) s.disconnect();
	for (const s of servers) {
		await s.collab.close();
		await s.sfu.close();
		s.http.closeAllConnections();
		await new Promise((resolve) => s.http.close(resolve));
	}
	cleanupDb?.();
});

/** socket.io handshake as a browser page at `origin` would make it (cookie included). */
function sfuHandshake(base: string, origin: string | undefined, transport: 'websocket' | 'polling', who = cookie): Promise<string> {
	const socket = connectClient(`http://${base}`, {
		path: SFU_SOCKET_PATH,
		transports: [transport],
		extraHeaders: { cookie: who, ...(origin ? { origin } : {}) },
		reconnection: false,
		forceNew: true,
		timeout: 4000
	});
	sockets.push(socket);
	return new Promise((resolve) => {
		socket.once('connect', () => resolve('connected'));
		socket.once('connect_error', (err) => resolve(`refused: ${err.message}`));
	});
}

/** A collab upgrade as a browser page at `origin` would make it; resolves with the HTTP status or 101. */
function collabUpgrade(base: string, origin: string | undefined, who = { cookie, userId }): Promise<number> {
	const ws = new WebSocket(`ws://${base}${COLLAB_PATH}/${ownDocName(who.userId)}`, {
		headers: { cookie: who.cookie, ...(origin ? { origin } : {}) }
	});
	return new Promise((resolve) => {
		ws.once('open', () => {
			ws.close();
			resolve(101);
		});
		ws.once('unexpected-response', (_req, res) => {
			resolve(res.statusCode ?? 0);
			ws.terminate();
		});
		ws.once('error', () => resolve(0));
	});
}

describe('without ORIGIN: the Origin must match the Host', () => {
	let base: string;
	beforeAll(async () => {
		({ base } = await start(undefined, '41460'));
	});

	test('SFU: a page of the same origin connects (websocket and polling)', async () => {
		expect(await sfuHandshake(base, `http://${base}`, 'websocket')).toBe('connected');
		expect(await sfuHandshake(base, `http://${base}`, 'polling')).toBe('connected');
	});

	test('SFU: a client without Origin (not a browser) connects', async () => {
		expect(await sfuHandshake(base, undefined, 'websocket')).toBe('connected');
	});

	test.each([
		['another port on the same host', (b: string) => `http://127.0.0.1:${Number(b.split(':')[1]) + 1}`],
		['a sibling site', () => 'http://sito.organismo.example'],
		['a sandboxed frame', () => 'null']
	])('SFU: a page of %s is refused', async (_name, origin) => {
		expect(await sfuHandshake(base, origin(base), 'websocket')).toMatch(/^refused/);
		expect(await sfuHandshake(base, origin(base), 'polling')).toMatch(/^refused/);
	});

	test('collab: same origin opens; another origin gets 403', async () => {
		expect(await collabUpgrade(base, `http://${base}`)).toBe(101);
		expect(await collabUpgrade(base, undefined)).toBe(101);
		expect(await collabUpgrade(base, 'http://sito.organismo.example')).toBe(403);
		expect(await collabUpgrade(base, `http://127.0.0.1:${Number(base.split(':')[1]) + 1}`)).toBe(403);
		expect(await collabUpgrade(base, 'null')).toBe(403);
	});
});

describe('with ORIGIN: only the configured origin', () => {
	let base: string;
	beforeAll(async () => {
		({ base } = await start(['https://mediazione.organismo.example'], '41470'));
	});

	test('SFU and collab accept the configured origin and refuse the Host-matching one', async () => {
		expect(await sfuHandshake(base, 'https://mediazione.organismo.example', 'websocket')).toBe('connected');
		expect(await sfuHandshake(base, `http://${base}`, 'websocket')).toMatch(/^refused/);
		expect(await collabUpgrade(base, 'https://mediazione.organismo.example')).toBe(101);
		expect(await collabUpgrade(base, `http://${base}`)).toBe(403);
	});
});

describe("an Organismo's own domain (organismi.dominio) with ORIGIN set", () => {
	let base: string;
	let other: { cookie: string; userId: string };
	beforeAll(async () => {
		({ base } = await start(['https://accordo.example.it'], '41480'));
		// The test user's Organismo is reached on its own domain; another Organismo's member exists too.
		const own = db.select({ o: memberships.organismoId }).from(memberships).where(eq(memberships.userId, userId)).get()!.o;
		expect(setDominio(db, own, 'Mediazione.StudioBianchi.it')).toBe(true);
		const { organismoId: altro } = createOrganismo(db);
		const u = await createUser(db, altro, 'parte');
		other = { cookie: sessionCookieFor(db, u.id), userId: u.id };
		// One domain, one Organismo.
		expect(setDominio(db, altro, 'mediazione.studiobianchi.it')).toBe(false);
	});

	test('its domain is an allowed origin for its own members (SFU and collab)', async () => {
		expect(await sfuHandshake(base, 'https://mediazione.studiobianchi.it', 'websocket')).toBe('connected');
		expect(await collabUpgrade(base, 'https://mediazione.studiobianchi.it')).toBe(101);
		expect(await sfuHandshake(base, 'https://accordo.example.it', 'websocket')).toBe('connected');
	});

	test("a page on one Organismo's domain cannot act for a member of another", async () => {
		expect(await sfuHandshake(base, 'https://mediazione.studiobianchi.it', 'websocket', other.cookie)).toMatch(/^refused: forbidden/);
		expect(await collabUpgrade(base, 'https://mediazione.studiobianchi.it', other)).toBe(403);
		// The installation's own origin still serves everybody.
		expect(await sfuHandshake(base, 'https://accordo.example.it', 'websocket', other.cookie)).toBe('connected');
	});

	test('a domain no Organismo has is still refused', async () => {
		expect(await sfuHandshake(base, 'https://altro.studiobianchi.it', 'websocket')).toMatch(/^refused/);
		expect(await collabUpgrade(base, 'https://altro.studiobianchi.it')).toBe(403);
	});
});
