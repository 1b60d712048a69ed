import type { JoinResponse } from '#protocol/signalling.ts';
import { EmptyRequestSchema, JoinRequestSchema } from '#protocol/signalling.schemas.ts';
import { defineHandler, SfuError } from '../handler.ts';
import { NoWorkerAvailableError } from '../workers.ts';
import { admitGuest, admitUser } from '../rooms/admission.ts';
import { sessionOf, type RoomServices } from './services.ts';

/** `room:join`: enter the stanza (mediator: plenaria; others: lobby unless auto-admit or rejoining). */
export function joinHandler(services: RoomServices) {
	return defineHandler('room:join', JoinRequestSchema, async ({ procedimentoId }, ctx) => {
		const admission = ctx.guest
			? admitGuest(services.db, ctx.guest, (ctx.socket.handshake.auth as { guestToken?: unknown }).guestToken)
			: ctx.user
				? admitUser(services.db, ctx.user, procedimentoId)
				: null;
		if (!admission) throw new SfuError('unauthorized');
		if (ctx.guest && procedimentoId && procedimentoId !== ctx.guest.procedimentoId) throw new SfuError('forbidden');
		services.sessions.end(ctx.socket.id); // a second join from the same socket replaces the first
		let room;
		try {
			room = await services.registry.getOrCreate(admission.stanza);
		} catch (error) {
			if (error instanceof NoWorkerAvailableError) throw new SfuError('unavailable');
			throw error;
		}
		if (!ctx.socket.connected) throw new SfuError('not_joined');
		const peer = room.join(admission.identity, ctx.socket);
		services.sessions.set(ctx.socket.id, { room, peer });
		return {
			peerId: peer.id,
			routerRtpCapabilities: room.router.rtpCapabilities as unknown as JoinResponse['routerRtpCapabilities'],
			iceServers: services.iceServers(peer.id),
			state: room.stateFor(peer)
		};
	});
}

/** `room:leave`: hang up (closes the peer's transports; the room closes later if it is empty). */
export function leaveHandler(services: RoomServices) {
	return defineHandler('room:leave', EmptyRequestSchema, (_input, ctx) => {
		sessionOf(services, ctx);
		services.sessions.end(ctx.socket.id);
		return {};
	});
}
