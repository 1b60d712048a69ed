import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { Server } from 'socket.io';
import type { Db } from '#db/client.ts';
import {
	SFU_SOCKET_PATH,
	type ClientToServerEvents,
	type InterServerEvents,
	type ServerToClientEvents,
	type SfuStats,
	type SocketData
} from '#protocol/signalling.ts';
import { guestTokenOf, sessionAuth, stillAllowed } from './auth.ts';
import { readmit } from './rooms/admission.ts';
import type { SfuConfig } from './config.ts';
import { registerHandlers, type Handler } from './handler.ts';
import { pingHandler } from './handlers/ping.ts';
import { createStatsHandler } from './handlers/stats.ts';
import { roomHandlers } from './handlers/index.ts';
import { RoomRegistry } from './rooms/registry.ts';
import { RoomSessions } from './rooms/sessions.ts';
import { iceServersFor, type TurnConfig } from './turn.ts';
import { consoleLogger, forwardMediasoupLogs, type Logger } from './log.ts';
import { MediaObjectCounter } from './stats.ts';
import { WorkerPool } from './workers.ts';
import { socketOriginAllowed } from '#protocol/origin.ts';
import { organismoByDominio } from '#db/organismi/repo.ts';

export type SfuIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface Sfu {
	pool: WorkerPool;
	registry: RoomRegistry;
	io: SfuIo;
	stats(): SfuStats;
	/**
	 * Re-checks every connected socket after any change of who may do what (a guest link revoked,
	 * a logout, a deactivation, an assignment revoked or reassigned, a party or lawyer changed):
	 * the session or link, then the case rules of the room the socket is in (readmit, the rules
	 * of room:join). Who may no longer be here is told why ('room:closed', no rejoin) and
	 * disconnected; who has other rights now rejoins to get them. Returns how many were disconnected.
	 */
	reauthorize(): number;
	/** Disconnects every client, stops accepting new ones and stops the workers. Leaves the HTTP server alone. Idempotent. */
	close(): Promise<void>;
}

export interface CreateSfuOptions {
	/** The HTTP server to share; other WebSocket endpoints (e.g. /collab) may live on it too. */
	httpServer: HttpServer | HttpsServer;
	db: Db;
	config: SfuConfig;
	/** socket.io path; default SFU_SOCKET_PATH ('/sfu/socket.io'). */
	path?: string;
	logger?: Logger;
	/** See WorkerPoolOptions.respawnDelayMs (default 1000). */
	respawnDelayMs?: number;
	/** How long an empty room keeps its router (default 60 s). */
	emptyRoomGraceMs?: number;
	/** Optional TURN server for browsers (the configuration's SFU_TURN_*, server/config.ts); default none. */
	turn?: TurnConfig | null;
	/**
	 * Accepted Origin values of the handshake (ORIGIN). Without them the Origin must match the
	 * request's Host. Either way a browser page of another origin is refused (originAllowed).
	 */
	allowedOrigins?: readonly string[];
}

/**
 * Signalling messages are small JSON (RTP capabilities are the largest, a few KB); refuse anything
 * far bigger before parsing it, including from sockets that have not authenticated yet.
 */
const MAX_MESSAGE_BYTES = 128 * 1024;

/**
 * Starts the mediasoup workers, then mounts socket.io on `path` of the given HTTP server.
 *
 * - `destroyUpgrade: false`: engine.io would otherwise end, 1 s after it arrives, every upgrade
 *   request outside its path that has not been answered yet, i.e. any other WebSocket endpoint on
 *   this server (collab, Vite HMR) whose handler is still checking the session asynchronously.
 * - engine.io's attach() wraps the server's existing 'request' listeners and only calls them for
 *   paths outside `path`; listeners added later also see `path` requests and must skip them.
 * - close() never calls io.close(), which would also close the shared HTTP server. It disconnects
 *   the sockets and closes the engine; engine.io's listeners stay on the server and refuse every
 *   later request on `path` through `allowRequest`.
 */
