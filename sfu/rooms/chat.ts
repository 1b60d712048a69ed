import { randomUUID } from 'node:crypto';
import type { ChatMessage } from '#protocol/signalling.ts';

const MAX_PER_SPACE = 500;

/** Chat history per space, kept for the life of the room (in memory, never mixed between spaces). */
export class ChatLog {
	#bySpace = new Map<string, ChatMessage[]>();

	add(spaceId: string, from: { id: string; name: string }, text: string, at = Date.now()): ChatMessage {
		const message: ChatMessage = { id: randomUUID(), spaceId, fromPeerId: from.id, fromName: from.name, text, at };
		const list = this.#bySpace.get(spaceId) ?? [];
		list.push(message);
		if (list.length > MAX_PER_SPACE) list.splice(0, list.length - MAX_PER_SPACE);
		this.#bySpace.set(spaceId, list);
		return message;
	}

	history(spaceId: string): ChatMessage[] {
		return [...(this.#bySpace.get(spaceId) ?? [])];
	}
}
