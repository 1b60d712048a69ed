import { z } from 'zod';
import { defineJob } from '../jobs/define.ts';
import { pruneLoginAttempts } from './rate-limit.ts';
import { deleteExpiredSessions } from './session.ts';

/** Hourly: login attempts older than a day (the rate limiter looks back 15 minutes) and expired sessions. */
export const puliziaAccessi = defineJob({
	kind: 'auth.pulizia',
	title: 'Pulizia tentativi di accesso e sessioni scadute',
	payload: z.object({}),
	schedule: { cron: '17 * * * *', payload: {}, catchUpMs: 3600_000 },
	run({ db }) {
		return { tentativi: pruneLoginAttempts(db), sessioni: deleteExpiredSessions(db) };
	}
});
