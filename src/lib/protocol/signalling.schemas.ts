/**
 * zod schemas for every client-to-server payload of the SFU signalling (socket.io on
 * SFU_SOCKET_PATH). The sfu parses each payload with these before doing anything with it: the
 * TypeScript types in signalling.ts are hints for the client, not a guarantee about what arrives.
 * Every request object is strict (an unknown field is 'bad_request', never silently dropped);
 * only the RTP objects stay loose, since mediasoup validates them in depth.
 * Isomorphic: no Node or browser imports.
 */
import { z } from 'zod';
import type { DtlsParameters, RtpCapabilities, RtpParameters } from 'mediasoup-client/types';

/** `ping`: the client's clock, echoed back with the server's (round-trip and clock-skew checks). */
export const PingRequestSchema = z.strictObject({
	t: z.number()
});
export type PingRequest = z.infer<typeof PingRequestSchema>;

/** `stats`: no arguments (`socket.emitWithAck('stats')`); an empty object is accepted too. */
export const StatsRequestSchema = z.strictObject({}).optional();
export type StatsRequest = z.infer<typeof StatsRequestSchema>;

// ---------------------------------------------------------------------------------------------
// Room, spaces and media. Ids are server-generated strings; mediasoup ids are UUIDs. RTP objects
// are checked for shape and size here and then validated in depth by mediasoup itself.

const id = z.string().min(1).max(64);
const boundedRecord = z.record(z.string().max(64), z.union([z.string().max(256), z.number(), z.boolean()]));

const RtpCodecSchema = z.looseObject({
	mimeType: z.string().min(3).max(64),
	payloadType: z.number().int().min(0).max(127).optional(),
	preferredPayloadType: z.number().int().min(0).max(127).optional(),
	clockRate: z.number().int().positive(),
	channels: z.number().int().positive().max(8).optional(),
	parameters: boundedRecord.optional(),
	rtcpFeedback: z
		.array(z.looseObject({ type: z.string().max(64), parameter: z.string().max(64).optional() }))
		.max(32)
		.optional()
});
const HeaderExtensionSchema = z.looseObject({ uri: z.string().max(256), id: z.number().int().optional() });

export const RtpCapabilitiesSchema = z.looseObject({
	codecs: z
		.array(RtpCodecSchema.extend({ kind: z.enum(['audio', 'video']) }))
		.max(64)
		.optional(),
	headerExtensions: z.array(HeaderExtensionSchema).max(64).optional()
});

export const RtpParametersSchema = z.looseObject({
	mid: z.string().max(64).optional(),
	codecs: z
		.array(RtpCodecSchema.extend({ payloadType: z.number().int().min(0).max(127) }))
		.min(1)
		.max(16),
	headerExtensions: z.array(HeaderExtensionSchema).max(32).optional(),
	encodings: z
		.array(z.looseObject({ ssrc: z.number().int().nonnegative().optional() }))
		.max(8)
		.optional(),
	rtcp: z.looseObject({ cname: z.string().max(256).optional() }).optional()
});

const DtlsParametersSchema = z.looseObject({
	role: z.enum(['auto', 'client', 'server']).optional(),
	fingerprints: z
		.array(z.strictObject({ algorithm: z.string().max(32), value: z.string().max(256) }))
		.min(1)
		.max(8)
});

/** `room:join`: users name the procedimento; guests may omit it (their link names the stanza). */
export const JoinRequestSchema = z.strictObject({ procedimentoId: id.optional() });
export type JoinRequest = z.infer<typeof JoinRequestSchema>;

export const EmptyRequestSchema = z.strictObject({}).optional();

export const AdmitRequestSchema = z.strictObject({ peerId: id });
export type AdmitRequest = z.infer<typeof AdmitRequestSchema>;

export const SetAutoAdmitRequestSchema = z.strictObject({ enabled: z.boolean() });
export type SetAutoAdmitRequest = z.infer<typeof SetAutoAdmitRequestSchema>;

export const PermissionsRequestSchema = z.strictObject({ peerId: id, publish: z.boolean().optional(), screen: z.boolean().optional() });
export type PermissionsRequest = z.infer<typeof PermissionsRequestSchema>;

export const SpaceCreateRequestSchema = z.strictObject({
	name: z.string().trim().min(1, 'Indica il nome della sessione.').max(80),
	peerIds: z.array(id).max(32).default([])
});
export type SpaceCreateRequest = z.input<typeof SpaceCreateRequestSchema>;

/** `space:move`: spaceId null sends the person back to the lobby (temporary exclusion). */
export const MoveRequestSchema = z.strictObject({ peerId: id, spaceId: id.nullable() });
export type MoveRequest = z.infer<typeof MoveRequestSchema>;

export const SpaceRequestSchema = z.strictObject({ spaceId: id });
export type SpaceRequest = z.infer<typeof SpaceRequestSchema>;

export const SetCapabilitiesRequestSchema = z.strictObject({ rtpCapabilities: RtpCapabilitiesSchema });
/** Typed with mediasoup-client's types for the browser; the server sees the zod-checked shape. */
export type SetCapabilitiesRequest = { rtpCapabilities: RtpCapabilities };

export const CreateTransportRequestSchema = z.strictObject({ direction: z.enum(['send', 'recv']) });
export type CreateTransportRequest = z.infer<typeof CreateTransportRequestSchema>;

export const ConnectTransportRequestSchema = z.strictObject({ transportId: id, dtlsParameters: DtlsParametersSchema });
export type ConnectTransportRequest = Omit<z.infer<typeof ConnectTransportRequestSchema>, 'dtlsParameters'> & {
	dtlsParameters: DtlsParameters;
};

export const ProduceRequestSchema = z.strictObject({
	transportId: id,
	kind: z.enum(['audio', 'video']),
	rtpParameters: RtpParametersSchema,
	source: z.enum(['mic', 'cam', 'screen'])
});
export type ProduceRequest = Omit<z.infer<typeof ProduceRequestSchema>, 'rtpParameters'> & { rtpParameters: RtpParameters };

export const ProducerRequestSchema = z.strictObject({ producerId: id });
export type ProducerRequest = z.infer<typeof ProducerRequestSchema>;

export const PauseProducerRequestSchema = z.strictObject({ producerId: id, paused: z.boolean() });
export type PauseProducerRequest = z.infer<typeof PauseProducerRequestSchema>;

export const ResumeConsumerRequestSchema = z.strictObject({ consumerId: id });
export type ResumeConsumerRequest = z.infer<typeof ResumeConsumerRequestSchema>;

export const CHAT_MAX_LENGTH = 2000;
export const ChatSendRequestSchema = z.strictObject({
	text: z.string().trim().min(1, 'Il messaggio è vuoto.').max(CHAT_MAX_LENGTH, `Al massimo ${CHAT_MAX_LENGTH} caratteri.`)
});
export type ChatSendRequest = z.infer<typeof ChatSendRequestSchema>;
