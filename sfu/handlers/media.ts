import type { RtpCapabilities, RtpParameters } from 'mediasoup/types';
import type { TransportInfo } from '#protocol/signalling.ts';
import {
	ConnectTransportRequestSchema,
	CreateTransportRequestSchema,
	PauseProducerRequestSchema,
	ProduceRequestSchema,
	ProducerRequestSchema,
	ResumeConsumerRequestSchema,
	SetCapabilitiesRequestSchema
} from '#protocol/signalling.schemas.ts';
import { defineHandler, SfuError, whoIs } from '../handler.ts';
import { createWebRtcTransport } from '../rooms/transports.ts';
import type { ProducerAppData } from '../rooms/types.ts';
import { describeError } from '../log.ts';
import { sessionOf, type RoomServices } from './services.ts';

/**
 * mediasoup validates RTP objects in depth and throws TypeError, or UnsupportedError for a codec
 * the router does not have: both are the client's fault, answered 'bad_request' without a stack
 * trace in the log (any participant could otherwise fill it).
 */
export function asBadRequest(error: unknown): never {
	if (error instanceof TypeError || (error instanceof Error && error.name === 'UnsupportedError')) throw new SfuError('bad_request');
	throw error;
}

export function setCapabilitiesHandler(services: RoomServices) {
	return defineHandler('media:setCapabilities', SetCapabilitiesRequestSchema, ({ rtpCapabilities }, ctx) => {
		const { room, peer } = sessionOf(services, ctx);
		peer.rtpCapabilities = rtpCapabilities as RtpCapabilities;
		room.mediaChanged();
		return {};
	});
}

export function createTransportHandler(services: RoomServices) {
	return defineHandler('media:createTransport', CreateTransportRequestSchema, async ({ direction }, ctx): Promise<TransportInfo> => {
		const { room, peer } = sessionOf(services, ctx);
		// One transport per direction: a client that recreates one replaces the old.
		for (const t of [...peer.transports.values()]) if (t.appData.direction === direction) t.close();
		const transport = await createWebRtcTransport(room.router, room.network, { peerId: peer.id, direction }, (why) => {
			ctx.log.info(`closing peer ${peer.id} (${whoIs(ctx)}): ${why}`);
			room.removePeer(peer, {
				reason: 'media_failed',
				rejoin: true,
				message: 'Connessione audio/video interrotta: riconnessione in corso…'
			});
		});
		if (peer.closed) {
			transport.close();
			throw new SfuError('not_joined');
		}
		peer.addTransport(transport);
		if (direction === 'recv') room.mediaChanged();
		return {
			id: transport.id,
			iceParameters: transport.iceParameters,
			iceCandidates: transport.iceCandidates,
			dtlsParameters: transport.dtlsParameters
		} as unknown as TransportInfo;
	});
}

export function connectTransportHandler(services: RoomServices) {
	return defineHandler('media:connectTransport', ConnectTransportRequestSchema, async ({ transportId, dtlsParameters }, ctx) => {
		const { peer } = sessionOf(services, ctx);
		const transport = peer.transports.get(transportId);
		if (!transport) throw new SfuError('not_found');
		await transport.connect({ dtlsParameters: dtlsParameters as never }).catch(asBadRequest);
		return {};
	});
}

export function produceHandler(services: RoomServices) {
	return defineHandler('media:produce', ProduceRequestSchema, async ({ transportId, kind, rtpParameters, source }, ctx) => {
		const { room, peer } = sessionOf(services, ctx);
		const allowed = source === 'screen' ? peer.canShareScreen : peer.canPublish;
		if (!allowed)
			throw new SfuError(
				'forbidden',
				source === 'screen'
					? 'Il mediatore non ti ha consentito di condividere lo schermo.'
					: 'Partecipi come osservatore: il mediatore non ti ha consentito di trasmettere audio o video.'
			);
		if ((source === 'mic') !== (kind === 'audio')) throw new SfuError('bad_request');
		const transport = peer.transports.get(transportId);
		if (!transport || transport.appData.direction !== 'send') throw new SfuError('not_found');
		// One producer per source: a new camera (device change) replaces the old one, but only once
		// the new one exists: a refused request (bad parameters, unsupported codec) changes nothing.
		const previous = peer.producersOf(source);
		const producer = await transport
			.produce<ProducerAppData>({ kind, rtpParameters: rtpParameters as unknown as RtpParameters, appData: { source, peerId: peer.id } })
			.catch(asBadRequest);
		if (peer.closed) {
			producer.close();
			throw new SfuError('not_joined');
		}
		for (const old of previous) old.close();
		peer.addProducer(producer);
		producer.observer.once('close', () => {
			if (!room.closed && !peer.closed) room.mediaChanged();
		});
		room.mediaChanged();
		return { producerId: producer.id };
	});
}

export function closeProducerHandler(services: RoomServices) {
	return defineHandler('media:closeProducer', ProducerRequestSchema, ({ producerId }, ctx) => {
		const { peer } = sessionOf(services, ctx);
		const producer = peer.producers.get(producerId);
		if (!producer) throw new SfuError('not_found');
		producer.close(); // the observer 'close' above re-syncs the room
		return {};
	});
}

export function pauseProducerHandler(services: RoomServices) {
	return defineHandler('media:pauseProducer', PauseProducerRequestSchema, async ({ producerId, paused }, ctx) => {
		const { room, peer } = sessionOf(services, ctx);
		const producer = peer.producers.get(producerId);
		if (!producer) throw new SfuError('not_found');
		if (paused) await producer.pause();
		else await producer.resume();
		room.mediaChanged();
		return {};
	});
}

export function resumeConsumerHandler(services: RoomServices) {
	return defineHandler('media:resumeConsumer', ResumeConsumerRequestSchema, async ({ consumerId }, ctx) => {
		const { peer } = sessionOf(services, ctx);
		const consumer = [...peer.consumers.values()].find((c) => c.id === consumerId);
		if (!consumer) throw new SfuError('not_found');
		await consumer.resume().catch((error: unknown) => {
			if (!consumer.closed) ctx.log.warn(`resume of consumer ${consumerId} failed: ${describeError(error)}`);
		});
		return {};
	});
}
