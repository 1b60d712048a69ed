import { z } from 'zod';
import { defineJob } from './define.ts';
import { pruneJobs } from './repo.ts';

const DAY = 24 * 3600_000;

/** Daily: finished jobs after 30 days, failed ones after 90 (they stay visible on /admin/attivita until then). */
export const puliziaAttivita = defineJob({
	kind: 'jobs.pulizia',
	title: 'Pulizia delle attività concluse',
	payload: z.object({}),
	schedule: { cron: '40 3 * * *', payload: {}, catchUpMs: DAY },
	run({ db }) {
		const now = Date.now();
		return { eliminate: pruneJobs(db, { doneBefore: new Date(now - 30 * DAY), failedBefore: new Date(now - 90 * DAY) }) };
	}
});
