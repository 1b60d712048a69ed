import type { Socket } from 'socket.io';
import type { z } from 'zod';
import {
	ERROR_MESSAGES,
	type Ack,
	type AckResult,
	type ClientToServerEvents,
	type ErrorCode,
	type InterServerEvents,
	type ServerToClientEvents,
	type SocketData,
	type SocketGuest,
	type SocketUser
} from '#protocol/signalling.ts';
import { describeError, type Logger } from './log.ts';

export type SfuSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type EventName = keyof ClientToServerEvents;

/** What an event's ack carries on success (the T of its trailing `Ack<T>` parameter). */
export type AckData<E extends EventName> = Parameters<ClientToServerEvents[E]> extends [...unknown[], Ack<infer T>] ? T : never;

/** An expected refusal: the handler throws it and the client gets `{ ok: false, code, message }`. */
export class SfuError extends Error {
	readonly code: ErrorCode;

	constructor(code: ErrorCode, message: string = ERROR_MESSAGES[code]) {
		super(message);
		this.name = 'SfuError';
		this.code = code;
	}
}

export interface HandlerContext {
	socket: SfuSocket;
	/** Set for people with an account (session cookie). */
	user: SocketUser | null;
	/** Set for people who came through a personal guest link. */
	guest: SocketGuest | null;
	log: Logger;
}

/** "user <id>" or "guest <invitoId>", for log lines. */
export function whoIs(ctx: Pick<HandlerContext, 'user' | 'guest'>): string {
	return ctx.user ? `user ${ctx.user.id}` : `guest ${ctx.guest?.invitoId ?? '?'}`;
}

export interface Handler<E extends EventName = EventName> {
	event: E;
	/** The socket.io listener for one socket. */
	listener(ctx: HandlerContext): (...args: unknown[]) => void;
}

/**
 * The one shape of every signalling handler: parse the payload with its zod schema, run `fn`,
 * and always answer the ack (when the client gave one) with an AckResult. Malformed input gets
 * `bad_request`; an SfuError gets its code; anything else is logged and answered `internal`.
 * Nothing a client sends can throw out of the listener or leave a promise unhandled.
 *
 * The client may omit the payload (`emitWithAck('stats')`): the ack is the last argument if it is
 * a function, and the payload is the first argument otherwise (undefined when absent).
 */
export function defineHandler<E extends EventName, S extends z.ZodType>(
	event: E,
	schema: S,
	fn: (input: z.output<S>, ctx: HandlerContext) => AckData<E> | Promise<AckData<E>>
): Handler<E> {
	async function run(payload: unknown, ctx: HandlerContext): Promise<AckResult<AckData<E>>> {
		const parsed = schema.safeParse(payload);
		if (!parsed.success) return failure('bad_request');
		try {
			return { ok: true, data: await fn(parsed.data, ctx) };
		} catch (error) {
			if (error instanceof SfuError) return { ok: false, code: error.code, message: error.message };
			ctx.log.error(`"${event}" handler failed (${whoIs(ctx)}, socket ${ctx.socket.id})`, error);
			return failure('internal');
		}
	}

	return {
		event,
		listener:
			(ctx) =>
			(...args: unknown[]) => {
				const ack = typeof args.at(-1) === 'function' ? (args.pop() as Ack<AckData<E>>) : undefined;
				run(args[0], ctx).then(
					(result) => {
						if (!ack) return;
						try {
							ack(result);
						} catch (error) {
							ctx.log.error(`"${event}" ack failed (socket ${ctx.socket.id}): ${describeError(error)}`);
						}
					},
					(error: unknown) => ctx.log.error(`"${event}" handler crashed (socket ${ctx.socket.id})`, error)
				);
			}
	};
}

export function failure(code: ErrorCode): { ok: false; code: ErrorCode; message: string } {
	return { ok: false, code, message: ERROR_MESSAGES[code] };
}

/** Registers the handlers on an authenticated socket. */
export function registerHandlers(ctx: HandlerContext, handlers: readonly Handler[]): void {
	for (const handler of handlers) {
		// The listener checks its own arguments, so socket.io's compile-time signature does not apply.
		ctx.socket.on(handler.event, handler.listener(ctx) as ClientToServerEvents[EventName]);
	}
}
