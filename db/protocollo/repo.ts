import { and, asc, count, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { writeTransaction, type Db } from '../client.ts';
import { canManageCaseProtocollo, canUseProtocollo, type UserActor } from '../access/index.ts';
import { appendAudit } from '../audit/repo.ts';
import { newId } from '../shared/ids.ts';
import { nextNumber } from '../shared/numbering.ts';
import { loadCaseContext } from '../procedimenti/context.ts';
import { documenti, organismi, procedimenti, protocollo, protocolloAnnullamenti, protocolloDocumenti, users } from '../schema.ts';
import type { Direzione } from './labels.ts';
import { formatDataOra, romeDayBounds, romeFields } from '../shared/time.ts';
import type { Failure as OutcomeFailure, Ok } from '../shared/outcome.ts';

/**
 * The protocol register (registro di protocollo) of an Organismo. Entries get a progressive number
 * per year inside an IMMEDIATE transaction (no gaps, no duplicates, across processes); they are
 * never changed or deleted (SQL triggers): a correction is an annullamento with its reason.
 * Every write re-checks the actor's rights here too: staff only, and for an entry linked to a case
 * the staff member must be allowed to manage that case (segreteria limited to some sedi).
 */

export interface RegistrazioneInput {
	/** Idempotency key of the form submission, used as the entry id: a double click registers once. */
	richiestaId?: string;
	direzione: Direzione;
	mittente: string;
	destinatario: string;
	oggetto: string;
	procedimentoId: string | null;
	documentoIds?: readonly string[];
}

/** A refusal of the protocol register: always about a field of the form ('form' = the whole form). */
export type Failure = OutcomeFailure & { code: 'forbidden' | 'invalid' | 'not_found'; field: string };

export type RegistraResult = Ok<{ id: string; anno: number; numero: number; registratoIl: string; duplicate: boolean }> | Failure;

export type AnnullaResult = Ok<{ annullatoIl: string }> | Failure;

const fail = (code: Failure['code'], field: string, message: string): Failure => ({ ok: false, code, field, message });

function caseWriteCheck(db: Db, actor: UserActor, procedimentoId: string): Failure | null {
	const ctx = loadCaseContext(db, procedimentoId);
	if (!ctx || ctx.organismoId !== actor.organismoId) return fail('invalid', 'procedimento', 'Procedimento non trovato.');
	if (!canManageCaseProtocollo(actor, ctx))
		return fail('forbidden', 'procedimento', 'Non puoi protocollare per questo procedimento: appartiene a una sede in cui non operi.');
	return null;
}

/** Registers one entry (with its linked case documents) and audits it, all or nothing. */
export function registraProtocollo(
	db: Db,
	actor: UserActor,
	input: RegistrazioneInput,
	clock: () => Date = () => new Date()
): RegistraResult {
	if (!canUseProtocollo(actor)) return fail('forbidden', 'form', 'Solo la segreteria e i responsabili possono protocollare.');
	const org = db.select({ denominazione: organismi.denominazione }).from(organismi).where(eq(organismi.id, actor.organismoId)).get();
	if (!org) return fail('forbidden', 'form', 'Organismo non trovato.');
	const oggetto = input.oggetto.trim();
	let mittente = input.mittente.trim();
	let destinatario = input.destinatario.trim();
	// The Organismo is the implied other end of incoming and outgoing mail.
	if (input.direzione === 'entrata' && !destinatario) destinatario = org.denominazione;
	if (input.direzione === 'uscita' && !mittente) mittente = org.denominazione;
	if (!mittente) return fail('invalid', 'mittente', 'Indica il mittente.');
	if (!destinatario) return fail('invalid', 'destinatario', 'Indica il destinatario.');
	if (!oggetto) return fail('invalid', 'oggetto', "Indica l'oggetto della registrazione.");

	const documentoIds = [...new Set(input.documentoIds ?? [])];
	if (input.procedimentoId) {
		const denied = caseWriteCheck(db, actor, input.procedimentoId);
		if (denied) return denied;
	}
	if (documentoIds.length) {
		if (!input.procedimentoId) return fail('invalid', 'documenti', 'I documenti si collegano insieme al loro procedimento.');
		const found = db
			.select({ id: documenti.id })
			.from(documenti)
			.where(and(inArray(documenti.id, documentoIds), eq(documenti.procedimentoId, input.procedimentoId)))
			.all();
		if (found.length !== documentoIds.length)
			return fail('invalid', 'documenti', 'Uno o più documenti non appartengono a questo procedimento.');
	}

	return insertEntry(
		db,
		{ organismoId: actor.organismoId, actorId: actor.id },
		{ ...input, mittente, destinatario, oggetto, documentoIds },
		clock
	);
}

/**
 * Deposito telematico: documents a person of the case (party, lawyer, CTU, mediator) filed from
 * their own area are registered in entrata on their behalf, without staff rights. The caller has
 * checked the deposit rule (canDepositAtti) and the documents are already in that case's fascicolo.
 */
export function registraDepositoTelematico(
	db: Db,
	author: { organismoId: string; actorId: string },
	input: { richiestaId: string; procedimentoId: string; mittente: string; oggetto: string; documentoIds: readonly string[] },
	clock: () => Date = () => new Date()
): RegistraResult {
	const org = db.select({ denominazione: organismi.denominazione }).from(organismi).where(eq(organismi.id, author.organismoId)).get();
	const proc = db
		.select({ organismoId: procedimenti.organismoId })
		.from(procedimenti)
		.where(eq(procedimenti.id, input.procedimentoId))
		.get();
	if (!org || proc?.organismoId !== author.organismoId) return fail('invalid', 'procedimento', 'Procedimento non trovato.');
	const documentoIds = [...new Set(input.documentoIds)];
	const found = documentoIds.length
		? db
				.select({ id: documenti.id })
				.from(documenti)
				.where(and(inArray(documenti.id, documentoIds), eq(documenti.procedimentoId, input.procedimentoId)))
				.all()
		: [];
	if (!documentoIds.length || found.length !== documentoIds.length)
		return fail('invalid', 'documenti', 'Uno o più documenti non appartengono a questo procedimento.');
	return insertEntry(
		db,
		author,
		{
			richiestaId: input.richiestaId,
			direzione: 'entrata',
			mittente: input.mittente.trim(),
			destinatario: org.denominazione,
			oggetto: input.oggetto.trim(),
			procedimentoId: input.procedimentoId,
			documentoIds
		},
		clock
	);
}

/** The one insert of an entry: number, row, linked documents and audit, all or nothing (durable). */
function insertEntry(
	db: Db,
	actor: { organismoId: string; actorId: string },
	input: RegistrazioneInput & { documentoIds: readonly string[] },
	clock: () => Date
): RegistraResult {
	const { mittente, destinatario, oggetto, documentoIds } = input;
	const id = newId();
	const richiestaId = input.richiestaId ?? null;
	// Durable (every connection commits with synchronous=FULL, db/client.ts): a protocol number
	// handed out must not come back after a power loss.
	return writeTransaction(db, (): RegistraResult => {
		// The key is looked up in the actor's Organismo only: another Organismo's key never answers here.
		const same = richiestaId
			? db
					.select()
					.from(protocollo)
					.where(and(eq(protocollo.organismoId, actor.organismoId), eq(protocollo.richiestaId, richiestaId)))
					.get()
			: undefined;
		if (same) {
			if (same.autoreId === actor.actorId)
				return { ok: true, id: same.id, anno: same.anno, numero: same.numero, registratoIl: same.registratoIl, duplicate: true };
			return fail('invalid', 'form', 'Richiesta non valida: ricarica la pagina e riprova.');
		}
		// Time and year are taken once the write lock is held, so numbers and times grow together.
		const at = clock();
		const registratoIl = at.toISOString();
		const anno = romeFields(at).year;
		const numero = nextNumber(db, actor.organismoId, 'protocollo', anno);
		db.insert(protocollo)
			.values({
				id,
				organismoId: actor.organismoId,
				anno,
				numero,
				registratoIl,
				direzione: input.direzione,
				mittente,
				destinatario,
				oggetto,
				procedimentoId: input.procedimentoId,
				autoreId: actor.actorId,
				richiestaId
			})
			.run();
		if (documentoIds.length)
			db.insert(protocolloDocumenti)
				.values(documentoIds.map((documentoId) => ({ protocolloId: id, documentoId })))
				.run();
		appendAudit(
			db,
			{
				action: 'protocollo.registrato',
				organismoId: actor.organismoId,
				actorId: actor.actorId,
				entityType: 'protocollo',
				entityId: id,
				details: {
					numero: `${anno}/${numero}`,
					direzione: input.direzione,
					procedimentoId: input.procedimentoId,
					documenti: documentoIds.length
				}
			},
			at
		);
		return { ok: true, id, anno, numero, registratoIl, duplicate: false };
	});
}

/** Annuls an entry with its reason: a new visible record, audited. An entry is annulled once. */
export function annullaProtocollo(
	db: Db,
	actor: UserActor,
	protocolloId: string,
	motivo: string,
	clock: () => Date = () => new Date()
): AnnullaResult {
	if (!canUseProtocollo(actor))
		return fail('forbidden', 'form', 'Solo la segreteria e i responsabili possono annullare una registrazione.');
	const entry = db
		.select()
		.from(protocollo)
		.where(and(eq(protocollo.id, protocolloId), eq(protocollo.organismoId, actor.organismoId)))
		.get();
	if (!entry) return fail('not_found', 'form', 'Registrazione non trovata.');
	if (entry.procedimentoId) {
		const denied = caseWriteCheck(db, actor, entry.procedimentoId);
		if (denied) return denied;
	}
	const reason = motivo.trim();
	if (reason.length < 5) return fail('invalid', 'motivo', "Indica il motivo dell'annullamento (almeno 5 caratteri).");
	return writeTransaction(db, (): AnnullaResult => {
		const already = db.select().from(protocolloAnnullamenti).where(eq(protocolloAnnullamenti.protocolloId, protocolloId)).get();
		if (already)
			return fail(
				'invalid',
				'motivo',
				`La registrazione n. ${entry.anno}/${entry.numero} è già stata annullata il ${formatDataOra(already.annullatoIl)}.`
			);
		const at = clock();
		const annullatoIl = at.toISOString();
		db.insert(protocolloAnnullamenti).values({ protocolloId, motivo: reason, annullatoIl, autoreId: actor.id }).run();
		appendAudit(
			db,
			{
				action: 'protocollo.annullato',
				organismoId: actor.organismoId,
				actorId: actor.id,
				entityType: 'protocollo',
				entityId: protocolloId,
				details: { numero: `${entry.anno}/${entry.numero}`, motivo: reason }
			},
			at
		);
		return { ok: true, annullatoIl };
	});
}

// ---------------------------------------------------------------- reading

/**
 * Documents of an entry: those ticked when registering (protocollo_documenti) and those uploaded
 * later in the fascicolo with this entry as their protocol registration (documenti.protocollo_id).
 */
const docCount = sql<number>`(select count(*) from documenti d where d.protocollo_id = ${protocollo.id}
	or d.id in (select pd.documento_id from protocollo_documenti pd where pd.protocollo_id = ${protocollo.id}))`.mapWith(Number);

const rowColumns = {
	id: protocollo.id,
	anno: protocollo.anno,
	numero: protocollo.numero,
	registratoIl: protocollo.registratoIl,
	direzione: protocollo.direzione,
	mittente: protocollo.mittente,
	destinatario: protocollo.destinatario,
	oggetto: protocollo.oggetto,
	procedimentoId: protocollo.procedimentoId,
	procAnno: procedimenti.anno,
	procNumero: procedimenti.numero,
	documenti: docCount,
	annullatoIl: protocolloAnnullamenti.annullatoIl,
	motivoAnnullamento: protocolloAnnullamenti.motivo
};

export interface ProtocolloRow {
	id: string;
	anno: number;
	numero: number;
	registratoIl: string;
	direzione: Direzione;
	mittente: string;
	destinatario: string;
	oggetto: string;
	procedimentoId: string | null;
	procAnno: number | null;
	procNumero: number | null;
	documenti: number;
	annullatoIl: string | null;
	motivoAnnullamento: string | null;
}

export interface ListaFiltri {
	dal?: string | null;
	al?: string | null;
	direzione?: Direzione | null;
	q?: string;
	pagina?: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

function filterConditions(organismoId: string, f: ListaFiltri): SQL[] {
	const where: SQL[] = [eq(protocollo.organismoId, organismoId)];
	if (f.dal) where.push(gte(protocollo.registratoIl, romeDayBounds(f.dal).start));
	if (f.al) where.push(lt(protocollo.registratoIl, romeDayBounds(f.al).end));
	if (f.direzione) where.push(eq(protocollo.direzione, f.direzione));
	const q = f.q?.trim();
	if (q) {
		const num = /^(?:(\d{4})\s*\/\s*)?(\d{1,7})$/.exec(q);
		const pattern = `%${escapeLike(q)}%`;
		const text = or(
			sql`${protocollo.oggetto} LIKE ${pattern} ESCAPE '\\'`,
			sql`${protocollo.mittente} LIKE ${pattern} ESCAPE '\\'`,
			sql`${protocollo.destinatario} LIKE ${pattern} ESCAPE '\\'`
		)!;
		if (num?.[1]) where.push(and(eq(protocollo.anno, Number(num[1])), eq(protocollo.numero, Number(num[2])))!);
		else if (num) where.push(or(eq(protocollo.numero, Number(num[2])), text)!);
		else where.push(text);
	}
	return where;
}

/** One page of the register, newest first. */
export function listProtocollo(
	db: Db,
	organismoId: string,
	f: ListaFiltri,
	perPage = 25
): { rows: ProtocolloRow[]; total: number; pagina: number; pagine: number } {
	const where = and(...filterConditions(organismoId, f));
	const total = db.select({ n: count() }).from(protocollo).where(where).get()?.n ?? 0;
	const pagine = Math.max(1, Math.ceil(total / perPage));
	const pagina = Math.min(Math.max(1, f.pagina ?? 1), pagine);
	const rows = db
		.select(rowColumns)
		.from(protocollo)
		.leftJoin(procedimenti, eq(protocollo.procedimentoId, procedimenti.id))
		.leftJoin(protocolloAnnullamenti, eq(protocolloAnnullamenti.protocolloId, protocollo.id))
		.where(where)
		.orderBy(desc(protocollo.anno), desc(protocollo.numero))
		.limit(perPage)
		.offset((pagina - 1) * perPage)
		.all();
	return { rows, total, pagina, pagine };
}

/** Every entry linked to one case, newest first. */
export function listProtocolloProcedimento(db: Db, procedimentoId: string): ProtocolloRow[] {
	return db
		.select(rowColumns)
		.from(protocollo)
		.leftJoin(procedimenti, eq(protocollo.procedimentoId, procedimenti.id))
		.leftJoin(protocolloAnnullamenti, eq(protocolloAnnullamenti.protocolloId, protocollo.id))
		.where(eq(protocollo.procedimentoId, procedimentoId))
		.orderBy(desc(protocollo.anno), desc(protocollo.numero))
		.all();
}

const autore = alias(users, 'autore');
const annullatore = alias(users, 'annullatore');

/** One entry with its case, documents and annullamento; null when not in this Organismo. */
export function getProtocollo(db: Db, organismoId: string, id: string) {
	const row = db
		.select({
			...rowColumns,
			procSedeId: procedimenti.sedeId,
			autoreNome: sql<string | null>`${autore.nome} || ' ' || ${autore.cognome}`,
			annullatoDa: sql<string | null>`${annullatore.nome} || ' ' || ${annullatore.cognome}`
		})
		.from(protocollo)
		.leftJoin(procedimenti, eq(protocollo.procedimentoId, procedimenti.id))
		.leftJoin(protocolloAnnullamenti, eq(protocolloAnnullamenti.protocolloId, protocollo.id))
		.leftJoin(autore, eq(autore.id, protocollo.autoreId))
		.leftJoin(annullatore, eq(annullatore.id, protocolloAnnullamenti.autoreId))
		.where(and(eq(protocollo.id, id), eq(protocollo.organismoId, organismoId)))
		.get();
	if (!row) return null;
	const docs = db
		.select({
			id: documenti.id,
			titolo: documenti.titolo,
			nomeFile: documenti.nomeFile,
			versione: documenti.versione,
			sha256: documenti.sha256,
			riservato: documenti.riservato,
			autoreId: documenti.autoreId
		})
		.from(documenti)
		.where(
			or(
				eq(documenti.protocolloId, id),
				inArray(
					documenti.id,
					db.select({ id: protocolloDocumenti.documentoId }).from(protocolloDocumenti).where(eq(protocolloDocumenti.protocolloId, id))
				)
			)
		)
		.orderBy(asc(documenti.titolo), asc(documenti.versione))
		.all();
	return { ...row, docs };
}

/** The documents of a case that can be linked to an entry (every version), oldest first. */
export function listDocumentiProcedimento(db: Db, procedimentoId: string) {
	return db
		.select({
			id: documenti.id,
			titolo: documenti.titolo,
			nomeFile: documenti.nomeFile,
			versione: documenti.versione,
			riservato: documenti.riservato,
			createdAt: documenti.createdAt
		})
		.from(documenti)
		.where(eq(documenti.procedimentoId, procedimentoId))
		.orderBy(asc(documenti.createdAt), asc(documenti.titolo))
		.all();
}

/** The case with this register number ("2026/1") in the Organismo, if any. */
export function findProcedimentoByNumero(db: Db, organismoId: string, anno: number, numero: number): string | null {
	return (
		db
			.select({ id: procedimenti.id })
			.from(procedimenti)
			.where(and(eq(procedimenti.organismoId, organismoId), eq(procedimenti.anno, anno), eq(procedimenti.numero, numero)))
			.get()?.id ?? null
	);
}
