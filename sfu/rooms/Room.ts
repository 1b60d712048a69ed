import { randomUUID } from 'node:crypto';
import type { Router } from 'mediasoup/types';
import type { ChatMessage, RoomClosedNotice, RoomState, SpaceInfo } from '#protocol/signalling.ts';
import { SfuError } from '../handler.ts';
import { SafeEmitter } from '../events.ts';
import type { Logger } from '../log.ts';
import { ChatLog, ChatThrottle } from './chat.ts';
import { ConsumerSync } from './consumers.ts';
import { Peer } from './Peer.ts';
import { canHear } from './privacy.ts';
import type { TransportNetwork } from './transports.ts';
import type { PeerChannel, PeerIdentity } from './types.ts';
import { roomStateFor, type RoomFacts } from './views.ts';

export const PLENARIA_ID = 'plenaria';

/** A peer who drops and comes back within this time returns to its space without the lobby. */
const REJOIN_WINDOW_MS = 10 * 60_000;

export interface RoomOptions {
	stanzaId: string;
	procedimentoId: string;
	organismoId: string;
	capacity: number;
	autoAdmit: boolean;
	expiresAt: number;
	router: Router;
	network: TransportNetwork;
	log: Logger;
}

export type RoomEvents = {
	/** The last peer left (the registry closes the router after a grace period). */
	empty: [];
	close: [];
};

const MESSAGES = {
	replaced: "Hai aperto la stanza in un'altra finestra o dispositivo: questa finestra è stata scollegata.",
	refused: 'Il mediatore non ha ammesso il tuo ingresso nella stanza.',
	screenStopped: "La condivisione dello schermo è stata interrotta perché sei passato in un'altra sessione."
} as const;

/**
 * One online room = one mediasoup Router. Inside: the lobby (spaceId null), the plenaria and any
 * number of caucus spaces. Membership changes only here; media follows through ConsumerSync.
 */
export class Room extends SafeEmitter<RoomEvents> {
	readonly stanzaId: string;
	readonly procedimentoId: string;
	readonly organismoId: string;
	readonly router: Router;
	readonly network: TransportNetwork;
	capacity: number;
	autoAdmit: boolean;
	expiresAt: number;
	readonly peers = new Map<string, Peer>();
	readonly spaces = new Map<string, SpaceInfo>([[PLENARIA_ID, { id: PLENARIA_ID, name: 'Sessione plenaria', kind: 'plenaria' }]]);
	readonly chat = new ChatLog();
	readonly #chatThrottle = new ChatThrottle();
	#byKey = new Map<string, Peer>();
	/** identity key -> last space and when they left it, for rejoin after a network blip. */
	#admitted = new Map<string, { spaceId: string; leftAt: number | null }>();
	#media: ConsumerSync;
	#log: Logger;
	#closed = false;

	constructor(options: RoomOptions) {
		super(options.log);
		this.stanzaId = options.stanzaId;
		this.procedimentoId = options.procedimentoId;
		this.organismoId = options.organismoId;
		this.router = options.router;
		this.network = options.network;
		this.capacity = options.capacity;
		this.autoAdmit = options.autoAdmit;
		this.expiresAt = options.expiresAt;
		this.#log = options.log;
		this.#media = new ConsumerSync(this.router, () => this.peers.values(), this.#log);
		this.router.on('workerclose', () =>
			this.close({ reason: 'worker_died', rejoin: true, message: 'Il servizio audio/video si è riavviato: rientro nella stanza…' })
		);
	}

	get closed(): boolean {
		return this.#closed;
	}

