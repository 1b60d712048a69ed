import { Device } from 'mediasoup-client';
import type { Consumer, Producer, Transport } from 'mediasoup-client/types';
import type { ConsumerInfo, JoinResponse, MediaSource, TransportInfo } from '../../protocol/signalling.ts';
import { request, type SfuClientSocket } from './signalling.ts';

export interface MediaSessionEvents {
	/** A remote track appeared (track) or went away (null). */
	onTrack(peerId: string, source: MediaSource, track: MediaStreamTrack | null, paused: boolean): void;
}

export interface ConsumerStat {
	consumerId: string;
	peerId: string;
	source: MediaSource;
	kind: 'audio' | 'video';
	closed: boolean;
	bytesReceived: number;
}

/**
 * The mediasoup side of one join: a Device, one send and one receive transport, the producers of
 * this browser (one per source) and the consumers the server announces. Everything ends with
 * close(); a rejoin makes a new MediaSession (tracks are kept by the caller: stopTracks false).
 */
export class MediaSession {
	readonly #socket: SfuClientSocket;
	readonly #join: JoinResponse;
	readonly #events: MediaSessionEvents;
	#device: Device | null = null;
	#send: Transport | null = null;
	#recv: Transport | null = null;
	#recvReady: Promise<Transport>;
	#resolveRecv!: (t: Transport) => void;
	#producers = new Map<MediaSource, Producer>();
	#consumers = new Map<string, { consumer: Consumer; info: ConsumerInfo }>();
	/** Consumers closed by the server, kept for the test hooks (privacy assertions). */
	readonly closedConsumers: ConsumerStat[] = [];
	#closed = false;

	constructor(socket: SfuClientSocket, join: JoinResponse, events: MediaSessionEvents) {
		this.#socket = socket;
		this.#join = join;
		this.#events = events;
		this.#recvReady = new Promise((resolve) => (this.#resolveRecv = resolve));
	}

	get closed(): boolean {
		return this.#closed;
	}

	async start(): Promise<void> {
		const device = await Device.factory();
		await device.load({ routerRtpCapabilities: this.#join.routerRtpCapabilities });
		this.#device = device;
		await request(this.#socket, 'media:setCapabilities', { rtpCapabilities: device.rtpCapabilities });
		const info = await request(this.#socket, 'media:createTransport', { direction: 'recv' });
		if (this.#closed) return;
		this.#recv = device.createRecvTransport(this.#transportOptions(info));
		this.#wireConnect(this.#recv);
		this.#resolveRecv(this.#recv);
	}

	#transportOptions(info: TransportInfo) {
		return { ...info, iceServers: this.#join.iceServers.map((s) => ({ urls: s.urls, username: s.username, credential: s.credential })) };
	}

	#wireConnect(transport: Transport): void {
		transport.on('connect', ({ dtlsParameters }, callback, errback) => {
			request(this.#socket, 'media:connectTransport', { transportId: transport.id, dtlsParameters }).then(() => callback(), errback);
		});
	}

	async #sendTransport(): Promise<Transport> {
		if (this.#send && !this.#send.closed) return this.#send;
		if (!this.#device) throw new Error('device not loaded');
		const info = await request(this.#socket, 'media:createTransport', { direction: 'send' });
		const transport = this.#device.createSendTransport(this.#transportOptions(info));
		this.#wireConnect(transport);
		transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
			request(this.#socket, 'media:produce', {
				transportId: transport.id,
				kind,
				rtpParameters,
				source: appData.source as MediaSource
			}).then(({ producerId }) => callback({ id: producerId }), errback);
		});
		this.#send = transport;
		return transport;
	}

	/** Publishes `track` as `source`, replacing an earlier producer of the same source. */
	async publish(source: MediaSource, track: MediaStreamTrack, paused = false): Promise<void> {
		const old = this.#producers.get(source);
		if (old && !old.closed) {
			await old.replaceTrack({ track });
			return;
		}
		const transport = await this.#sendTransport();
		const producer = await transport.produce({
			track,
			stopTracks: false,
			appData: { source },
			...(source === 'mic' ? { codecOptions: { opusDtx: true, opusFec: true } } : {}),
			...(source === 'screen'
				? { encodings: [{ maxBitrate: 1_200_000 }] }
				: { encodings: track.kind === 'video' ? [{ maxBitrate: 600_000 }] : undefined })
		});
		this.#producers.set(source, producer);
		if (paused) await this.setPaused(source, true);
	}

	async unpublish(source: MediaSource): Promise<void> {
		const producer = this.#producers.get(source);
		this.#producers.delete(source);
		if (!producer || producer.closed) return;
		producer.close();
		await request(this.#socket, 'media:closeProducer', { producerId: producer.id }).catch(() => {});
	}

	/** The server closed a producer (moved out of its space, permission revoked). */
	forgetProducer(producerId: string): void {
		for (const [source, p] of this.#producers) {
			if (p.id === producerId) {
				p.close();
				this.#producers.delete(source);
			}
		}
	}

	async setPaused(source: MediaSource, paused: boolean): Promise<void> {
		const producer = this.#producers.get(source);
		if (!producer || producer.closed) return;
		if (paused) producer.pause();
		else producer.resume();
		await request(this.#socket, 'media:pauseProducer', { producerId: producer.id, paused });
	}

	async consume(info: ConsumerInfo): Promise<void> {
		const transport = await this.#recvReady;
		if (this.#closed || transport.closed) return;
		const consumer = await transport.consume({
			id: info.id,
			producerId: info.producerId,
			kind: info.kind,
			rtpParameters: info.rtpParameters
		});
		if (this.#closed) return;
		this.#consumers.set(info.id, { consumer, info });
		this.#events.onTrack(info.peerId, info.source, consumer.track, info.producerPaused);
		await request(this.#socket, 'media:resumeConsumer', { consumerId: info.id }).catch(() => {});
	}

	closeConsumer(consumerId: string): void {
		const entry = this.#consumers.get(consumerId);
		if (!entry) return;
		this.#consumers.delete(consumerId);
		entry.consumer.close();
		this.closedConsumers.push({
			consumerId,
			peerId: entry.info.peerId,
			source: entry.info.source,
			kind: entry.info.kind,
			closed: true,
			bytesReceived: 0
		});
		this.#events.onTrack(entry.info.peerId, entry.info.source, null, false);
	}

	consumerPaused(consumerId: string, paused: boolean): void {
		const entry = this.#consumers.get(consumerId);
		if (entry) this.#events.onTrack(entry.info.peerId, entry.info.source, entry.consumer.track, paused);
	}

	/** inbound-rtp bytes per live consumer (for the test hooks and diagnostics). */
	async consumerStats(): Promise<ConsumerStat[]> {
		const out: ConsumerStat[] = [];
		for (const { consumer, info } of this.#consumers.values()) {
			let bytesReceived = 0;
			try {
				const report = await consumer.getStats();
				report.forEach((s: { type: string; bytesReceived?: number }) => {
					if (s.type === 'inbound-rtp') bytesReceived += s.bytesReceived ?? 0;
				});
			} catch {
				// closed meanwhile
			}
			out.push({ consumerId: info.id, peerId: info.peerId, source: info.source, kind: info.kind, closed: consumer.closed, bytesReceived });
		}
		return out;
	}

	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		for (const { info } of this.#consumers.values()) this.#events.onTrack(info.peerId, info.source, null, false);
		this.#consumers.clear();
		this.#producers.clear();
		this.#send?.close();
		this.#recv?.close();
	}
}
