import { SvelteSet } from 'svelte/reactivity';
import type { ChatMessage, JoinResponse, MediaSource, RoomState } from '../../protocol/signalling.ts';
import { captureCamera, captureLocal, captureMicrophone, captureScreen, hasWebRtc, listDevices } from './local-media.ts';
import { MediaSession, type ConsumerStat } from './media-session.ts';
import { connectSignalling, handshakeMessage, request, SfuRequestError, type SfuClientSocket } from './signalling.ts';
import { SpeakingDetector } from './speaking.ts';

export interface RemoteMedia {
	mic?: MediaStreamTrack;
	cam?: MediaStreamTrack;
	screen?: MediaStreamTrack;
	micPaused?: boolean;
	camPaused?: boolean;
}

export type RoomStatus = 'idle' | 'connecting' | 'joined' | 'ended' | 'failed';

/** Handshake refusals after which retrying cannot help. */
const FATAL_HANDSHAKE = new Set(['unauthorized', 'invalid_link', 'forbidden']);

/**
 * Browser state of the online room (Svelte 5 runes): signalling, lobby, spaces, remote media,
 * local microphone/camera/screen, chat. One instance per room page; browser only.
 */
export class RoomClient {
	status = $state<RoomStatus>('idle');
	/** Why the room ended or failed (Italian). */
	message = $state<string | null>(null);
	/** Transient information (screen share stopped, reconnecting...). */
	notice = $state<string | null>(null);
	mediaWarning = $state<string | null>(null);
	room = $state.raw<RoomState | null>(null);
	remote = $state.raw<Record<string, RemoteMedia>>({});
	localVideo = $state.raw<MediaStreamTrack | null>(null);
	localScreen = $state.raw<MediaStreamTrack | null>(null);
	micOn = $state(false);
	camOn = $state(false);
	chat = $state.raw<ChatMessage[]>([]);
	speaking = $state.raw<ReadonlySet<string>>(new SvelteSet<string>());
	devices = $state.raw<{ audio: MediaDeviceInfo[]; video: MediaDeviceInfo[] }>({ audio: [], video: [] });
	audioDeviceId = $state('');
	videoDeviceId = $state('');

	readonly #procedimentoId: string | null;
	readonly #guestToken: string | null;
	#socket: SfuClientSocket | null = null;
	#media: MediaSession | null = null;
	#localAudio: MediaStreamTrack | null = null;
	#speakingDetector = new SpeakingDetector((s) => (this.speaking = s));
	#capturedOnce = false;
	#chatSpace: string | null = null;
	#publishing = false;
	#closedConsumers: ConsumerStat[] = [];

	constructor(opts: { procedimentoId: string | null; guestToken: string | null }) {
		this.#procedimentoId = opts.procedimentoId;
		this.#guestToken = opts.guestToken;
	}

	get me() {
		return this.room?.me ?? null;
	}

	get sharing(): boolean {
		return this.localScreen !== null;
	}

