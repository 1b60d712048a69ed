import {
	AdmitRequestSchema,
	MoveRequestSchema,
	PermissionsRequestSchema,
	SetAutoAdmitRequestSchema,
	SpaceCreateRequestSchema,
	SpaceRequestSchema
} from '#protocol/signalling.schemas.ts';
import { defineHandler, SfuError } from '../handler.ts';
import { moderatorSessionOf, type RoomServices } from './services.ts';

// Mediator-only requests: a party sending any of these gets 'forbidden' and nothing changes.

export function admitHandler(services: RoomServices) {
	return defineHandler('room:admit', AdmitRequestSchema, ({ peerId }, ctx) => {
		moderatorSessionOf(services, ctx).room.admit(peerId);
		return {};
	});
}

export function refuseHandler(services: RoomServices) {
	return defineHandler('room:refuse', AdmitRequestSchema, ({ peerId }, ctx) => {
		moderatorSessionOf(services, ctx).room.refuse(peerId);
		return {};
	});
}

export function autoAdmitHandler(services: RoomServices) {
	return defineHandler('room:setAutoAdmit', SetAutoAdmitRequestSchema, ({ enabled }, ctx) => {
		moderatorSessionOf(services, ctx).room.setAutoAdmit(enabled);
		return {};
	});
}

export function permissionsHandler(services: RoomServices) {
	return defineHandler('peer:setPermissions', PermissionsRequestSchema, ({ peerId, publish, screen }, ctx) => {
		moderatorSessionOf(services, ctx).room.setPermissions(peerId, { publish, screen });
		return {};
	});
}

/** `space:create { name, peerIds }`: a caucus, and moves the listed people (the mediator too, if listed) into it. */
export function createSpaceHandler(services: RoomServices) {
	return defineHandler('space:create', SpaceCreateRequestSchema, ({ name, peerIds }, ctx) => {
		const { room } = moderatorSessionOf(services, ctx);
		for (const id of peerIds) room.peer(id); // all-or-nothing: unknown ids refuse before anything changes
		const space = room.createSpace(name);
		for (const id of peerIds) room.move(id, space.id);
		return { spaceId: space.id };
	});
}

/** `space:move { peerId, spaceId }`: spaceId null = back to the lobby (temporary exclusion). */
export function moveHandler(services: RoomServices) {
	return defineHandler('space:move', MoveRequestSchema, ({ peerId, spaceId }, ctx) => {
		const { room, peer } = moderatorSessionOf(services, ctx);
		if (peerId === peer.id && spaceId === null) throw new SfuError('bad_request', 'Il mediatore non può mettersi in sala d’attesa.');
		room.move(peerId, spaceId);
		return {};
	});
}

export function closeSpaceHandler(services: RoomServices) {
	return defineHandler('space:close', SpaceRequestSchema, ({ spaceId }, ctx) => {
		moderatorSessionOf(services, ctx).room.closeSpace(spaceId);
		return {};
	});
}
