/** Voice activity from audio tracks (WebAudio analysers), polled a few times per second. */
export class SpeakingDetector {
	#context: AudioContext | null = null;
	#analysers = new Map<string, { analyser: AnalyserNode; source: MediaStreamAudioSourceNode; trackId: string }>();
	#timer: ReturnType<typeof setInterval> | null = null;
	#onChange: (speaking: Set<string>) => void;
	#last = '';

	constructor(onChange: (speaking: Set<string>) => void) {
		this.#onChange = onChange;
	}

	/** Watches `track` under `key` (a peer id, or 'me'); null stops watching. */
	watch(key: string, track: MediaStreamTrack | null): void {
		const current = this.#analysers.get(key);
		if (current && current.trackId === track?.id) return;
		if (current) {
			current.source.disconnect();
			this.#analysers.delete(key);
		}
		if (!track || typeof AudioContext === 'undefined') return;
		this.#context ??= new AudioContext();
		const source = this.#context.createMediaStreamSource(new MediaStream([track]));
		const analyser = this.#context.createAnalyser();
		analyser.fftSize = 512;
		source.connect(analyser);
		this.#analysers.set(key, { analyser, source, trackId: track.id });
		this.#timer ??= setInterval(() => this.#poll(), 250);
	}

	#poll(): void {
		const speaking = new Set<string>();
		const buf = new Uint8Array(512);
		for (const [key, { analyser }] of this.#analysers) {
			analyser.getByteTimeDomainData(buf);
			let sum = 0;
			for (const v of buf) sum += (v - 128) * (v - 128);
			if (Math.sqrt(sum / buf.length) > 6) speaking.add(key);
		}
		const signature = [...speaking].sort().join(',');
		if (signature !== this.#last) {
			this.#last = signature;
			this.#onChange(speaking);
		}
	}

	close(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
		for (const { source } of this.#analysers.values()) source.disconnect();
		this.#analysers.clear();
		void this.#context?.close().catch(() => {});
		this.#context = null;
	}
}
