import type { Consumer, Producer, Router, Transport, Worker } from 'mediasoup/types';

/** Live mediasoup objects, counted from their observer events (leaks show up as numbers that never fall). */
export interface MediaObjectCounts {
	workers: number;
	routers: number;
	transports: number;
	producers: number;
	consumers: number;
}

/**
 * Counts the mediasoup objects under the workers it is given: each object is counted on its
 * parent's observer `new*` event and uncounted on its own observer `close` (mediasoup emits that
 * one for every way an object ends: close(), parent closed, worker died, producer closed).
 * Scoped to the workers passed to track(), so several SFUs in one process (tests) do not mix.
 */
export class MediaObjectCounter {
	#counts: MediaObjectCounts = { workers: 0, routers: 0, transports: 0, producers: 0, consumers: 0 };

	snapshot(): MediaObjectCounts {
		return { ...this.#counts };
	}

	track(worker: Worker): void {
		if (worker.closed) return;
		this.#count('workers', worker.observer);
		worker.observer.on('newrouter', (router) => this.#trackRouter(router));
	}

	#trackRouter(router: Router): void {
		this.#count('routers', router.observer);
		router.observer.on('newtransport', (transport) => this.#trackTransport(transport));
	}

	#trackTransport(transport: Transport): void {
		this.#count('transports', transport.observer);
		transport.observer.on('newproducer', (producer: Producer) => this.#count('producers', producer.observer));
		transport.observer.on('newconsumer', (consumer: Consumer) => this.#count('consumers', consumer.observer));
	}

	#count(kind: keyof MediaObjectCounts, observer: { once(event: 'close', listener: () => void): unknown }): void {
		this.#counts[kind] += 1;
		observer.once('close', () => {
			this.#counts[kind] -= 1;
		});
	}
}
