import { MEDIA_CODECS } from '../codecs.ts';
import type { SfuConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import type { PoolWorker, WorkerPool } from '../workers.ts';
import { Room } from './Room.ts';

export interface StanzaFacts {
	stanzaId: string;
	procedimentoId: string;
	/** The case's Organismo: the per-Organismo live counts of its amministratore. */
	organismoId: string;
	capacity: number;
	autoAdmit: boolean;
	expiresAt: number;
}

export interface RoomRegistryOptions {
	pool: WorkerPool;
	config: Pick<SfuConfig, 'listenIp' | 'announcedAddress'>;
	log: Logger;
	/** How long an empty room keeps its router before closing (default 60 s). */
	emptyRoomGraceMs?: number;
}

/**
 * The live rooms, one per stanza. getOrCreate() is serialised per stanza id (two first joiners
 * never create two routers); an empty room closes after a grace period; rooms on a dead worker
 * close and tell their clients to rejoin (the router's 'workerclose' does it; the pool's
 * 'workerdied' is a second net).
 */
export class RoomRegistry {
	readonly rooms = new Map<string, Room>();
	#creating = new Map<string, Promise<Room>>();
	#emptyTimers = new Map<string, NodeJS.Timeout>();
	#pool: WorkerPool;
	#config: RoomRegistryOptions['config'];
	#log: Logger;
	#graceMs: number;
	#roomWorker = new Map<Room, PoolWorker>();
	#closed = false;

	constructor(options: RoomRegistryOptions) {
		this.#pool = options.pool;
		this.#config = options.config;
		this.#log = options.log;
		this.#graceMs = options.emptyRoomGraceMs ?? 60_000;
		this.#pool.on('workerdied', (worker) => {
			for (const [room, w] of this.#roomWorker) {
				if (w === worker)
					room.close({ reason: 'worker_died', rejoin: true, message: 'Il servizio audio/video si è riavviato: rientro nella stanza…' });
			}
		});
	}

	get peerCount(): number {
		let n = 0;
		for (const room of this.rooms.values()) n += room.peers.size;
		return n;
	}

	async getOrCreate(facts: StanzaFacts): Promise<Room> {
		const existing = this.rooms.get(facts.stanzaId);
		if (existing && !existing.closed) {
			this.#cancelEmptyTimer(facts.stanzaId);
			existing.capacity = facts.capacity;
			existing.expiresAt = facts.expiresAt;
			return existing;
		}
		let creating = this.#creating.get(facts.stanzaId);
		if (!creating) {
			creating = this.#create(facts).finally(() => this.#creating.delete(facts.stanzaId));
			this.#creating.set(facts.stanzaId, creating);
		}
		return creating;
	}

	async #create(facts: StanzaFacts): Promise<Room> {
		if (this.#closed) throw new Error('registry closed');
		const worker = this.#pool.next();
		const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
		const room = new Room({
			...facts,
			router,
			network: { listenIp: this.#config.listenIp, announcedAddress: this.#config.announcedAddress, portRange: worker.appData.portRange },
			log: this.#log
		});
		this.rooms.set(facts.stanzaId, room);
		this.#roomWorker.set(room, worker);
		room.on('empty', () => this.#scheduleEmptyClose(room));
		room.once('close', () => {
			this.#cancelEmptyTimer(room.stanzaId);
			this.#roomWorker.delete(room);
			if (this.rooms.get(room.stanzaId) === room) this.rooms.delete(room.stanzaId);
		});
		return room;
	}

	#scheduleEmptyClose(room: Room): void {
		this.#cancelEmptyTimer(room.stanzaId);
		const timer = setTimeout(() => {
			this.#emptyTimers.delete(room.stanzaId);
			if (room.peers.size === 0) room.close();
		}, this.#graceMs);
		timer.unref();
		this.#emptyTimers.set(room.stanzaId, timer);
	}

	#cancelEmptyTimer(stanzaId: string): void {
		const timer = this.#emptyTimers.get(stanzaId);
		if (timer) clearTimeout(timer);
		this.#emptyTimers.delete(stanzaId);
	}

	/** Closes every room (shutdown). */
	close(): void {
		this.#closed = true;
		for (const room of [...this.rooms.values()]) room.close({ reason: 'closed', rejoin: false, message: 'Il server è in manutenzione.' });
	}
}
