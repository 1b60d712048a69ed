import { puliziaAccessi } from '#db/auth/jobs.ts';
import { avvisiScadenze } from '#db/agenda/jobs.ts';
import { backupGiornaliero, type BackupSettings } from '#db/backup/jobs.ts';
import type { AnyJobDefinition } from '#db/jobs/define.ts';
import { puliziaAttivita } from '#db/jobs/jobs.ts';

/**
 * Every background job of the product, in one list (see docs/modules.md, "Jobs"): a module
 * declares its definitions in `db/<modulo>/jobs.ts` and adds them here. The web process runs them
 * (server/main.ts, and the Vite plugin in development).
 */
export function jobCatalog(settings: { backup: BackupSettings }): AnyJobDefinition[] {
	return [puliziaAccessi, puliziaAttivita, avvisiScadenze, backupGiornaliero(settings.backup)];
}