	connect(): void {
		if (this.#socket) return;
		this.status = 'connecting';
		const socket = connectSignalling(this.#guestToken);
		this.#socket = socket;
		socket.on('connect', () => void this.#join());
		socket.on('connect_error', (error) => {
			const { code, message } = handshakeMessage(error);
			if (FATAL_HANDSHAKE.has(code)) {
				this.#fail(message);
				socket.disconnect();
			} else this.notice = message;
		});
		socket.on('disconnect', () => {
			this.#endMedia();
			if (this.status === 'joined') {
				this.status = 'connecting';
				this.notice = 'Connessione persa: riconnessione in corso…';
			}
		});
		socket.on('room:state', (state) => this.#onState(state));
		socket.on('room:closed', (notice) => {
			this.#endMedia();
			if (notice.rejoin) {
				this.status = 'connecting';
				this.notice = notice.message;
				setTimeout(() => void this.#join(), 800);
			} else {
				this.status = 'ended';
				this.message = notice.message;
				socket.disconnect();
			}
		});
		socket.on('consumer:new', (info) => {
			this.#media?.consume(info).catch((error: unknown) => console.warn('consume failed', error));
		});
		socket.on('consumer:closed', ({ consumerId }) => this.#media?.closeConsumer(consumerId));
		socket.on('consumer:paused', ({ consumerId, paused }) => this.#media?.consumerPaused(consumerId, paused));
		socket.on('producer:closed', ({ producerId, source, message }) => {
			this.#media?.forgetProducer(producerId);
			if (source === 'screen') this.#stopScreenTrack();
			else if (source === 'cam') this.camOn = false;
			else this.micOn = false;
			this.notice = message;
		});
		socket.on('chat:message', (m) => {
			if (m.spaceId === this.room?.me.spaceId) this.chat = [...this.chat, m];
		});
	}

	async #join(): Promise<void> {
		const socket = this.#socket;
		if (!socket?.connected) return;
		let joined: JoinResponse;
		try {
			joined = await request(socket, 'room:join', this.#procedimentoId ? { procedimentoId: this.#procedimentoId } : {});
		} catch (error) {
			this.#fail(error instanceof Error ? error.message : String(error));
			socket.disconnect();
			return;
		}
		this.status = 'joined';
		this.notice = null;
		this.#onState(joined.state);
		if (!hasWebRtc()) {
			this.mediaWarning =
				'Questo browser non supporta le videochiamate (WebRTC): puoi seguire lo stato della stanza e la chat, ma non audio e video. Usa una versione recente di Chrome, Edge, Firefox o Safari.';
			return;
		}
		const media = new MediaSession(socket, joined, {
			onTrack: (peerId, source, track, paused) => this.#onTrack(peerId, source, track, paused)
		});
		this.#media = media;
		try {
			await media.start();
			await this.#publishLocal();
		} catch (error) {
			if (!media.closed)
				this.notice = error instanceof SfuRequestError ? error.message : 'Audio e video non disponibili: riprova tra poco.';
		}
	}

	async #publishLocal(): Promise<void> {
		const media = this.#media;
		if (!media || media.closed || !this.room?.me.canPublish || this.#publishing) return;
		this.#publishing = true;
		try {
			if (!this.#capturedOnce) {
				this.#capturedOnce = true;
				const local = await captureLocal();
				this.mediaWarning = local.warning;
				this.#localAudio = local.audio;
				this.localVideo = local.video;
				this.micOn = !!local.audio;
				this.camOn = !!local.video;
				this.devices = await listDevices();
			}
			if (this.#localAudio) await media.publish('mic', this.#localAudio, !this.micOn);
			if (this.localVideo && this.camOn) await media.publish('cam', this.localVideo);
			this.#speakingDetector.watch('me', this.#localAudio);
		} finally {
			this.#publishing = false;
		}
	}

	#onState(state: RoomState): void {
		const before = this.room;
		this.room = state;
		if (state.me.spaceId !== this.#chatSpace) {
			this.#chatSpace = state.me.spaceId;
			this.chat = [];
			if (state.me.spaceId && this.#socket) {
				const space = state.me.spaceId;
				request(this.#socket, 'chat:history', {}).then(
					(history) => {
						if (this.room?.me.spaceId === space) this.chat = history;
					},
					() => {}
				);
			}
		}
		if (state.me.canPublish && !before?.me.canPublish) void this.#publishLocal();
	}

	#onTrack(peerId: string, source: MediaSource, track: MediaStreamTrack | null, paused: boolean): void {
		const entry: RemoteMedia = { ...this.remote[peerId] };
		if (track) entry[source] = track;
		else delete entry[source];
		if (source === 'mic') entry.micPaused = paused;
		if (source === 'cam') entry.camPaused = paused;
		this.remote = { ...this.remote, [peerId]: entry };
		if (source === 'mic') this.#speakingDetector.watch(peerId, track);
	}

	#endMedia(): void {
		this.#media?.close();
		if (this.#media) this.#closedConsumers.push(...this.#media.closedConsumers);
		this.#media = null;
		this.remote = {};
		this.#stopScreenTrack();
	}

	#fail(message: string): void {
		this.status = 'failed';
		this.message = message;
	}

	// ---- local controls -------------------------------------------------------------------

	async toggleMic(): Promise<void> {
		if (!this.#media) return;
		if (!this.#localAudio) {
			try {
				this.#localAudio = await captureMicrophone(this.audioDeviceId || undefined);
			} catch {
				this.notice = 'Impossibile attivare il microfono: controlla i permessi del browser.';
				return;
			}
			await this.#media.publish('mic', this.#localAudio);
			this.micOn = true;
			return;
		}
		this.micOn = !this.micOn;
		await this.#media.setPaused('mic', !this.micOn).catch(() => {});
	}

	async toggleCam(): Promise<void> {
		if (!this.#media) return;
		if (this.camOn) {
			this.camOn = false;
			await this.#media.unpublish('cam');
			this.localVideo?.stop();
			this.localVideo = null;
			return;
		}
		try {
			this.localVideo = await captureCamera(this.videoDeviceId || undefined);
		} catch {
			this.notice = 'Impossibile attivare la videocamera: controlla i permessi del browser.';
			return;
		}
		this.camOn = true;
		await this.#media.publish('cam', this.localVideo);
	}

	async selectDevice(kind: 'audio' | 'video', deviceId: string): Promise<void> {
		if (kind === 'audio') {
			this.audioDeviceId = deviceId;
			const track = await captureMicrophone(deviceId || undefined);
			this.#localAudio?.stop();
			this.#localAudio = track;
			if (this.#media) await this.#media.publish('mic', track, !this.micOn);
			this.#speakingDetector.watch('me', track);
		} else {
			this.videoDeviceId = deviceId;
			if (!this.camOn) return;
			const track = await captureCamera(deviceId || undefined);
			this.localVideo?.stop();
			this.localVideo = track;
			if (this.#media) await this.#media.publish('cam', track);
		}
	}

	async toggleScreen(): Promise<void> {
		if (!this.#media) return;
		if (this.localScreen) {
			await this.#media.unpublish('screen');
			this.#stopScreenTrack();
			return;
		}
		let track: MediaStreamTrack;
		try {
			track = await captureScreen();
		} catch (error) {
			this.notice = error instanceof Error && error.name !== 'NotAllowedError' ? error.message : 'Condivisione dello schermo annullata.';
			return;
		}
		track.addEventListener('ended', () => {
			void this.#media?.unpublish('screen');
			this.#stopScreenTrack();
		});
		this.localScreen = track;
		try {
			await this.#media.publish('screen', track);
		} catch (error) {
			this.#stopScreenTrack();
			this.notice = error instanceof Error ? error.message : String(error);
		}
	}

	#stopScreenTrack(): void {
		this.localScreen?.stop();
		this.localScreen = null;
	}

	// ---- moderation and chat -----------------------------------------------------------------

	async #ask<T>(fn: (socket: SfuClientSocket) => Promise<T>): Promise<T | undefined> {
		if (!this.#socket) return undefined;
		try {
			return await fn(this.#socket);
		} catch (error) {
			this.notice = error instanceof Error ? error.message : String(error);
			return undefined;
		}
	}

	admit = (peerId: string) => this.#ask((s) => request(s, 'room:admit', { peerId }));
	refuse = (peerId: string) => this.#ask((s) => request(s, 'room:refuse', { peerId }));
	move = (peerId: string, spaceId: string | null) => this.#ask((s) => request(s, 'space:move', { peerId, spaceId }));
	createCaucus = (name: string, peerIds: string[]) => this.#ask((s) => request(s, 'space:create', { name, peerIds }));
	closeSpace = (spaceId: string) => this.#ask((s) => request(s, 'space:close', { spaceId }));
	setAutoAdmit = (enabled: boolean) => this.#ask((s) => request(s, 'room:setAutoAdmit', { enabled }));
	setPermissions = (peerId: string, change: { publish?: boolean; screen?: boolean }) =>
		this.#ask((s) => request(s, 'peer:setPermissions', { peerId, ...change }));
	sendChat = (text: string) => this.#ask((s) => request(s, 'chat:send', { text }));

	/** Test hooks and diagnostics: inbound bytes per consumer, plus the consumers already closed. */
	async stats(): Promise<{ live: ConsumerStat[]; closed: ConsumerStat[] }> {
		const live = (await this.#media?.consumerStats()) ?? [];
		return { live, closed: [...this.#closedConsumers, ...(this.#media?.closedConsumers ?? [])] };
	}

	leave(): void {
		const socket = this.#socket;
		if (socket?.connected) void request(socket, 'room:leave', {}).catch(() => {});
		this.#endMedia();
		this.#localAudio?.stop();
		this.localVideo?.stop();
		this.#localAudio = null;
		this.localVideo = null;
		this.#speakingDetector.close();
		socket?.disconnect();
		this.#socket = null;
		if (this.status !== 'failed') {
			this.status = 'ended';
			this.message ??= 'Hai lasciato la stanza.';
		}
	}
}
