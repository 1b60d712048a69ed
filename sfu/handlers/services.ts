import type { Db } from '#db/client.ts';
import type { IceServerInfo } from '#protocol/signalling.ts';
import { SfuError, type HandlerContext } from '../handler.ts';
import type { RoomRegistry } from '../rooms/registry.ts';
import type { RoomSession, RoomSessions } from '../rooms/sessions.ts';

/** What the room handlers share. */
export interface RoomServices {
	db: Db;
	registry: RoomRegistry;
	sessions: RoomSessions;
	iceServers(peerId: string): IceServerInfo[];
}

/** The socket's room and peer; 'not_joined' before room:join. */
export function sessionOf(services: RoomServices, ctx: HandlerContext): RoomSession {
	const session = services.sessions.get(ctx.socket.id);
	if (!session || session.room.closed) throw new SfuError('not_joined');
	return session;
}

/** Same, and the peer must be admitted (not in the lobby). */
export function admittedSessionOf(services: RoomServices, ctx: HandlerContext): RoomSession {
	const session = sessionOf(services, ctx);
	if (session.peer.spaceId === null) throw new SfuError('not_joined');
	return session;
}

/** Same, and the peer must moderate (the mediator). */
export function moderatorSessionOf(services: RoomServices, ctx: HandlerContext): RoomSession {
	const session = sessionOf(services, ctx);
	if (!session.peer.identity.moderator) throw new SfuError('forbidden');
	return session;
}
