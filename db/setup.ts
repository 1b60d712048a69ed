import type { Db } from './client.ts';
import { migrateDb } from './migrate.ts';
import { organismi } from './schema.ts';
import { ensureReferenceData } from './organismi/reference-data.ts';
import { seedDemoIfEmpty } from './seed.ts';
import { ensureMediatori } from './mediatori/registry.ts';
import { ensureSearchIndex } from './procedimenti/search.ts';

/** Startup of any process that owns the database: migrations, reference data, demo seed. */
export async function prepareDatabase(db: Db, opts: { seedDemo: boolean }): Promise<{ seeded: boolean }> {
	migrateDb(db);
	const seeded = opts.seedDemo ? await seedDemoIfEmpty(db) : false;
	for (const o of db.select({ id: organismi.id }).from(organismi).all()) {
		ensureReferenceData(db, o.id);
		ensureMediatori(db, o.id); // a registry row for every user with the mediatore role
	}
	ensureSearchIndex(db);
	// Planner statistics for new or much-grown tables and indexes (a fresh index without them made
	// the registry list choose a sort over 100k rows: 0.2 ms became 165 ms). SQLite's recommended
	// start-up call; it does nothing when the statistics are current.
	db.$client.pragma('optimize=0x10002');
	return { seeded };
}
