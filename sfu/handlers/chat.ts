import { ChatSendRequestSchema, EmptyRequestSchema } from '#protocol/signalling.schemas.ts';
import { defineHandler } from '../handler.ts';
import { admittedSessionOf, type RoomServices } from './services.ts';

/** `chat:send { text }`: delivered only to the sender's space (Room.sendChat uses the media rule). */
export function chatSendHandler(services: RoomServices) {
	return defineHandler('chat:send', ChatSendRequestSchema, ({ text }, ctx) => {
		const { room, peer } = admittedSessionOf(services, ctx);
		return room.sendChat(peer, text);
	});
}

/** `chat:history`: the messages of the caller's current space. */
export function chatHistoryHandler(services: RoomServices) {
	return defineHandler('chat:history', EmptyRequestSchema, (_input, ctx) => {
		const { room, peer } = admittedSessionOf(services, ctx);
		return room.chatHistory(peer);
	});
}
