import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { auditLog } from '../schema.ts';

/**
 * The audit log: one hash chain per Organismo (previous hash = the last row of the same
 * Organismo) and one platform chain for events outside any Organismo (operator actions, logins
 * of unknown addresses). An Organismo verifies and exports its own chain; a broken row in one
 * chain leaves every other chain valid, and nothing one Organismo sees reveals another's activity
 * (positions are per chain).
 *
 * Rows written before chains existed (`chain` null) keep their original hashes: together they
 * form the legacy deployment-wide chain, verified by verifyLegacyAuditChain with the original
 * formula. The first row of every new chain links to GENESIS_HASH.
 */

export const GENESIS_HASH = '0'.repeat(64);
export const PLATFORM_CHAIN = 'platform';

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

/** The legacy formula (rows with chain null): kept so those rows verify unchanged. */
function legacyRowHash(prevHash: string, f: HashedFields): string {
	const canonical = JSON.stringify([prevHash, f.at, f.organismoId, f.actorId, f.action, f.entityType, f.entityId, f.details]);
	return encodeHexLowerCase(sha256(new TextEncoder().encode(canonical)));
}

/** Chained rows: the chain and the position are part of the hashed content (fixed field order). */
export function chainRowHash(prevHash: string, chain: string, seq: number, f: HashedFields): string {
	const canonical = JSON.stringify([
		'v2',
		chain,
		seq,
		prevHash,
		f.at,
		f.organismoId,
		f.actorId,
		f.action,
		f.entityType,
		f.entityId,
		f.details
	]);
	return encodeHexLowerCase(sha256(new TextEncoder().encode(canonical)));
}

export function chainOf(organismoId: string | null | undefined): string {
	return organismoId ?? PLATFORM_CHAIN;
}

/** Appends one row to its Organismo's chain. Runs in an IMMEDIATE transaction so writers queue. */
export function appendAudit(db: Db, entry: AuditEntry, at: Date = new Date()): { id: number; hash: string; seq: number } {
	return db.transaction(
		(tx) => {
			const chain = chainOf(entry.organismoId);
			const last = tx
				.select({ hash: auditLog.hash, seq: auditLog.seq })
				.from(auditLog)
				.where(eq(auditLog.chain, chain))
				.orderBy(desc(auditLog.seq))
				.limit(1)
				.get();
			const prevHash = last?.hash ?? GENESIS_HASH;
			const seq = (last?.seq ?? 0) + 1;
			const fields: HashedFields = {
				at: at.toISOString(),
				organismoId: entry.organismoId ?? null,
				actorId: entry.actorId ?? null,
				action: entry.action,
				entityType: entry.entityType ?? null,
				entityId: entry.entityId ?? null,
				details: JSON.stringify(entry.details ?? {})
			};
			const hash = chainRowHash(prevHash, chain, seq, fields);
			const row = tx
				.insert(auditLog)
				.values({ ...fields, prevHash, hash, chain, seq })
				.returning({ id: auditLog.id })
				.get();
			return { id: row.id, hash, seq };
		},
		{ behavior: 'immediate' }
	);
}

export type AuditVerification = { ok: true; rows: number } | { ok: false; rows: number; brokenAt: number; reason: string };

type ChainRow = HashedFields & { id: number; seq: number; prevHash: string; hash: string };

const SELECT_FIELDS = `id, seq, at, organismo_id AS organismoId, actor_id AS actorId, action, entity_type AS entityType,
	entity_id AS entityId, details, prev_hash AS prevHash, hash`;

/** Verifies a sequence of rows of one chain (from the database or from an export). brokenAt = seq. */
export function verifyChainRows(chain: string, rows: Iterable<ChainRow>): AuditVerification {
	let prev = GENESIS_HASH;
	let n = 0;
	for (const row of rows) {
		n++;
		if (row.seq !== n) return { ok: false, rows: n, brokenAt: row.seq, reason: `missing rows before ${row.seq}` };
		if (row.prevHash !== prev) return { ok: false, rows: n, brokenAt: row.seq, reason: 'broken link to previous row' };
		if (chainRowHash(prev, chain, row.seq, row) !== row.hash)
			return { ok: false, rows: n, brokenAt: row.seq, reason: 'row content altered' };
		prev = row.hash;
	}
	return { ok: true, rows: n };
}

/**
 * Recomputes one chain (an Organismo's id or PLATFORM_CHAIN); reports the first altered row by its
 * position. Without a chain: every chain and the legacy rows (the platform's health check).
 */
export function verifyAuditChain(db: Db, chain?: string): AuditVerification {
	if (chain === undefined) {
		let rows = 0;
		for (const { verification } of verifyAllAuditChains(db)) {
			if (!verification.ok) return { ...verification, rows: rows + verification.rows };
			rows += verification.rows;
		}
		return { ok: true, rows };
	}
	// Streams rows (raw statement iterator) so a long log is not loaded into memory at once.
	const stmt = db.$client.prepare(`SELECT ${SELECT_FIELDS} FROM audit_log WHERE chain = ? ORDER BY seq`);
	return verifyChainRows(chain, stmt.iterate(chain) as IterableIterator<ChainRow>);
}

