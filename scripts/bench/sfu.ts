// SFU forwarding benchmark (npm run bench:sfu; not a test). One mediasoup worker (one core),
// rooms of 5 peers (mediator + 4) each publishing opus (50 pkt/s) and VP8 (100 pkt/s, ~600 kbps)
// from a Node RTP sender over PlainTransports; every peer consumes the other four (8 consumers per
// peer, 40 per room) through a PlainTransport that sends to a UDP sink in this process, which
// counts packets and reads the send time stamped in each payload. Rooms are added until the worker
// uses more than 85% of a core or loss exceeds 1% (or the room/time bounds). 127.0.0.1 only.
// The RTP sender and the UDP sinks run in their own threads so the bench process is not the bottleneck.
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { isMainThread, parentPort, Worker as Thread, workerData } from 'node:worker_threads';
import * as mediasoup from 'mediasoup';
import type { PlainTransport, Router, Worker } from 'mediasoup/types';
import { MEDIA_CODECS } from '#sfu/codecs.ts';
import { percentile } from './lib.ts';

const PEERS_PER_ROOM = 5;
const MAX_ROOMS = Number(process.env.BENCH_MAX_ROOMS ?? 40);
const ROOMS_PER_STEP = Number(process.env.BENCH_ROOMS_PER_STEP ?? 2);
const WARMUP_MS = 2500;
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 4000);
const TIME_LIMIT_MS = Number(process.env.BENCH_TIME_LIMIT_MS ?? 240_000);
const TICK_MS = 20;
const VIDEO_PACKETS_PER_TICK = 2; // 100 pkt/s
const VIDEO_PAYLOAD = 750; // 100 x 750 B x 8 = 600 kbps
const AUDIO_PAYLOAD = 120;
const KEYFRAME_EVERY_TICKS = 50; // 1 s
const PORTS = { min: 42000, max: 42999 };
const CPU_LIMIT = 0.85;
const LOSS_LIMIT = 0.01;
const PUBLISHED_CONSUMERS_PER_WORKER = 500;

const CLK_TCK = 100;
function workerCpuSeconds(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime + stime
}
function workerRssMb(pid: number): number {
	const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return m ? Number(m[1]) / 1024 : NaN;
}

interface Stream {
	ssrc: number;
	pt: number;
	kind: 'audio' | 'video';
	seq: number;
	ts: number;
	tick: number;
	port: number;
	sent: number;
	/** Consumers of this stream (each sent packet is expected once per consumer). */
	fanout: number;
}

let ssrcSeq = 10_000;

function rtpPacket(s: Stream, marker: boolean, payload: Buffer): Buffer {
	const packet = Buffer.allocUnsafe(12 + payload.length);
	packet[0] = 0x80;
	packet[1] = (marker ? 0x80 : 0) | s.pt;
	packet.writeUInt16BE(s.seq & 0xffff, 2);
	packet.writeUInt32BE(s.ts >>> 0, 4);
	packet.writeUInt32BE(s.ssrc, 8);
	payload.copy(packet, 12);
	s.seq += 1;
	return packet;
}

/** VP8 payload: descriptor with a 15-bit PictureID, then the VP8 header (keyframe when P=0). */
function vp8Payload(picture: number, keyframe: boolean, start: boolean): Buffer {
	const p = Buffer.alloc(VIDEO_PAYLOAD);
	p[0] = start ? 0x90 : 0x80; // X=1, S=start, PID=0
	p[1] = 0x80; // I: PictureID present
	p.writeUInt16BE(0x8000 | (picture & 0x7fff), 2);
	if (start) {
		p[4] = keyframe ? 0x10 : 0x11; // show_frame, P bit
		p[5] = 0x00;
		p[6] = 0x00;
		if (keyframe) {
			p[7] = 0x9d;
			p[8] = 0x01;
			p[9] = 0x2a;
			p.writeUInt16LE(320, 10);
			p.writeUInt16LE(180, 12);
		}
	}
	p.writeBigUInt64BE(process.hrtime.bigint(), VIDEO_PAYLOAD - 8);
	return p;
}

function opusPayload(): Buffer {
	const p = Buffer.alloc(AUDIO_PAYLOAD, 0xf8);
	p.writeBigUInt64BE(process.hrtime.bigint(), AUDIO_PAYLOAD - 8);
	return p;
}

const SINK_THREADS = Number(process.env.BENCH_SINK_THREADS ?? 2);

