// Worker thread of bench:collab: the editors of some documents, typing at a human pace. Each
// document's editors live in one worker, so a keystroke's latency is measured with one clock
// (sender's performance.now() stamp in the document, read by the other editors). Several workers
// keep one client event loop from standing in for 250 people's devices.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import * as Y from 'yjs';
import { VERBALE_FIELD } from '../../db/verbali/editor-schema.ts';
import { connect } from './collab-client.ts';

export interface EditorsJob {
	port: number;
	names: string[];
	cookies: string[];
	editors: number;
	cps: number;
	seconds: number;
}
export interface EditorsResult {
	latencies: Float64Array;
	typed: number;
	loopP99: number;
}

const job = workerData as EditorsJob;
process.setMaxListeners(0); // every provider adds an exit listener
const clients = job.names.flatMap((name) =>
	Array.from({ length: job.editors }, (_, e) => ({ name, ...connect(job.port, name, job.cookies[e % job.cookies.length]) }))
);
await Promise.all(clients.map((c) => c.synced));
const latencies: number[] = [];
for (const c of clients) {
	const stamps = c.doc.getMap<number>('bench');
	stamps.observe((event, tx) => {
		if (tx.local) return;
		const now = performance.now();
		for (const key of event.keysChanged) latencies.push(now - (stamps.get(key) ?? now));
	});
}
const paragraphs = clients.map((c) => {
	const p = new Y.XmlElement('paragraph');
	const text = new Y.XmlText();
	p.insert(0, [text]);
	c.doc.getXmlFragment(VERBALE_FIELD).insert(c.doc.getXmlFragment(VERBALE_FIELD).length, [p]);
	return text;
});
parentPort!.postMessage({ type: 'ready' });
await new Promise<void>((resolve) => parentPort!.once('message', () => resolve()));
latencies.length = 0;

const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
let typed = 0;
const intervals: ReturnType<typeof setInterval>[] = [];
const starts = clients.map((c, i) =>
	setTimeout(
		() => {
			intervals.push(
				setInterval(() => {
					c.doc.transact(() => {
						paragraphs[i].insert(paragraphs[i].length, 'abcde'[typed % 5]);
						c.doc.getMap<number>('bench').set(String(c.doc.clientID), performance.now());
					});
					typed++;
				}, 1000 / job.cps)
			);
		},
		Math.random() * (1000 / job.cps)
	)
);
await new Promise((r) => setTimeout(r, job.seconds * 1000));
for (const t of starts) clearTimeout(t);
for (const t of intervals) clearInterval(t);
await new Promise((r) => setTimeout(r, 300)); // the last keystrokes arrive
loop.disable();
for (const c of clients) c.provider.destroy();
const result: EditorsResult = { latencies: Float64Array.from(latencies), typed, loopP99: loop.percentile(99) / 1e6 };
parentPort!.postMessage({ type: 'done', result });
