import type { ExtendedError } from 'socket.io';
import type { Db } from '#db/client.ts';
import { userFromCookieHeader } from '#db/auth/session.ts';
import { resolveGuestToken } from '#db/rooms/invitations.ts';
import { organismoByDominio } from '#db/organismi/repo.ts';
import { originMayActFor } from '#protocol/origin.ts';
import { ERROR_MESSAGES, type ErrorCode, type HandshakeErrorData } from '#protocol/signalling.ts';
import type { SfuSocket } from './handler.ts';
import type { Logger } from './log.ts';

/** The error a refused handshake hands to the client's `connect_error`: message = code, data = { code, message }. */
export function handshakeError(code: ErrorCode, message: string = ERROR_MESSAGES[code]): ExtendedError {
	const data: HandshakeErrorData = { code, message };
	return Object.assign(new Error(code), { data });
}

/**
 * `io.use()` middleware. Two ways in:
 * - `auth: { guestToken }` (personal guest link): the signed token must be valid, unexpired and not
 *   revoked; the guest is stored in `socket.data.guest`. A bad link is refused with 'invalid_link'
 *   and an Italian message saying why (expired, revoked, forged).
 * - otherwise the session cookie of the handshake request (same cookie as the web app) must belong
 *   to an active user, stored in `socket.data.user`; anything else is refused with 'unauthorized'.
 * A database failure is refused with 'unavailable' and logged.
 */
export function sessionAuth(db: Db, log: Logger) {
	return (socket: SfuSocket, next: (err?: ExtendedError) => void): void => {
		socket.data.user = null;
		socket.data.guest = null;
		const guestToken = guestTokenOf(socket);
		try {
			if (guestToken !== undefined) {
				const check = resolveGuestToken(db, guestToken);
				if (!check.ok) {
					next(handshakeError('invalid_link', check.message));
					return;
				}
				const { invitoId, stanzaId, procedimentoId, organismoId, nome, ruolo } = check.guest;
				if (!originMayActFor(socket.request.headers.origin, organismoId, (h) => organismoByDominio(db, h))) {
					next(handshakeError('forbidden'));
					return;
				}
				socket.data.guest = { invitoId, stanzaId, procedimentoId, organismoId, nome, ruolo };
				next();
				return;
			}
			const user = userFromCookieHeader(db, socket.request.headers.cookie);
			if (!user) {
				next(handshakeError('unauthorized'));
				return;
			}
			if (!originMayActFor(socket.request.headers.origin, user.organismoId, (h) => organismoByDominio(db, h))) {
				next(handshakeError('forbidden'));
				return;
			}
			socket.data.user = user;
			next();
		} catch (error) {
			log.error('authentication failed during the socket.io handshake', error);
			next(handshakeError('unavailable'));
		}
	};
}

/** The guest token the socket authenticated with (handshake `auth.guestToken`), if any. */
export function guestTokenOf(socket: SfuSocket): unknown {
	const auth: unknown = socket.handshake.auth;
	return auth && typeof auth === 'object' && 'guestToken' in auth ? auth.guestToken : undefined;
}

/**
 * Whether a connected socket may still be here: a guest's link is still valid (not revoked,
 * not expired), a user's session still exists (no logout, not deactivated). Null when allowed,
 * else the Italian reason to show.
 */
export function stillAllowed(db: Db, socket: SfuSocket): string | null {
	if (socket.data.guest) {
		const check = resolveGuestToken(db, guestTokenOf(socket));
		return check.ok ? null : check.message;
	}
	return userFromCookieHeader(db, socket.request.headers.cookie) ? null : 'La sessione è terminata: accedi di nuovo per rientrare.';
}
