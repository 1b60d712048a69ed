/**
 * Both ends of the collab status channel (MESSAGE_STATUS): the server encodes, the browser (and
 * the tests' y-websocket clients) listen. Isomorphic: lib0 only.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MESSAGE_STATUS, type CollabStatus } from './collab.ts';

export function encodeCollabStatus(status: CollabStatus): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_STATUS);
	encoding.writeVarString(encoder, JSON.stringify(status));
	return encoding.toUint8Array(encoder);
}

/** The part of y-websocket's WebsocketProvider used here: its per-type message handlers. */
interface WithMessageHandlers {
	messageHandlers: unknown[];
}

/**
 * Registers the status channel on a y-websocket provider: `onStatus` gets every status the
 * server sends (a malformed one is ignored).
 */
export function listenCollabStatus(provider: WithMessageHandlers, onStatus: (status: CollabStatus) => void): void {
	provider.messageHandlers[MESSAGE_STATUS] = (_encoder: unknown, decoder: decoding.Decoder) => {
		let status: unknown;
		try {
			status = JSON.parse(decoding.readVarString(decoder));
		} catch {
			return;
		}
		if (status && typeof status === 'object') onStatus(status as CollabStatus);
	};
}
