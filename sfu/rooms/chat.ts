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

/** Messages a person may send at once, then one more per CHAT_REFILL_MS (about one a second). */
export const CHAT_BURST = 10;
export const CHAT_REFILL_MS = 1000;

/**
 * Chat rate limit per person (identity key: a rejoin or a second tab does not reset it), a token
 * bucket: CHAT_BURST messages at once, then one per CHAT_REFILL_MS. A refused message is not
 * stored nor delivered; the sender is told (`rate_limited`).
 */
export class ChatThrottle {
	#buckets = new Map<string, { tokens: number; at: number }>();

	take(key: string, now = Date.now()): boolean {
		const b = this.#buckets.get(key) ?? { tokens: CHAT_BURST, at: now };
		b.tokens = Math.min(CHAT_BURST, b.tokens + (now - b.at) / CHAT_REFILL_MS);
		b.at = now;
		this.#buckets.set(key, b);
		if (b.tokens < 1) return false;
		b.tokens -= 1;
		return true;
	}
}
