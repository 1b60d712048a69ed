import type { ExtendedError } from 'socket.io';
import type { Db } from '../db/client.ts';
import { userFromCookieHeader } from '../db/auth/session.ts';
import { ERROR_MESSAGES, type ErrorCode, type HandshakeErrorData } from '../src/lib/protocol/signalling.ts';
import type { SfuSocket } from './handler.ts';
import type { Logger } from './log.ts';

/** The error a refused handshake hands to the client's `connect_error`: message = code, data = { code, message }. */
export function handshakeError(code: ErrorCode): ExtendedError {
	const data: HandshakeErrorData = { code, message: ERROR_MESSAGES[code] };
	return Object.assign(new Error(code), { data });
}

/**
 * `io.use()` middleware: the session cookie of the handshake request (same cookie as the web app)
 * must belong to an active user, who is stored in `socket.data.user`. Anything else is refused
 * with 'unauthorized'; a database failure is refused with 'unavailable' and logged.
 */
export function sessionAuth(db: Db, log: Logger) {
	return (socket: SfuSocket, next: (err?: ExtendedError) => void): void => {
		let user;
		try {
			user = userFromCookieHeader(db, socket.request.headers.cookie);
		} catch (error) {
			log.error('session check failed during the socket.io handshake', error);
			next(handshakeError('unavailable'));
			return;
		}
		if (!user) {
			next(handshakeError('unauthorized'));
			return;
		}
		socket.data.user = user;
		next();
	};
}
