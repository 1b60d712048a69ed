import { and, asc, desc, eq, max } from 'drizzle-orm';
import { canCreateVerbale, canLockVerbale, canManageVersions, type CaseContext, type UserActor } from '../access/index.ts';
import { appendAudit } from '../audit/repo.ts';
import { writeTransaction, type Db } from '../client.ts';
import { newId } from '../shared/ids.ts';
import { users, verbali, verbaleVersioni } from '../schema.ts';
import { VERBALE_TIPO_LABELS, type VerbaleTipo } from './labels.ts';
import type { Outcome } from '../shared/outcome.ts';

export type VerbaleRow = typeof verbali.$inferSelect;

export function listVerbali(db: Db, procedimentoId: string) {
	return db
		.select({
			id: verbali.id,
			tipo: verbali.tipo,
			titolo: verbali.titolo,
			locked: verbali.locked,
			lockedAt: verbali.lockedAt,
			createdAt: verbali.createdAt
		})
		.from(verbali)
		.where(eq(verbali.procedimentoId, procedimentoId))
		.orderBy(asc(verbali.createdAt))
		.all();
}

export function getVerbale(db: Db, procedimentoId: string, verbaleId: string): VerbaleRow | null {
	return (
		db
			.select()
			.from(verbali)
			.where(and(eq(verbali.id, verbaleId), eq(verbali.procedimentoId, procedimentoId)))
			.get() ?? null
	);
}

export type RepoResult<T extends object = object> = Outcome<T>;

/** Creates a verbale from a template; its text is seeded by the collab server on first open. */
export function createVerbale(
	db: Db,
	actor: UserActor,
	ctx: CaseContext,
	procedimentoId: string,
	input: { tipo: VerbaleTipo; titolo?: string | null }
): RepoResult<{ id: string }> {
	if (!canCreateVerbale(actor, ctx))
		return { ok: false, code: 'forbidden', message: 'Solo la segreteria o il mediatore possono creare un verbale.' };
	const id = newId();
	const titolo = input.titolo?.trim() || VERBALE_TIPO_LABELS[input.tipo];
	writeTransaction(db, () => {
		db.insert(verbali).values({ id, procedimentoId, tipo: input.tipo, titolo, createdBy: actor.id }).run();
		appendAudit(db, {
			action: 'verbale.created',
			organismoId: ctx.organismoId,
			actorId: actor.id,
			entityType: 'verbale',
			entityId: id,
			details: { procedimentoId, tipo: input.tipo, titolo }
		});
	});
	return { ok: true, id };
}

/** Locks ("versione per la firma": read-only for everyone) or unlocks a verbale: the mediator only. */
export function setVerbaleLocked(db: Db, actor: UserActor, ctx: CaseContext, verbale: VerbaleRow, locked: boolean): RepoResult {
	if (!canLockVerbale(actor, ctx))
		return { ok: false, code: 'forbidden', message: 'Solo il mediatore del procedimento può bloccare o sbloccare il verbale.' };
	writeTransaction(db, () => {
		db.update(verbali)
			.set(locked ? { locked: true, lockedBy: actor.id, lockedAt: new Date() } : { locked: false, lockedBy: null, lockedAt: null })
			.where(eq(verbali.id, verbale.id))
			.run();
		appendAudit(db, {
			action: locked ? 'verbale.locked' : 'verbale.unlocked',
			organismoId: ctx.organismoId,
			actorId: actor.id,
			entityType: 'verbale',
			entityId: verbale.id,
			details: { procedimentoId: verbale.procedimentoId }
		});
	});
	return { ok: true };
}

export function listVersioni(db: Db, verbaleId: string) {
	return db
		.select({
			id: verbaleVersioni.id,
			numero: verbaleVersioni.numero,
			nome: verbaleVersioni.nome,
			createdAt: verbaleVersioni.createdAt,
			ripristinataDa: verbaleVersioni.ripristinataDa,
			documentoId: verbaleVersioni.documentoId,
			autore: users.nome,
			autoreCognome: users.cognome
		})
		.from(verbaleVersioni)
		.leftJoin(users, eq(verbaleVersioni.autoreId, users.id))
		.where(eq(verbaleVersioni.verbaleId, verbaleId))
		.orderBy(desc(verbaleVersioni.numero))
		.all();
}

export function getVersione(db: Db, verbaleId: string, versioneId: string) {
	return (
		db
			.select()
			.from(verbaleVersioni)
			.where(and(eq(verbaleVersioni.id, versioneId), eq(verbaleVersioni.verbaleId, verbaleId)))
			.get() ?? null
	);
}

/** Saves a named snapshot (full Yjs state + ProseMirror JSON); numbers are 1, 2, 3... per verbale. */
export function saveVersione(
	db: Db,
	actor: UserActor,
	ctx: CaseContext,
	verbale: VerbaleRow,
	input: { nome: string; stato: Uint8Array; contenuto: unknown; ripristinataDa?: string | null }
): RepoResult<{ id: string; numero: number }> {
	if (!canManageVersions(actor, ctx)) return { ok: false, code: 'forbidden', message: 'Non puoi salvare versioni di questo verbale.' };
	const id = newId();
	const numero = writeTransaction(db, () => {
		const numero =
			(db
				.select({ n: max(verbaleVersioni.numero) })
				.from(verbaleVersioni)
				.where(eq(verbaleVersioni.verbaleId, verbale.id))
				.get()?.n ?? 0) + 1;
		db.insert(verbaleVersioni)
			.values({
				id,
				verbaleId: verbale.id,
				numero,
				nome: input.nome.trim(),
				stato: Buffer.from(input.stato),
				contenuto: JSON.stringify(input.contenuto),
				autoreId: actor.id,
				ripristinataDa: input.ripristinataDa ?? null
			})
			.run();
		appendAudit(db, {
			action: input.ripristinataDa ? 'verbale.version_restored' : 'verbale.version_saved',
			organismoId: ctx.organismoId,
			actorId: actor.id,
			entityType: 'verbale',
			entityId: verbale.id,
			details: { versioneId: id, numero, nome: input.nome.trim(), ripristinataDa: input.ripristinataDa ?? null }
		});
		return numero;
	});
	return { ok: true, id, numero };
}

/** Records that the PDF stored as fascicolo document `documentoId` was exported from a version. */
export function linkVersioneDocumento(db: Db, versioneId: string, documentoId: string): void {
	db.update(verbaleVersioni).set({ documentoId }).where(eq(verbaleVersioni.id, versioneId)).run();
}
