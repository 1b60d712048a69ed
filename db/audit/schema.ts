import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Append-only audit log, one hash chain per Organismo plus one platform chain (db/audit/repo.ts).
 * Each row's hash = SHA-256(prevHash of the same chain + canonical row content), so editing or
 * deleting a row breaks its own chain from that row on and no other. SQL triggers (migration 0001)
 * refuse UPDATE and DELETE.
 *
 * `chain` is null on the rows written before per-Organismo chains existed: they keep their original
 * hashes and verify as the deployment-wide legacy chain (verifyLegacyAuditChain); nothing is re-chained.
 */
export const auditLog = sqliteTable(
	'audit_log',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		at: text('at').notNull(),
		organismoId: text('organismo_id'),
		actorId: text('actor_id'),
		action: text('action').notNull(),
		entityType: text('entity_type'),
		entityId: text('entity_id'),
		details: text('details').notNull(),
		prevHash: text('prev_hash').notNull(),
		hash: text('hash').notNull().unique(),
		/** The chain the row belongs to: the Organismo's id, or 'platform'; null = legacy chain. */
		chain: text('chain'),
		/** Position in its chain (1, 2, …): shown instead of the deployment-wide id. */
		seq: integer('seq')
	},
	(t) => [uniqueIndex('audit_log_chain_seq_idx').on(t.chain, t.seq), index('audit_log_organismo_idx').on(t.organismoId, t.id)]
);