export async function createSfu(options: CreateSfuOptions): Promise<Sfu> {
	const { httpServer, db, config, path = SFU_SOCKET_PATH, logger = consoleLogger } = options;

	forwardMediasoupLogs(logger);
	const counter = new MediaObjectCounter();
	const pool = new WorkerPool(config, { logger, respawnDelayMs: options.respawnDelayMs });
	pool.on('workerstarted', (worker) => counter.track(worker));
	await pool.start(); // throws with a clear message (pool already closed) when workers cannot start

	let closing = false;
	let io: SfuIo;
	try {
		io = new Server(httpServer, {
			path,
			serveClient: false,
			destroyUpgrade: false,
			maxHttpBufferSize: MAX_MESSAGE_BYTES,
			allowRequest: (req, callback) => {
				if (closing) return callback('The SFU is shutting down', false);
				if (!socketOriginAllowed(req.headers.origin, req.headers.host, options.allowedOrigins, (h) => organismoByDominio(db, h))) {
					logger.warn(`refused a handshake from origin ${JSON.stringify(req.headers.origin)} (host ${JSON.stringify(req.headers.host)})`);
					return callback('Origin not allowed', false);
				}
				callback(null, true);
			}
		});
	} catch (error) {
		await pool.close();
		throw error;
	}

	const stats = (): SfuStats => {
		const counts = counter.snapshot();
		return {
			workers: counts.workers,
			rooms: counts.routers,
			peers: io.sockets.sockets.size,
			transports: counts.transports,
			producers: counts.producers,
			consumers: counts.consumers
		};
	};
	const registry = new RoomRegistry({ pool, config, log: logger, emptyRoomGraceMs: options.emptyRoomGraceMs });
	/** The same counters for one Organismo only: its rooms, its people's connections and their media objects. */
	const organismoStats = (organismoId: string): SfuStats => {
		const out: SfuStats = { workers: counter.snapshot().workers, rooms: 0, peers: 0, transports: 0, producers: 0, consumers: 0 };
		for (const room of registry.rooms.values()) {
			if (room.closed || room.organismoId !== organismoId) continue;
			out.rooms += 1;
			for (const peer of room.peers.values()) {
				out.transports += peer.transports.size;
				out.producers += peer.producers.size;
				out.consumers += peer.consumers.size;
			}
		}
		for (const socket of io.sockets.sockets.values()) {
			const who = socket.data.user ?? socket.data.guest;
			if (who?.organismoId === organismoId) out.peers += 1;
		}
		return out;
	};
	const sessions = new RoomSessions();
	const turn = options.turn ?? null;
	const handlers: readonly Handler[] = [
		pingHandler,
		createStatsHandler(organismoStats),
		...roomHandlers({ db, registry, sessions, iceServers: (peerId) => iceServersFor(turn, peerId) })
	];

	io.use(sessionAuth(db, logger));
	io.on('connection', (socket) => {
		registerHandlers({ socket, user: socket.data.user, guest: socket.data.guest, log: logger }, handlers);
		socket.on('disconnect', () => {
			// A close that throws must not reach socket.io's own disconnect handling (safeEmit's idea).
			try {
				sessions.end(socket.id);
			} catch (error) {
				logger.error(`closing the session of socket ${socket.id} failed`, error);
			}
		});
	});

	const reauthorize = (): number => {
		let dropped = 0;
		for (const socket of io.sockets.sockets.values()) {
			let verdict: ReturnType<typeof readmit>;
			try {
				const reason = stillAllowed(db, socket);
				const session = sessions.get(socket.id);
				verdict =
					reason !== null
						? { refused: reason }
						: session
							? readmit(db, { ...socket.data, guestToken: guestTokenOf(socket) }, session.room.procedimentoId, session.peer.identity)
							: 'same';
				if (verdict === 'changed' && session) {
					// Other rights in the case (a mediator who became a party, an observer allowed to
					// speak): the client rejoins at once and gets the new ones.
					session.room.removePeer(session.peer, {
						reason: 'closed',
						rejoin: true,
						message: 'I tuoi permessi in questo procedimento sono cambiati: rientro nella stanza…'
					});
					continue;
				}
			} catch (error) {
				logger.error('re-authorization failed; the socket stays until it reconnects', error);
				continue;
			}
			if (verdict === 'same' || verdict === 'changed') continue;
			socket.emit('room:closed', { reason: 'refused', message: verdict.refused, rejoin: false });
			socket.disconnect(true);
			dropped++;
		}
		return dropped;
	};

	let closed: Promise<void> | null = null;
	const close = (): Promise<void> => {
		closed ??= (async () => {
			closing = true;
			registry.close();
			io.disconnectSockets(true);
			io.engine.close();
			await pool.close();
		})();
		return closed;
	};

	const sfu: Sfu = { pool, registry, io, stats, reauthorize, close };
	return sfu;
}
