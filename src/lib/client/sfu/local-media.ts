/** Browser capabilities and local capture, with Italian explanations of what went wrong. */

export function hasWebRtc(): boolean {
	return typeof window !== 'undefined' && typeof RTCPeerConnection !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;
}

export interface LocalCapture {
	audio: MediaStreamTrack | null;
	video: MediaStreamTrack | null;
	/** Why something is missing (null when both are there). */
	warning: string | null;
}

function explain(error: unknown): string {
	const name = error instanceof DOMException ? error.name : '';
	if (name === 'NotAllowedError' || name === 'SecurityError')
		return 'Non hai concesso il permesso di usare microfono o videocamera: puoi partecipare in ascolto. Per attivarli, consenti l’accesso dalle impostazioni del browser (icona accanto all’indirizzo) e ricarica la pagina.';
	if (name === 'NotFoundError' || name === 'OverconstrainedError')
		return 'Nessun microfono o videocamera trovati su questo dispositivo: puoi partecipare in ascolto.';
	if (name === 'NotReadableError') return 'Microfono o videocamera sono già in uso da un’altra applicazione.';
	return 'Impossibile attivare microfono o videocamera: puoi partecipare in ascolto.';
}

/** 360p at 15 fps is plenty for a mediation; automated tests (localStorage "accordo:test") use less CPU. */
export const VIDEO_CONSTRAINTS: MediaTrackConstraints =
	typeof localStorage !== 'undefined' && localStorage.getItem('accordo:test') === '1'
		? { width: { ideal: 320 }, height: { ideal: 180 }, frameRate: { ideal: 10, max: 10 } }
		: { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 15, max: 24 } };

/** Tries audio+video, then audio only, then nothing; never throws. */
export async function captureLocal(opts: { audioDeviceId?: string; videoDeviceId?: string; video?: boolean } = {}): Promise<LocalCapture> {
	if (!hasWebRtc())
		return {
			audio: null,
			video: null,
			warning: 'Questo browser non supporta le videochiamate (WebRTC): usa una versione recente di Chrome, Edge, Firefox o Safari.'
		};
	const audio: MediaTrackConstraints | boolean = opts.audioDeviceId ? { deviceId: { exact: opts.audioDeviceId } } : true;
	const video: MediaTrackConstraints | false =
		opts.video === false ? false : { ...VIDEO_CONSTRAINTS, ...(opts.videoDeviceId ? { deviceId: { exact: opts.videoDeviceId } } : {}) };
	try {
		const stream = await navigator.mediaDevices.getUserMedia({ audio, video });
		return { audio: stream.getAudioTracks()[0] ?? null, video: stream.getVideoTracks()[0] ?? null, warning: null };
	} catch (first) {
		if (video === false) return { audio: null, video: null, warning: explain(first) };
		try {
			const stream = await navigator.mediaDevices.getUserMedia({ audio, video: false });
			return { audio: stream.getAudioTracks()[0] ?? null, video: null, warning: `${explain(first)} Partecipi solo con l’audio.` };
		} catch (second) {
			return { audio: null, video: null, warning: explain(second) };
		}
	}
}

export async function captureCamera(deviceId?: string): Promise<MediaStreamTrack> {
	const stream = await navigator.mediaDevices.getUserMedia({
		video: { ...VIDEO_CONSTRAINTS, ...(deviceId ? { deviceId: { exact: deviceId } } : {}) }
	});
	return stream.getVideoTracks()[0];
}

export async function captureMicrophone(deviceId?: string): Promise<MediaStreamTrack> {
	const stream = await navigator.mediaDevices.getUserMedia({ audio: deviceId ? { deviceId: { exact: deviceId } } : true });
	return stream.getAudioTracks()[0];
}

/**
 * The screen (getDisplayMedia). In automated tests (localStorage "accordo:fake-screen" = "1"),
 * headless Chromium has no screen to pick, so a canvas animation stands in for it.
 */
export async function captureScreen(): Promise<MediaStreamTrack> {
	if (localStorage.getItem('accordo:fake-screen') === '1') return canvasTrack();
	if (!navigator.mediaDevices?.getDisplayMedia) throw new Error('Questo browser non consente di condividere lo schermo.');
	const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 10, max: 15 } }, audio: false });
	return stream.getVideoTracks()[0];
}

function canvasTrack(): MediaStreamTrack {
	const canvas = document.createElement('canvas');
	canvas.width = 640;
	canvas.height = 360;
	const g = canvas.getContext('2d')!;
	let frame = 0;
	const timer = setInterval(() => {
		frame += 1;
		g.fillStyle = '#0b3d91';
		g.fillRect(0, 0, canvas.width, canvas.height);
		g.fillStyle = '#fff';
		g.font = '32px sans-serif';
		g.fillText(`Schermo di prova ${frame}`, 40, 180);
	}, 100);
	const track = canvas.captureStream(10).getVideoTracks()[0];
	track.addEventListener('ended', () => clearInterval(timer));
	const stop = track.stop.bind(track);
	track.stop = () => {
		clearInterval(timer);
		stop();
	};
	return track;
}

export async function listDevices(): Promise<{ audio: MediaDeviceInfo[]; video: MediaDeviceInfo[] }> {
	if (!navigator.mediaDevices?.enumerateDevices) return { audio: [], video: [] };
	const all = await navigator.mediaDevices.enumerateDevices();
	return { audio: all.filter((d) => d.kind === 'audioinput'), video: all.filter((d) => d.kind === 'videoinput') };
}