	/** Adds a peer; an older connection of the same identity is closed first ("replaced"). */
	join(identity: PeerIdentity, channel: PeerChannel): Peer {
		if (this.#closed) throw new SfuError('unavailable');
		const previous = this.#byKey.get(identity.key);
		if (previous) this.removePeer(previous, { reason: 'replaced', rejoin: false, message: MESSAGES.replaced });
		if (!identity.moderator) {
			const others = [...this.peers.values()].filter((p) => !p.identity.moderator).length;
			if (others >= this.capacity) throw new SfuError('room_full');
		}
		const peer = new Peer(randomUUID(), identity, channel);
		peer.spaceId = this.#entrySpace(identity);
		if (peer.spaceId) this.#admitted.set(identity.key, { spaceId: peer.spaceId, leftAt: null });
		this.peers.set(peer.id, peer);
		this.#byKey.set(identity.key, peer);
		peer.once('close', () => this.#onPeerClosed(peer));
		this.#changed();
		return peer;
	}

	#entrySpace(identity: PeerIdentity): string | null {
		const before = this.#admitted.get(identity.key);
		if (before && (before.leftAt === null || Date.now() - before.leftAt < REJOIN_WINDOW_MS)) {
			return this.spaces.has(before.spaceId) ? before.spaceId : PLENARIA_ID;
		}
		return identity.moderator || this.autoAdmit ? PLENARIA_ID : null;
	}

	/** Tells the peer why (if `notice`) and closes it. */
	removePeer(peer: Peer, notice?: RoomClosedNotice): void {
		if (notice) peer.channel.emit('room:closed', notice);
		peer.close();
	}

	#onPeerClosed(peer: Peer): void {
		this.peers.delete(peer.id);
		if (this.#byKey.get(peer.identity.key) === peer) this.#byKey.delete(peer.identity.key);
		const admitted = this.#admitted.get(peer.identity.key);
		if (admitted && admitted.leftAt === null) admitted.leftAt = Date.now();
		if (this.#closed) return;
		this.#changed();
		if (this.peers.size === 0) this.safeEmit('empty');
	}

	peer(peerId: string): Peer {
		const peer = this.peers.get(peerId);
		if (!peer || peer.closed) throw new SfuError('not_found');
		return peer;
	}

	admit(peerId: string): void {
		const peer = this.peer(peerId);
		if (peer.spaceId !== null) return;
		this.move(peerId, PLENARIA_ID);
	}

	refuse(peerId: string): void {
		const peer = this.peer(peerId);
		if (peer.spaceId !== null) throw new SfuError('bad_request', 'Questa persona è già stata ammessa.');
		this.#admitted.delete(peer.identity.key);
		this.removePeer(peer, { reason: 'refused', rejoin: false, message: MESSAGES.refused });
	}

	/** Moves a peer to a space, or to the lobby (null). Screen shares never follow their owner. */
	move(peerId: string, spaceId: string | null): void {
		const peer = this.peer(peerId);
		if (spaceId !== null && !this.spaces.has(spaceId)) throw new SfuError('not_found');
		if (peer.spaceId === spaceId) return;
		peer.spaceId = spaceId;
		if (spaceId === null) this.#admitted.delete(peer.identity.key);
		else this.#admitted.set(peer.identity.key, { spaceId, leftAt: null });
		for (const producer of peer.producersOf('screen')) {
			producer.close();
			peer.channel.emit('producer:closed', { producerId: producer.id, source: 'screen', message: MESSAGES.screenStopped });
		}
		this.#changed();
	}

	createSpace(name: string): SpaceInfo {
		const space: SpaceInfo = { id: randomUUID(), name, kind: 'caucus' };
		this.spaces.set(space.id, space);
		this.#changed();
		return space;
	}

	/** Closes a caucus; whoever is in it goes back to the plenaria. */
	closeSpace(spaceId: string): void {
		if (spaceId === PLENARIA_ID) throw new SfuError('bad_request', 'La sessione plenaria non può essere chiusa.');
		if (!this.spaces.has(spaceId)) throw new SfuError('not_found');
		for (const peer of this.peers.values()) if (peer.spaceId === spaceId) this.move(peer.id, PLENARIA_ID);
		this.spaces.delete(spaceId);
		this.#changed();
	}

	setPermissions(peerId: string, change: { publish?: boolean; screen?: boolean }): void {
		const peer = this.peer(peerId);
		if (change.publish !== undefined) peer.canPublish = change.publish || peer.identity.publish;
		if (change.screen !== undefined) peer.canShareScreen = change.screen || peer.identity.moderator;
		const revoked = [...peer.producers.values()].filter(
			(p) => (p.appData.source === 'screen' ? !peer.canShareScreen : !peer.canPublish) && !p.closed
		);
		for (const producer of revoked) {
			producer.close();
			peer.channel.emit('producer:closed', {
				producerId: producer.id,
				source: producer.appData.source,
				message: 'Il mediatore ha revocato il permesso di trasmettere.'
			});
		}
		this.#changed();
	}

	setAutoAdmit(enabled: boolean): void {
		this.autoAdmit = enabled;
		this.#changed();
	}

	/** Delivers a chat message to the sender's space only (same rule as media). */
	sendChat(from: Peer, text: string): ChatMessage {
		if (from.spaceId === null) throw new SfuError('not_joined');
		if (!this.#chatThrottle.take(from.identity.key)) throw new SfuError('rate_limited');
		const message = this.chat.add(from.spaceId, { id: from.id, name: from.identity.name }, text);
		for (const peer of this.peers.values()) if (peer === from || canHear(peer, from)) peer.channel.emit('chat:message', message);
		return message;
	}

	chatHistory(peer: Peer): ChatMessage[] {
		return peer.spaceId === null ? [] : this.chat.history(peer.spaceId);
	}

	/** Media changed (new producer, pause, new receive transport or capabilities): re-sync and re-announce. */
	mediaChanged(): void {
		this.#changed();
	}

	stateFor(peer: Peer): RoomState {
		const state = roomStateFor(peer, this.#facts());
		peer.lastState = JSON.stringify(state);
		return state;
	}

	#facts(): RoomFacts {
		return {
			stanzaId: this.stanzaId,
			procedimentoId: this.procedimentoId,
			autoAdmit: this.autoAdmit,
			capacity: this.capacity,
			expiresAt: this.expiresAt,
			spaces: [...this.spaces.values()],
			peers: [...this.peers.values()]
		};
	}

	#changed(): void {
		if (this.#closed) return;
		this.#media.sync();
		const facts = this.#facts();
		// Only to peers whose own view changed: a push on every change would tell the plenaria,
		// by its timing, that something happened in a caucus.
		for (const peer of this.peers.values()) {
			const state = roomStateFor(peer, facts);
			const json = JSON.stringify(state);
			if (json === peer.lastState) continue;
			peer.lastState = json;
			peer.channel.emit('room:state', state);
		}
	}

	/** Tells every peer (if `notice`), closes them and the router. Idempotent. */
	close(notice?: RoomClosedNotice): void {
		if (this.#closed) return;
		this.#closed = true;
		for (const peer of [...this.peers.values()]) this.removePeer(peer, notice);
		this.peers.clear();
		this.#byKey.clear();
		if (!this.router.closed) this.router.close();
		this.safeEmit('close');
	}
}
