import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { contatori } from '../schema.ts';

export type Registro = 'procedimenti' | 'protocollo';

/** The transaction object drizzle passes to db.transaction callbacks. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Next progressive number of a register for an Organismo and year. Call it inside the IMMEDIATE
 * transaction that inserts the numbered row: SQLite serialises writers (across processes too), and
 * a rollback also rolls the counter back, so numbers have no gaps and no duplicates.
 */
export function nextNumber(tx: Tx | Db, organismoId: string, registro: Registro, anno: number): number {
	const row = tx
		.insert(contatori)
		.values({ organismoId, registro, anno, ultimo: 1 })
		.onConflictDoUpdate({
			target: [contatori.organismoId, contatori.registro, contatori.anno],
			set: { ultimo: sql`${contatori.ultimo} + 1` }
		})
		.returning({ ultimo: contatori.ultimo })
		.get();
	return row.ultimo;
}