/** The rows written before per-Organismo chains (chain null), with the original formula. brokenAt = id. */
export function verifyLegacyAuditChain(db: Db): AuditVerification {
	let prev = GENESIS_HASH;
	let n = 0;
	let lastId = 0;
	const stmt = db.$client.prepare(`SELECT ${SELECT_FIELDS} FROM audit_log WHERE chain IS NULL ORDER BY id`);
	for (const row of stmt.iterate() as IterableIterator<ChainRow>) {
		n++;
		if (row.id !== lastId + 1) return { ok: false, rows: n, brokenAt: row.id, reason: `missing rows before ${row.id}` };
		lastId = row.id;
		if (row.prevHash !== prev) return { ok: false, rows: n, brokenAt: row.id, reason: 'broken link to previous row' };
		if (legacyRowHash(prev, row) !== row.hash) return { ok: false, rows: n, brokenAt: row.id, reason: 'row content altered' };
		prev = row.hash;
	}
	return { ok: true, rows: n };
}

/**
 * Verifies some rows on their own: each row's hash is recomputed from its content, and its link is
 * checked against the row before it in the same chain. For views of a few rows (a procedimento's
 * Storico); whole chains are verified by the register page and the health check. brokenAt = seq
 * (id for legacy rows).
 */
export function verifyAuditRows(db: Db, ids: readonly number[]): AuditVerification {
	const one = db.$client.prepare(`SELECT chain, ${SELECT_FIELDS} FROM audit_log WHERE id = ?`);
	const prevInChain = db.$client.prepare('SELECT hash FROM audit_log WHERE chain = ? AND seq = ?').pluck();
	const prevLegacy = db.$client.prepare('SELECT hash FROM audit_log WHERE chain IS NULL AND id = ?').pluck();
	let n = 0;
	for (const id of ids) {
		const row = one.get(id) as (ChainRow & { chain: string | null }) | undefined;
		if (!row) continue;
		n++;
		const legacy = row.chain === null;
		const at = legacy ? row.id : row.seq;
		const first = legacy ? row.id === 1 : row.seq === 1;
		const prev = first
			? GENESIS_HASH
			: ((legacy ? prevLegacy.get(row.id - 1) : prevInChain.get(row.chain, row.seq - 1)) as string | undefined);
		if (prev === undefined) return { ok: false, rows: n, brokenAt: at, reason: `missing rows before ${at}` };
		if (row.prevHash !== prev) return { ok: false, rows: n, brokenAt: at, reason: 'broken link to previous row' };
		const hash = legacy ? legacyRowHash(prev, row) : chainRowHash(prev, row.chain as string, row.seq, row);
		if (hash !== row.hash) return { ok: false, rows: n, brokenAt: at, reason: 'row content altered' };
	}
	return { ok: true, rows: n };
}

/** Every chain present in the log (for the platform's health view): key -> verification. */
export function verifyAllAuditChains(db: Db): { chain: string; verification: AuditVerification }[] {
	const chains = db.selectDistinct({ chain: auditLog.chain }).from(auditLog).all();
	return chains.map(({ chain }) => ({
		chain: chain ?? 'legacy',
		verification: chain ? verifyAuditChain(db, chain) : verifyLegacyAuditChain(db)
	}));
}

export interface AuditExportRow extends ChainRow {
	chain: string;
}

/** One chain as JSON lines (every hashed field, in chain order): verifiable offline with verifyChainRows. */
export function* exportAuditChain(db: Db, chain: string): Generator<string> {
	const stmt = db.$client.prepare(`SELECT ${SELECT_FIELDS}, chain FROM audit_log WHERE chain = ? ORDER BY seq`);
	for (const row of stmt.iterate(chain) as IterableIterator<AuditExportRow>) yield JSON.stringify(row) + '\n';
}

/**
 * The latest rows of one Organismo, newest first (the registro page): its chain's rows (with their
 * position `seq`) and its legacy rows (seq null), never a deployment-wide id.
 */
export function listAuditRows(db: Db, organismoId: string, limit = 200) {
	return db
		.select({
			seq: auditLog.seq,
			at: auditLog.at,
			action: auditLog.action,
			actorId: auditLog.actorId,
			details: auditLog.details,
			hash: auditLog.hash
		})
		.from(auditLog)
		.where(eq(auditLog.organismoId, organismoId))
		.orderBy(desc(auditLog.id))
		.limit(limit)
		.all();
}

/** Legacy rows of an Organismo (written before chains): still shown, verified with the legacy chain. */
export function countLegacyRows(db: Db, organismoId: string): number {
	return (
		db
			.select({ n: sql<number>`count(*)` })
			.from(auditLog)
			.where(and(isNull(auditLog.chain), eq(auditLog.organismoId, organismoId)))
			.get()?.n ?? 0
	);
}
