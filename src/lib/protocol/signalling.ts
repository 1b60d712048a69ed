/**
 * Wire vocabulary of the SFU signalling (socket.io), shared by the browser, the sfu and the tests.
 * Isomorphic: no Node or browser imports (the only import is type-only).
 *
 * Every client-to-server event is a request with an acknowledgement: the client calls
 * `socket.timeout(ms).emitWithAck(event, payload)` and always gets an `AckResult`, never an
 * exception from the server. Payloads are validated on the server with the zod schemas of
 * signalling.schemas.ts; a malformed one gets `{ ok: false, code: 'bad_request' }`.
 *
 * Typed maps follow socket.io's TypeScript guide:
 * `Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>` on the server,
 * `Socket<ServerToClientEvents, ClientToServerEvents>` on the client.
 */
import type { Role } from '#db/auth/labels.ts';
import type { DtlsParameters, IceCandidate, IceParameters, MediaKind, RtpCapabilities, RtpParameters } from 'mediasoup-client/types';
import type {
	AdmitRequest,
	ChatSendRequest,
	ConnectTransportRequest,
	CreateTransportRequest,
	JoinRequest,
	MoveRequest,
	PauseProducerRequest,
	PermissionsRequest,
	PingRequest,
	ProduceRequest,
	ProducerRequest,
	ResumeConsumerRequest,
	SetAutoAdmitRequest,
	SetCapabilitiesRequest,
	SpaceCreateRequest,
	SpaceRequest
} from './signalling.schemas.ts';

/** Path of the socket.io endpoint (socket.io-client's `path` option). */
export const SFU_SOCKET_PATH = '/sfu/socket.io';

/** Why a request (or the handshake) was refused. Clients branch on the code, never on the message. */
export type ErrorCode =
	/** No valid session cookie: log in again. Also the `connect_error` message of a refused handshake. */
	| 'unauthorized'
	/** Valid session, but the user may not do this. */
	| 'forbidden'
	/** The payload does not match the schema of the event. */
	| 'bad_request'
	/** No mediasoup worker is running right now (for example, one just died): retry shortly. */
	| 'unavailable'
	/** A bug or an unexpected failure on the server; it is logged there. */
	| 'internal'
	/** The room already holds its maximum number of participants. */
	| 'room_full'
	/** The stanza's validity (90 days by default) is over. */
	| 'room_expired'
	/** A guest link that is forged, expired or revoked (the message says which). */
	| 'invalid_link'
	/** A media or moderation request before `room:join` (or while waiting in the lobby). */
	| 'not_joined'
	/** The transport, producer, consumer, peer or space named does not exist (any more). */
	| 'not_found'
	/** Too many requests of this kind in a short time (chat messages): wait a little. */
	| 'rate_limited';

/** The Italian text shown to the user for each error code (servers send it along with the code). */
export const ERROR_MESSAGES: Readonly<Record<ErrorCode, string>> = {
	unauthorized: 'Sessione non valida: accedi di nuovo.',
	forbidden: 'Operazione non consentita.',
	bad_request: 'Richiesta non valida: dati mancanti o malformati.',
	unavailable: 'Il servizio audio/video non è disponibile in questo momento: riprova tra poco.',
	internal: 'Errore interno del server: riprova tra poco.',
	room_full: 'La stanza è al completo: è stato raggiunto il numero massimo di partecipanti. Riprova più tardi o contatta la segreteria.',
	room_expired: 'La stanza online di questo procedimento è scaduta: non è più possibile accedervi.',
	invalid_link: 'Il link di accesso alla stanza non è valido. Chiedi alla segreteria un nuovo link.',
	not_joined: 'Non sei ancora stato ammesso nella stanza.',
	not_found: "L'elemento richiesto non esiste più (forse è già stato chiuso).",
	rate_limited: 'Stai inviando troppi messaggi: attendi qualche secondo e riprova.'
};