/** Sink thread: counts RTP packets and samples the forwarding delay stamped in each payload. */
function runSink(): void {
	const socket = createSocket({ type: 'udp4', recvBufferSize: 32 * 1024 * 1024 });
	let received = 0;
	let delaysUs: number[] = [];
	socket.on('message', (msg) => {
		// Only media packets (consumer PTs: opus 100, VP8 101): not RTCP, RTX retransmissions or padding probes.
		const pt = msg[1] & 0x7f;
		if (msg.length < 20 || (pt !== 100 && pt !== 101) || msg[0] & 0x20) return;
		received += 1;
		if ((received & 3) === 0 && delaysUs.length < 200_000)
			delaysUs.push(Number(process.hrtime.bigint() - msg.readBigUInt64BE(msg.length - 8)) / 1000);
	});
	socket.bind(0, '127.0.0.1', () => parentPort!.postMessage({ port: socket.address().port }));
	parentPort!.on('message', (m: string) => {
		if (m === 'reset') {
			received = 0;
			delaysUs = [];
			parentPort!.postMessage({ reset: true });
		} else if (m === 'report') parentPort!.postMessage({ received, delaysUs });
		else if (m === 'stop') socket.close();
	});
}

/** Sender thread: paces every stream from a 20 ms ticker; reports packets sent per stream. */
function runSender(): void {
	const socket = createSocket({ type: 'udp4', sendBufferSize: 32 * 1024 * 1024 });
	const streams: Stream[] = [];
	socket.bind(0, '127.0.0.1', () => parentPort!.postMessage({ ready: true }));
	const timer = setInterval(() => sendTick(socket, streams), TICK_MS);
	parentPort!.on('message', (m: { add?: Stream[]; snapshot?: boolean; stop?: boolean }) => {
		if (m.add) streams.push(...m.add);
		if (m.snapshot) parentPort!.postMessage({ sent: streams.map((st) => [st.ssrc, st.sent]) });
		if (m.stop) {
			clearInterval(timer);
			socket.close();
		}
	});
}

function ask<T>(thread: Thread, message: unknown): Promise<T> {
	return new Promise((resolve) => {
		thread.once('message', resolve);
		thread.postMessage(message);
	});
}

async function addRoom(router: Router, sinkPorts: number[], streams: Stream[]): Promise<Stream[]> {
	const listenInfo = { protocol: 'udp' as const, ip: '127.0.0.1', portRange: PORTS };
	const peers: { producers: { id: string; stream: Stream }[]; recv: PlainTransport }[] = [];
	for (let i = 0; i < PEERS_PER_ROOM; i++) {
		const send = await router.createPlainTransport({ listenInfo, rtcpMux: true, comedia: true });
		const recv = await router.createPlainTransport({ listenInfo, rtcpMux: true, comedia: false });
		await recv.connect({ ip: '127.0.0.1', port: sinkPorts[(streams.length / 2 + i) % sinkPorts.length] });
		const producers = [];
		for (const kind of ['audio', 'video'] as const) {
			const stream: Stream = {
				ssrc: ++ssrcSeq,
				pt: kind === 'audio' ? 100 : 101,
				kind,
				seq: 1,
				ts: 0,
				tick: 0,
				port: send.tuple.localPort,
				sent: 0,
				fanout: 0
			};
			const producer = await send.produce({
				kind,
				rtpParameters: {
					codecs: [
						kind === 'audio'
							? { mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }
							: { mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }
					],
					encodings: [{ ssrc: stream.ssrc }]
				}
			});
			producers.push({ id: producer.id, stream });
		}
		peers.push({ producers, recv });
	}
	for (const consumer of peers) {
		for (const producerPeer of peers) {
			if (producerPeer === consumer) continue;
			for (const { id, stream } of producerPeer.producers) {
				await consumer.recv.consume({ producerId: id, rtpCapabilities: router.rtpCapabilities, paused: false });
				stream.fanout += 1;
			}
		}
	}
	const added = peers.flatMap((p) => p.producers.map(({ stream }) => stream));
	streams.push(...added);
	return added;
}

