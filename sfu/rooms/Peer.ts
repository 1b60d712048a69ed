import type { Consumer, Producer, RtpCapabilities, WebRtcTransport } from 'mediasoup/types';
import type { MediaSource, PeerInfo } from '#protocol/signalling.ts';
import { SafeEmitter } from '../events.ts';
import type { ConsumerAppData, PeerChannel, PeerIdentity, ProducerAppData, TransportAppData } from './types.ts';

export type PeerEvents = {
	/** Emitted once, after the peer's transports (and so its producers and consumers) are closed. */
	close: [];
};

/**
 * One connection of one person in a room. Owns at most one send and one receive transport; closing
 * the transports cascades to producers and consumers (mediasoup), and the maps forget them through
 * their close events. close() is idempotent.
 */
export class Peer extends SafeEmitter<PeerEvents> {
	readonly id: string;
	readonly identity: PeerIdentity;
	readonly channel: PeerChannel;
	/** null = lobby. Changed only by Room (membership is the room's business). */
	spaceId: string | null = null;
	canPublish: boolean;
	canShareScreen: boolean;
	rtpCapabilities: RtpCapabilities | null = null;
	/** The last room:state sent to this peer (JSON), so unchanged views are not pushed again. */
	lastState: string | null = null;
	readonly transports = new Map<string, WebRtcTransport<TransportAppData>>();
	readonly producers = new Map<string, Producer<ProducerAppData>>();
	/** Keyed by producer id: at most one consumer per remote producer. */
	readonly consumers = new Map<string, Consumer<ConsumerAppData>>();
	#closed = false;

	constructor(id: string, identity: PeerIdentity, channel: PeerChannel) {
		super();
		this.id = id;
		this.identity = identity;
		this.channel = channel;
		this.canPublish = identity.publish;
		this.canShareScreen = identity.moderator;
	}

	get closed(): boolean {
		return this.#closed;
	}

	get recvTransport(): WebRtcTransport<TransportAppData> | undefined {
		for (const t of this.transports.values()) if (t.appData.direction === 'recv' && !t.closed) return t;
		return undefined;
	}

	addTransport(transport: WebRtcTransport<TransportAppData>): void {
		this.transports.set(transport.id, transport);
		transport.observer.once('close', () => this.transports.delete(transport.id));
	}

	addProducer(producer: Producer<ProducerAppData>): void {
		this.producers.set(producer.id, producer);
		producer.observer.once('close', () => this.producers.delete(producer.id));
	}

	addConsumer(consumer: Consumer<ConsumerAppData>): void {
		this.consumers.set(consumer.producerId, consumer);
		consumer.observer.once('close', () => {
			if (this.consumers.get(consumer.producerId) === consumer) this.consumers.delete(consumer.producerId);
		});
	}

	producersOf(source: MediaSource): Producer<ProducerAppData>[] {
		return [...this.producers.values()].filter((p) => p.appData.source === source);
	}

	info(): PeerInfo {
		const producers = [...this.producers.values()];
		const mic = producers.find((p) => p.appData.source === 'mic');
		return {
			id: this.id,
			name: this.identity.name,
			role: this.identity.role,
			guest: this.identity.guest,
			spaceId: this.spaceId,
			canPublish: this.canPublish,
			canShareScreen: this.canShareScreen,
			sources: [...new Set(producers.map((p) => p.appData.source))],
			muted: !mic || mic.paused
		};
	}

	/** Closes the transports (cascading to producers and consumers). Idempotent. */
	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		for (const transport of [...this.transports.values()]) transport.close();
		this.transports.clear();
		this.producers.clear();
		this.consumers.clear();
		this.safeEmit('close');
	}
}
