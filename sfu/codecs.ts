import type { RtpCodecCapability } from 'mediasoup/types';

/**
 * Codecs every meeting Router offers (`worker.createRouter({ mediaCodecs: MEDIA_CODECS })`).
 * Opus for voice; VP8 for camera and screen (every browser encodes it); H264 constrained
 * baseline as well, for devices whose hardware encoder only does H264 (older iPhones and iPads).
 * Payload types are left to mediasoup, which clones this list (it is never modified).
 */
export const MEDIA_CODECS: RtpCodecCapability[] = [
	{
		kind: 'audio',
		mimeType: 'audio/opus',
		clockRate: 48000,
		channels: 2
	},
	{
		kind: 'video',
		mimeType: 'video/VP8',
		clockRate: 90000,
		parameters: { 'x-google-start-bitrate': 1000 }
	},
	{
		kind: 'video',
		mimeType: 'video/H264',
		clockRate: 90000,
		parameters: {
			'packetization-mode': 1,
			'profile-level-id': '42e01f',
			'level-asymmetry-allowed': 1,
			'x-google-start-bitrate': 1000
		}
	}
];