export interface AckOk<T> {
	ok: true;
	data: T;
}
export interface AckError {
	ok: false;
	code: ErrorCode;
	/** Italian, for the user. */
	message: string;
}
export type AckResult<T> = AckOk<T> | AckError;
export type Ack<T> = (result: AckResult<T>) => void;

/** `data` of a refused handshake's `connect_error` (its `message` is the code). */
export interface HandshakeErrorData {
	code: ErrorCode;
	message: string;
}

export interface PingResponse {
	/** The client's `t`, echoed. */
	t: number;
	/** Server clock, milliseconds since the epoch. */
	serverTime: number;
}

/** Live counters of one SFU process (administrators only, through the `stats` event). */
export interface SfuStats {
	/** Live mediasoup workers. */
	workers: number;
	/** Live mediasoup Routers: one per meeting room, so a leaked room shows up here. */
	rooms: number;
	/** Authenticated signalling connections. */
	peers: number;
	transports: number;
	producers: number;
	consumers: number;
}

/** What a producer carries: microphone, camera or screen share. */
export type MediaSource = 'mic' | 'cam' | 'screen';
export const MEDIA_SOURCES = ['mic', 'cam', 'screen'] as const satisfies readonly MediaSource[];

/** Role of a participant inside the room (the mediator moderates; observers only watch unless allowed). */
export type ParticipantRole = 'mediatore' | 'parte' | 'rappresentante' | 'avvocato' | 'ctu' | 'tirocinante' | 'uditore';

export const PARTICIPANT_ROLE_LABELS: Readonly<Record<ParticipantRole, string>> = {
	mediatore: 'Mediatore',
	parte: 'Parte',
	rappresentante: 'Rappresentante',
	avvocato: 'Avvocato',
	ctu: 'CTU',
	tirocinante: 'Tirocinante (osservatore)',
	uditore: 'Uditore (osservatore)'
};

export interface PeerInfo {
	/** Connection id (a new tab of the same person gets a new one and replaces the old). */
	id: string;
	name: string;
	role: ParticipantRole;
	guest: boolean;
	/** Space the peer is in; null = waiting in the lobby. */
	spaceId: string | null;
	/** May send audio/video. */
	canPublish: boolean;
	/** May share the screen. */
	canShareScreen: boolean;
	/** Sources currently published (a muted mic is still listed, see `muted`). */
	sources: MediaSource[];
	muted: boolean;
}

export interface SpaceInfo {
	id: string;
	name: string;
	kind: 'plenaria' | 'caucus';
}

/**
 * The room as one participant sees it (pushed as `room:state` after every change). Moderators
 * see every space, every peer and the lobby; the others see only their own space and its peers.
 */
export interface RoomState {
	stanzaId: string;
	procedimentoId: string;
	me: PeerInfo;
	moderator: boolean;
	spaces: SpaceInfo[];
	/** Peers in spaces (for non-moderators: only those in the same space, i.e. who can hear you). */
	peers: PeerInfo[];
	/** Moderators only: who is waiting to be admitted. */
	lobby: PeerInfo[];
	autoAdmit: boolean;
	/** Participants besides the mediators. */
	capacity: number;
	expiresAt: number;
	/** Whether a mediator is connected (in any space). */
	mediatorPresent: boolean;
}

export interface IceServerInfo {
	urls: string[];
	username?: string;
	credential?: string;
}

export interface JoinResponse {
	peerId: string;
	routerRtpCapabilities: RtpCapabilities;
	iceServers: IceServerInfo[];
	state: RoomState;
}

export interface TransportInfo {
	id: string;
	iceParameters: IceParameters;
	iceCandidates: IceCandidate[];
	dtlsParameters: DtlsParameters;
}

export interface ConsumerInfo {
	id: string;
	producerId: string;
	peerId: string;
	kind: MediaKind;
	source: MediaSource;
	rtpParameters: RtpParameters;
	producerPaused: boolean;
}

