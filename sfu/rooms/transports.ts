import type { Router, TransportListenInfo, WebRtcTransport } from 'mediasoup/types';
import type { PortRange } from '../workers.ts';
import type { TransportAppData } from './types.ts';

export interface TransportNetwork {
	listenIp: string;
	announcedAddress: string | undefined;
	/** The worker's share of the RTC port range (worker.appData.portRange). */
	portRange: PortRange;
}

/** Seconds without ICE consent (STUN) answers before mediasoup declares the transport disconnected. */
export const ICE_CONSENT_TIMEOUT_S = 20;

/**
 * A WebRTC transport (UDP preferred, TCP as fallback) on the worker's port range. `onFailure`
 * runs once when ICE disconnects or closes, or DTLS fails or closes: the owner closes the peer
 * (mediasoup-demo practice; it also frees the ports of a tab that vanished without a goodbye).
 */
export async function createWebRtcTransport(
	router: Router,
	network: TransportNetwork,
	appData: TransportAppData,
	onFailure: (why: string) => void
): Promise<WebRtcTransport<TransportAppData>> {
	const base = { ip: network.listenIp, announcedAddress: network.announcedAddress, portRange: network.portRange };
	const listenInfos: TransportListenInfo[] = [
		{ protocol: 'udp', ...base },
		{ protocol: 'tcp', ...base }
	];
	const transport = await router.createWebRtcTransport<TransportAppData>({
		listenInfos,
		enableUdp: true,
		enableTcp: true,
		preferUdp: true,
		iceConsentTimeout: ICE_CONSENT_TIMEOUT_S,
		initialAvailableOutgoingBitrate: 800_000,
		appData
	});
	let failed = false;
	const fail = (why: string) => {
		if (failed) return;
		failed = true;
		onFailure(why);
	};
	transport.on('icestatechange', (state) => {
		if (state === 'disconnected' || state === 'closed') fail(`ICE ${state}`);
	});
	transport.on('dtlsstatechange', (state) => {
		if (state === 'failed' || state === 'closed') fail(`DTLS ${state}`);
	});
	if (appData.direction === 'send') {
		// Caps what one participant may push (camera + screen share + audio).
		await transport.setMaxIncomingBitrate(3_000_000).catch(() => {});
	}
	return transport;
}
