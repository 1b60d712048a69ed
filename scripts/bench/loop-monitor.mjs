// Preloaded by bench scripts into the server under test (node --import): on SIGUSR2 it writes
// the event-loop delay since the previous SIGUSR2 (or the start) as one line on stderr, then
// starts over. The delay of the server's loop is the server's share of any message's latency.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 1 });
histogram.enable();
process.on('SIGUSR2', () => {
	const ms = (ns) => Math.round(ns / 1e4) / 100;
	const report = { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) };
	process.stderr.write(`[loop-delay] ${JSON.stringify(report)}\n`);
	histogram.reset();
});
