import type { AvvisiDeps } from '#db/portale/avvisi.ts';
import { fileStoreFor } from '#db/documents/storage.ts';
import { appRuntime } from './runtime';

/** Notices of the portals: the database, the files and the public origin for links in e-mails (ORIGIN, else the request's). */
export function avvisiDeps(origin: string): AvvisiDeps {
	const { db, config } = appRuntime();
	return { db, store: fileStoreFor(db), origin: config.origin ?? origin };
}
