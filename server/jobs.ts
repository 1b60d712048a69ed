import { puliziaAccessi } from '#db/auth/jobs.ts';
import { avvisiScadenze } from '#db/agenda/jobs.ts';
import { backupGiornaliero, type BackupSettings } from '#db/backup/jobs.ts';
import { comunicazioniJobs, type MailJobSettings } from '#db/comunicazioni/jobs.ts';
import type { AnyJobDefinition } from '#db/jobs/define.ts';
import { puliziaAttivita } from '#db/jobs/jobs.ts';
import { sollecitiFirma } from '#db/firma/jobs.ts';

/**
 * Every background job of the product, in one list (see docs/modules.md, "Jobs"): a module
 * declares its definitions in `db/<modulo>/jobs.ts` and adds them here. The web process runs them
 * (server/runtime.ts: `npm start` and `npm run dev` alike) unless ACCORDO_JOBS=off.
 */
export function jobCatalog(settings: {
	backup: BackupSettings;
	mail?: MailJobSettings;
	origin?: string | null;
	guestLinkSecret?: string;
}): AnyJobDefinition[] {
	return [
		puliziaAccessi,
		puliziaAttivita,
		avvisiScadenze,
		backupGiornaliero(settings.backup),
		...comunicazioniJobs({ mail: settings.mail ?? { credentialsKey: null, pollMs: 60_000 } }),
		sollecitiFirma({ origin: settings.origin ?? null, linkSecret: settings.guestLinkSecret })
	];
}
