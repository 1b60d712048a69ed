import { canViewServerStats, userActor } from '#db/access/index.ts';
import type { SfuStats } from '#protocol/signalling.ts';
import { StatsRequestSchema } from '#protocol/signalling.schemas.ts';
import { defineHandler, SfuError } from '../handler.ts';

/** `stats` -> live counters of this SFU; administrators only. */
export function createStatsHandler(stats: () => SfuStats) {
	return defineHandler('stats', StatsRequestSchema, (_input, { user }) => {
		if (!user || !canViewServerStats(userActor(user))) throw new SfuError('forbidden');
		return stats();
	});
}
