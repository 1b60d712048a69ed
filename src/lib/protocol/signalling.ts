/**
 * Wire vocabulary of the SFU signalling (socket.io), shared by the browser, the sfu and the tests.
 * Isomorphic: no Node or browser imports (the only import is type-only).
 *
 * Every client-to-server event is a request with an acknowledgement: the client calls
 * `socket.timeout(ms).emitWithAck(event, payload)` and always gets an `AckResult`, never an
 * exception from the server. Payloads are validated on the server with the zod schemas of
 * signalling.schemas.ts; a malformed one gets `{ ok: false, code: 'bad_request' }`.
 *
 * Typed maps follow socket.io's TypeScript guide:
 * `Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>` on the server,
 * `Socket<ServerToClientEvents, ClientToServerEvents>` on the client.
 */
import type { Role } from '../../../db/roles.ts';
import type { PingRequest } from './signalling.schemas.ts';

/** Path of the socket.io endpoint (socket.io-client's `path` option). */
export const SFU_SOCKET_PATH = '/sfu/socket.io';

/** Why a request (or the handshake) was refused. Clients branch on the code, never on the message. */
export type ErrorCode =
	/** No valid session cookie: log in again. Also the `connect_error` message of a refused handshake. */
	| 'unauthorized'
	/** Valid session, but the user may not do this. */
	| 'forbidden'
	/** The payload does not match the schema of the event. */
	| 'bad_request'
	/** No mediasoup worker is running right now (for example, one just died): retry shortly. */
	| 'unavailable'
	/** A bug or an unexpected failure on the server; it is logged there. */
	| 'internal';

/** The Italian text shown to the user for each error code (servers send it along with the code). */
export const ERROR_MESSAGES: Readonly<Record<ErrorCode, string>> = {
	unauthorized: 'Sessione non valida: accedi di nuovo.',
	forbidden: 'Operazione non consentita.',
	bad_request: 'Richiesta non valida: dati mancanti o malformati.',
	unavailable: 'Il servizio audio/video non è disponibile in questo momento: riprova tra poco.',
	internal: 'Errore interno del server: riprova tra poco.'
};

export interface AckOk<T> {
	ok: true;
	data: T;
}
export interface AckError {
	ok: false;
	code: ErrorCode;
	/** Italian, for the user. */
	message: string;
}
export type AckResult<T> = AckOk<T> | AckError;
export type Ack<T> = (result: AckResult<T>) => void;

/** `data` of a refused handshake's `connect_error` (its `message` is the code). */
export interface HandshakeErrorData {
	code: ErrorCode;
	message: string;
}

export interface PingResponse {
	/** The client's `t`, echoed. */
	t: number;
	/** Server clock, milliseconds since the epoch. */
	serverTime: number;
}

/** Live counters of one SFU process (administrators only, through the `stats` event). */
export interface SfuStats {
	/** Live mediasoup workers. */
	workers: number;
	/** Live mediasoup Routers: one per meeting room, so a leaked room shows up here. */
	rooms: number;
	/** Authenticated signalling connections. */
	peers: number;
	transports: number;
	producers: number;
	consumers: number;
}

export interface ClientToServerEvents {
	ping: (payload: PingRequest, ack: Ack<PingResponse>) => void;
	stats: (ack: Ack<SfuStats>) => void;
}

/** Nothing is pushed to clients yet (rooms and caucus notifications come with the Room registry). */
export type ServerToClientEvents = Record<never, never>;

/** Single-process SFU: no inter-server events. */
export type InterServerEvents = Record<never, never>;

/** The authenticated user of a socket, set at the handshake (a db/auth SessionUser). */
export interface SocketUser {
	id: string;
	organismoId: string;
	email: string;
	nome: string;
	cognome: string;
	role: Role;
}

/** Per-socket server state (`socket.data`). */
export interface SocketData {
	user: SocketUser;
}

export type { PingRequest } from './signalling.schemas.ts';
