import type { Peer } from './Peer.ts';
import type { Room } from './Room.ts';

export interface RoomSession {
	room: Room;
	peer: Peer;
}

/** Which room and peer each socket is in (at most one). Forgotten when the peer closes. */
export class RoomSessions {
	#bySocket = new Map<string, RoomSession>();

	get(socketId: string): RoomSession | undefined {
		const session = this.#bySocket.get(socketId);
		return session && !session.peer.closed ? session : undefined;
	}

	set(socketId: string, session: RoomSession): void {
		this.#bySocket.set(socketId, session);
		session.peer.once('close', () => {
			if (this.#bySocket.get(socketId) === session) this.#bySocket.delete(socketId);
		});
	}

	/** Closes the socket's peer, if any (disconnect, leave, second join). */
	end(socketId: string): void {
		this.#bySocket.get(socketId)?.peer.close();
		this.#bySocket.delete(socketId);
	}
}