export interface ChatMessage {
	id: string;
	spaceId: string;
	fromPeerId: string;
	fromName: string;
	text: string;
	at: number;
}

/** Why the server ended this client's place in the room. */
export type RoomClosedReason = 'refused' | 'replaced' | 'worker_died' | 'media_failed' | 'expired' | 'closed';

export interface RoomClosedNotice {
	reason: RoomClosedReason;
	/** Italian, for the user. */
	message: string;
	/** The client should join again on its own (worker restart, network blip). */
	rejoin: boolean;
}

export type Empty = Record<string, never>;

export interface ClientToServerEvents {
	ping: (payload: PingRequest, ack: Ack<PingResponse>) => void;
	stats: (ack: Ack<SfuStats>) => void;
	'room:join': (payload: JoinRequest, ack: Ack<JoinResponse>) => void;
	'room:leave': (payload: Empty, ack: Ack<Empty>) => void;
	'room:admit': (payload: AdmitRequest, ack: Ack<Empty>) => void;
	'room:refuse': (payload: AdmitRequest, ack: Ack<Empty>) => void;
	'room:setAutoAdmit': (payload: SetAutoAdmitRequest, ack: Ack<Empty>) => void;
	'peer:setPermissions': (payload: PermissionsRequest, ack: Ack<Empty>) => void;
	'space:create': (payload: SpaceCreateRequest, ack: Ack<{ spaceId: string }>) => void;
	'space:move': (payload: MoveRequest, ack: Ack<Empty>) => void;
	'space:close': (payload: SpaceRequest, ack: Ack<Empty>) => void;
	'media:setCapabilities': (payload: SetCapabilitiesRequest, ack: Ack<Empty>) => void;
	'media:createTransport': (payload: CreateTransportRequest, ack: Ack<TransportInfo>) => void;
	'media:connectTransport': (payload: ConnectTransportRequest, ack: Ack<Empty>) => void;
	'media:produce': (payload: ProduceRequest, ack: Ack<{ producerId: string }>) => void;
	'media:closeProducer': (payload: ProducerRequest, ack: Ack<Empty>) => void;
	'media:pauseProducer': (payload: PauseProducerRequest, ack: Ack<Empty>) => void;
	'media:resumeConsumer': (payload: ResumeConsumerRequest, ack: Ack<Empty>) => void;
	'chat:send': (payload: ChatSendRequest, ack: Ack<ChatMessage>) => void;
	'chat:history': (payload: Empty, ack: Ack<ChatMessage[]>) => void;
}

export interface ServerToClientEvents {
	'room:state': (state: RoomState) => void;
	'room:closed': (notice: RoomClosedNotice) => void;
	'consumer:new': (consumer: ConsumerInfo) => void;
	'consumer:closed': (payload: { consumerId: string }) => void;
	'consumer:paused': (payload: { consumerId: string; paused: boolean }) => void;
	'producer:closed': (payload: { producerId: string; source: MediaSource; message: string }) => void;
	'chat:message': (message: ChatMessage) => void;
}

/** Single-process SFU: no inter-server events. */
export type InterServerEvents = Record<never, never>;

/** The authenticated user of a socket, set at the handshake (a db/auth SessionUser). */
export interface SocketUser {
	id: string;
	organismoId: string;
	/** The current membership (the Organismo the person is working in). */
	membershipId: string;
	email: string;
	nome: string;
	cognome: string;
	role: Role;
}

/** A person who came in through a personal guest link (no account). */
export interface SocketGuest {
	invitoId: string;
	stanzaId: string;
	procedimentoId: string;
	organismoId: string;
	nome: string;
	ruolo: ParticipantRole;
}

/** Per-socket server state (`socket.data`): exactly one of user and guest is set at the handshake. */
export interface SocketData {
	user: SocketUser | null;
	guest: SocketGuest | null;
}

export type { PingRequest } from './signalling.schemas.ts';
