import { canViewServerStats, userActor } from '#db/access/index.ts';
import type { SfuStats } from '#protocol/signalling.ts';
import { StatsRequestSchema } from '#protocol/signalling.schemas.ts';
import { defineHandler, SfuError } from '../handler.ts';

/**
 * `stats` -> live counters of this SFU for the caller's Organismo (its rooms, connections and media
 * objects, never another Organismo's activity); its amministratore only. The installation-wide
 * counters are the platform operator's (/piattaforma, /healthz).
 */
export function createStatsHandler(stats: (organismoId: string) => SfuStats) {
	return defineHandler('stats', StatsRequestSchema, (_input, { user }) => {
		if (!user || !canViewServerStats(userActor(user))) throw new SfuError('forbidden');
		return stats(user.organismoId);
	});
}
