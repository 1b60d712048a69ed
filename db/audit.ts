import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { desc } from 'drizzle-orm';
import type { Db } from './client.ts';
import { auditLog } from './schema/index.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
	action: string;
	organismoId?: string | null;
	actorId?: string | null;
	entityType?: string | null;
	entityId?: string | null;
	details?: Record<string, unknown>;
}

interface HashedFields {
	at: string;
	organismoId: string | null;
	actorId: string | null;
	action: string;
	entityType: string | null;
	entityId: string | null;
	details: string;
}

function rowHash(prevHash: string, f: HashedFields): string {
	// Fixed field order: the canonical form does not depend on object key order.
	const canonical = JSON.stringify([prevHash, f.at, f.organismoId, f.actorId, f.action, f.entityType, f.entityId, f.details]);
	return encodeHexLowerCase(sha256(new TextEncoder().encode(canonical)));
}

/** Appends one row, chained to the last one. Runs in an IMMEDIATE transaction so writers queue. */
export function appendAudit(db: Db, entry: AuditEntry, at: Date = new Date()): { id: number; hash: string } {
	return db.transaction(
		(tx) => {
			const last = tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1).get();
			const prevHash = last?.hash ?? GENESIS_HASH;
			const fields: HashedFields = {
				at: at.toISOString(),
				organismoId: entry.organismoId ?? null,
				actorId: entry.actorId ?? null,
				action: entry.action,
				entityType: entry.entityType ?? null,
				entityId: entry.entityId ?? null,
				details: JSON.stringify(entry.details ?? {})
			};
			const hash = rowHash(prevHash, fields);
			const row = tx
				.insert(auditLog)
				.values({ ...fields, prevHash, hash })
				.returning({ id: auditLog.id })
				.get();
			return { id: row.id, hash };
		},
		{ behavior: 'immediate' }
	);
}

export type AuditVerification = { ok: true; rows: number } | { ok: false; rows: number; brokenAt: number; reason: string };

/** Recomputes the whole chain; reports the first row whose content or link does not match. */
export function verifyAuditChain(db: Db): AuditVerification {
	let prev = GENESIS_HASH;
	let n = 0;
	let lastId = 0;
	// Streams rows (raw statement iterator) so a long log is not loaded into memory at once.
	const stmt = db.$client.prepare(
		`SELECT id, at, organismo_id AS organismoId, actor_id AS actorId, action, entity_type AS entityType,
		        entity_id AS entityId, details, prev_hash AS prevHash, hash FROM audit_log ORDER BY id`
	);
	for (const row of stmt.iterate() as IterableIterator<HashedFields & { id: number; prevHash: string; hash: string }>) {
		n++;
		if (row.id !== lastId + 1) return { ok: false, rows: n, brokenAt: row.id, reason: `missing rows before ${row.id}` };
		lastId = row.id;
		if (row.prevHash !== prev) return { ok: false, rows: n, brokenAt: row.id, reason: 'broken link to previous row' };
		if (rowHash(prev, row) !== row.hash) return { ok: false, rows: n, brokenAt: row.id, reason: 'row content altered' };
		prev = row.hash;
	}
	return { ok: true, rows: n };
}
