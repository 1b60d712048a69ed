import type { Producer, Router } from 'mediasoup/types';
import type { ConsumerInfo } from '#protocol/signalling.ts';
import type { Logger } from '../log.ts';
import { describeError } from '../log.ts';
import type { Peer } from './Peer.ts';
import { canConsume } from './privacy.ts';
import type { ConsumerAppData, ProducerAppData } from './types.ts';

/**
 * The privacy choke point: the only code that creates or closes consumers. `sync()` walks every
 * (receiver, producer) pair of the room, closes the consumers canConsume() no longer allows and
 * creates the allowed ones that are missing. Membership changes, new producers and new receive
 * transports all end in sync(); transports are never renegotiated. Consumers start paused and are
 * resumed by the client once its side is ready (`media:resumeConsumer`).
 */
export class ConsumerSync {
	#router: Router;
	#peers: () => Iterable<Peer>;
	#log: Logger;
	/** `${receiverId}:${producerId}` of consumers being created (consume() is async). */
	#pending = new Set<string>();

	constructor(router: Router, peers: () => Iterable<Peer>, log: Logger) {
		this.#router = router;
		this.#peers = peers;
		this.#log = log;
	}

	sync(): void {
		const peers = [...this.#peers()];
		for (const receiver of peers) {
			// Close what is no longer allowed (or whose producer is gone).
			for (const consumer of [...receiver.consumers.values()]) {
				const owner = peers.find((p) => p.id === consumer.appData.producerPeerId);
				if (!owner || !owner.producers.has(consumer.producerId) || !canConsume(receiver, owner)) {
					consumer.close();
					receiver.channel.emit('consumer:closed', { consumerId: consumer.id });
				}
			}
			// Create what is allowed and missing.
			for (const owner of peers) {
				if (!canConsume(receiver, owner)) continue;
				for (const producer of owner.producers.values()) {
					if (!receiver.consumers.has(producer.id)) void this.#create(receiver, owner, producer);
				}
			}
		}
	}

	async #create(receiver: Peer, owner: Peer, producer: Producer<ProducerAppData>): Promise<void> {
		const transport = receiver.recvTransport;
		const rtpCapabilities = receiver.rtpCapabilities;
		if (!transport || !rtpCapabilities || producer.closed) return;
		const key = `${receiver.id}:${producer.id}`;
		if (this.#pending.has(key)) return;
		if (!this.#router.canConsume({ producerId: producer.id, rtpCapabilities })) return;
		this.#pending.add(key);
		try {
			const consumer = await transport.consume<ConsumerAppData>({
				producerId: producer.id,
				rtpCapabilities,
				paused: true,
				appData: { source: producer.appData.source, peerId: receiver.id, producerPeerId: owner.id }
			});
			// Things may have changed while consume() was in flight: re-check before announcing.
			if (!canConsume(receiver, owner) || producer.closed || receiver.consumers.has(producer.id)) {
				consumer.close();
				return;
			}
			receiver.addConsumer(consumer);
			consumer.on('producerclose', () => {
				receiver.consumers.delete(producer.id);
				receiver.channel.emit('consumer:closed', { consumerId: consumer.id });
			});
			consumer.on('producerpause', () => receiver.channel.emit('consumer:paused', { consumerId: consumer.id, paused: true }));
			consumer.on('producerresume', () => receiver.channel.emit('consumer:paused', { consumerId: consumer.id, paused: false }));
			receiver.channel.emit('consumer:new', {
				id: consumer.id,
				producerId: producer.id,
				peerId: owner.id,
				kind: consumer.kind,
				source: producer.appData.source,
				// mediasoup's and mediasoup-client's RtpParameters types differ only in optional details.
				rtpParameters: consumer.rtpParameters as unknown as ConsumerInfo['rtpParameters'],
				producerPaused: consumer.producerPaused
			});
		} catch (error) {
			if (!transport.closed && !producer.closed) this.#log.warn(`consume failed (${key}): ${describeError(error)}`);
		} finally {
			this.#pending.delete(key);
		}
	}
}
