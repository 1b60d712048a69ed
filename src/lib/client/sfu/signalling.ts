import { io, type Socket } from 'socket.io-client';
import {
	SFU_SOCKET_PATH,
	type AckResult,
	type ClientToServerEvents,
	type ErrorCode,
	type HandshakeErrorData,
	type ServerToClientEvents
} from '../../protocol/signalling.ts';

export type SfuClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A refused request: `code` to branch on, `message` (Italian) to show. */
export class SfuRequestError extends Error {
	readonly code: ErrorCode | 'timeout';
	constructor(code: ErrorCode | 'timeout', message: string) {
		super(message);
		this.name = 'SfuRequestError';
		this.code = code;
	}
}

const REQUEST_TIMEOUT_MS = 10_000;

/** Same-origin socket.io connection; guests authenticate with their link's token, users with the session cookie. */
export function connectSignalling(guestToken: string | null): SfuClientSocket {
	return io({
		path: SFU_SOCKET_PATH,
		transports: ['websocket'],
		auth: guestToken ? { guestToken } : {},
		reconnectionDelay: 500,
		reconnectionDelayMax: 4000
	});
}

type RequestEvent = Exclude<keyof ClientToServerEvents, 'stats'>;
type Payload<E extends RequestEvent> = Parameters<ClientToServerEvents[E]>[0];
type Reply<E extends RequestEvent> = Parameters<ClientToServerEvents[E]>[1] extends (r: AckResult<infer T>) => void ? T : never;

/** Sends a request and resolves with its data, or throws SfuRequestError (also on timeout). */
export async function request<E extends RequestEvent>(socket: SfuClientSocket, event: E, payload: Payload<E>): Promise<Reply<E>> {
	let result: AckResult<Reply<E>>;
	try {
		// socket.io's typed emitWithAck cannot follow a generic event name; the signature above does.
		result = await (socket as unknown as Socket).timeout(REQUEST_TIMEOUT_MS).emitWithAck(event, payload);
	} catch {
		throw new SfuRequestError('timeout', 'Il server non risponde: controlla la connessione.');
	}
	if (!result.ok) throw new SfuRequestError(result.code, result.message);
	return result.data;
}

/** The Italian message of a refused handshake (`connect_error`). */
export function handshakeMessage(error: Error & { data?: Partial<HandshakeErrorData> }): { code: string; message: string } {
	return {
		code: error.data?.code ?? 'network',
		message: error.data?.message ?? 'Impossibile collegarsi al servizio della stanza: nuovo tentativo in corso…'
	};
}
