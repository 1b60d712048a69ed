import type { AppData } from 'mediasoup/types';
import type { MediaSource, ParticipantRole, ServerToClientEvents } from '#protocol/signalling.ts';

/** Who a peer is, independent of the connection: a new tab of the same identity replaces the old one. */
export interface PeerIdentity {
	/** 'user:<id>' or 'guest:<invitoId>'. */
	key: string;
	name: string;
	role: ParticipantRole;
	guest: boolean;
	moderator: boolean;
	/** May publish audio/video without the mediator's permission. */
	publish: boolean;
}

/** Where a peer's notifications go (a socket.io socket in production, a recorder in tests). */
export interface PeerChannel {
	emit<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): unknown;
}

export type ProducerAppData = AppData & { source: MediaSource; peerId: string };
export type ConsumerAppData = AppData & { source: MediaSource; peerId: string; producerPeerId: string };
export type TransportAppData = AppData & { peerId: string; direction: 'send' | 'recv' };