function sendTick(sender: Socket, streams: Stream[]): void {
	for (const s of streams) {
		s.tick += 1;
		if (s.kind === 'audio') {
			s.ts += 960;
			sender.send(rtpPacket(s, true, opusPayload()), s.port, '127.0.0.1');
			s.sent += 1;
		} else {
			s.ts += 1800;
			const keyframe = s.tick % KEYFRAME_EVERY_TICKS === 1;
			for (let k = 0; k < VIDEO_PACKETS_PER_TICK; k++) {
				sender.send(rtpPacket(s, k === VIDEO_PACKETS_PER_TICK - 1, vp8Payload(s.tick, keyframe, k === 0)), s.port, '127.0.0.1');
				s.sent += 1;
			}
		}
	}
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
	const started = Date.now();
	const worker: Worker = await mediasoup.createWorker({ logLevel: 'error' });
	const self = new URL(import.meta.url);
	const sinks = Array.from({ length: SINK_THREADS }, () => new Thread(self, { workerData: { role: 'sink' } }));
	const sinkPorts = await Promise.all(sinks.map((t) => new Promise<number>((r) => t.once('message', (m: { port: number }) => r(m.port)))));
	const sender = new Thread(self, { workerData: { role: 'sender' } });
	await new Promise((r) => sender.once('message', r));
	const streams: Stream[] = [];
	const routers: Router[] = [];
	let peakRss = 0;
	const rows: Record<string, string | number>[] = [];
	let best: { consumers: number; loss: number; cpu: number } | null = null;
	let stopReason = `reached ${MAX_ROOMS} rooms`;
	const sentCounts = async () => new Map((await ask<{ sent: [number, number][] }>(sender, { snapshot: true })).sent);

	console.log(
		`bench:sfu — worker pid ${worker.pid}, rooms of ${PEERS_PER_ROOM} (audio 50 pkt/s + VP8 100 pkt/s each), ` +
			`step ${ROOMS_PER_STEP} room(s), ${SINK_THREADS} sink thread(s) + 1 sender thread`
	);
	while (routers.length < MAX_ROOMS) {
		if (Date.now() - started > TIME_LIMIT_MS) {
			stopReason = 'time limit';
			break;
		}
		for (let i = 0; i < ROOMS_PER_STEP && routers.length < MAX_ROOMS; i++) {
			const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
			routers.push(router);
			sender.postMessage({ add: await addRoom(router, sinkPorts, streams) });
		}
		await sleep(WARMUP_MS);
		await Promise.all(sinks.map((t) => ask(t, 'reset')));
		const sentBefore = await sentCounts();
		const cpuBefore = workerCpuSeconds(worker.pid);
		const t0 = process.hrtime.bigint();
		await sleep(MEASURE_MS);
		const sentAfter = await sentCounts();
		const cpu = (workerCpuSeconds(worker.pid) - cpuBefore) / (Number(process.hrtime.bigint() - t0) / 1e9);
		await sleep(150); // let in-flight packets land
		const reports = await Promise.all(sinks.map((t) => ask<{ received: number; delaysUs: number[] }>(t, 'report')));
		const elapsed = MEASURE_MS / 1000;
		const expected = streams.reduce((sum, st) => sum + ((sentAfter.get(st.ssrc) ?? 0) - (sentBefore.get(st.ssrc) ?? 0)) * st.fanout, 0);
		const sentIn = streams.reduce((sum, st) => sum + ((sentAfter.get(st.ssrc) ?? 0) - (sentBefore.get(st.ssrc) ?? 0)), 0);
		const received = reports.reduce((n, r) => n + r.received, 0);
		const rss = workerRssMb(worker.pid);
		peakRss = Math.max(peakRss, rss);
		const loss = Math.max(0, 1 - received / expected);
		const delays = reports.flatMap((r) => r.delaysUs).sort((a, b) => a - b);
		const consumers = streams.reduce((n, st) => n + st.fanout, 0);
		const row = {
			rooms: routers.length,
			consumers,
			'in pkt/s': Math.round(sentIn / elapsed),
			'fwd pkt/s': Math.round(received / elapsed),
			'cpu %': Math.round(cpu * 1000) / 10,
			'loss %': Math.round(loss * 10000) / 100,
			'p50 ms': Math.round(percentile(delays, 50) / 10) / 100,
			'p99 ms': Math.round(percentile(delays, 99) / 10) / 100,
			'rss MB': Math.round(rss)
		};
		rows.push(row);
		console.log(JSON.stringify(row));
		if (loss <= LOSS_LIMIT && cpu <= CPU_LIMIT) best = { consumers, loss, cpu };
		if (cpu > CPU_LIMIT) {
			stopReason = `worker CPU ${row['cpu %']}% > 85%`;
			break;
		}
		if (loss > LOSS_LIMIT) {
			stopReason = `loss ${row['loss %']}% > 1%`;
			break;
		}
	}
	sender.postMessage({ stop: true });
	for (const t of sinks) t.postMessage('stop');
	console.table(rows);
	const peakConsumers = best?.consumers ?? 0;
	console.log(`stopped: ${stopReason}`);
	console.log(
		`max consumers on one worker at < 1% loss and <= 85% CPU: ${peakConsumers} ` +
			`(${(peakConsumers / PUBLISHED_CONSUMERS_PER_WORKER).toFixed(2)} x mediasoup's published ~500 per worker); ` +
			`target >= 600: ${peakConsumers >= 600 ? 'MET' : 'NOT MET'}`
	);
	console.log(`peak worker RSS: ${Math.round(peakRss)} MB. Delays (sampled 1 in 4) include the sink threads' event-loop latency.`);
	for (const r of routers) r.close();
	worker.close();
	await sleep(200);
	await Promise.all([sender, ...sinks].map((t) => t.terminate()));
}

if (isMainThread) {
	main().catch((error: unknown) => {
		console.error('bench:sfu failed:', error);
		process.exit(1);
	});
} else if ((workerData as { role: string }).role === 'sink') runSink();
else runSender();
