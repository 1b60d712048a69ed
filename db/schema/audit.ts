import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Append-only audit log. Each row's hash = SHA-256(prevHash + canonical row content), so editing or
 * deleting any row breaks the chain from that row on (db/audit.ts verifyAuditChain). SQL triggers
 * (migration 0001) also refuse UPDATE and DELETE.
 */
export const auditLog = sqliteTable('audit_log', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	at: text('at').notNull(),
	organismoId: text('organismo_id'),
	actorId: text('actor_id'),
	action: text('action').notNull(),
	entityType: text('entity_type'),
	entityId: text('entity_id'),
	details: text('details').notNull(),
	prevHash: text('prev_hash').notNull(),
	hash: text('hash').notNull().unique()
});
