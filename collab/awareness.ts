import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { z } from 'zod';

/** Largest presence entry accepted from a client (JSON characters): name, colour, cursor. */
export const MAX_AWARENESS_STATE_CHARS = 4096;
/** Awareness client ids one connection may announce (one per Y.Doc; a reload keeps the socket new). */
export const MAX_CLIENTS_PER_CONNECTION = 4;

/** The `user` field TipTap's caret extension publishes; the colour goes into CSS, so hex only. */
const UserSchema = z
	.object({
		name: z.string().max(120).optional(),
		color: z
			.string()
			.regex(/^#[0-9a-fA-F]{6}$/)
			.optional(),
		id: z.string().max(64).optional()
	})
	.strict();

export interface AwarenessAuthor {
	/** The name the server knows for this connection (account or guest link): shown to others. */
	name: string;
	/** The account or guest id. */
	id: string;
	/** Whether a client id may be written by this connection (not the server's, not another peer's). */
	mayWrite(clientId: number): boolean;
}

/**
 * Rewrites an awareness update from a client into what the server accepts (y-protocols' format:
 * count, then clientID, clock, JSON state per entry). Entries are dropped when they write a client
 * id this connection does not own (the server's, another peer's) or carry a state that is not an
 * object of bounded size or whose `user` is not { name, color: #rrggbb }; a `server` field is
 * removed; `user.name` and `user.id` are replaced with the names the server knows, so nobody can
 * rename or impersonate anyone. Returns null when nothing is left. Throws on a malformed update.
 */
export function sanitizeAwarenessUpdate(update: Uint8Array, author: AwarenessAuthor): Uint8Array | null {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	const kept: { clientId: number; clock: number; state: string }[] = [];
	for (let i = 0; i < count; i++) {
		const clientId = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		const raw = decoding.readVarString(decoder);
		if (!author.mayWrite(clientId)) continue;
		const state = sanitizeState(raw, author);
		if (state !== undefined) kept.push({ clientId, clock, state });
	}
	if (kept.length === 0) return null;
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, kept.length);
	for (const e of kept) {
		encoding.writeVarUint(encoder, e.clientId);
		encoding.writeVarUint(encoder, e.clock);
		encoding.writeVarString(encoder, e.state);
	}
	return encoding.toUint8Array(encoder);
}

/** The JSON state to keep, or undefined to drop the entry. `null` (the client left) is kept. */
function sanitizeState(raw: string, author: AwarenessAuthor): string | undefined {
	if (raw.length > MAX_AWARENESS_STATE_CHARS) return undefined;
	let state: unknown;
	try {
		state = JSON.parse(raw);
	} catch {
		return undefined;
	}
	if (state === null) return 'null';
	if (typeof state !== 'object' || Array.isArray(state)) return undefined;
	const clean: Record<string, unknown> = { ...(state as Record<string, unknown>) };
	delete clean.server;
	if ('user' in clean) {
		const user = UserSchema.safeParse(clean.user);
		if (!user.success) return undefined;
		clean.user = { ...user.data, name: author.name, id: author.id };
	}
	return JSON.stringify(clean);
}
