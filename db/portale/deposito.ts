import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { canDepositAtti, canViewRicevutaDeposito, caseRoleOf, type CaseContext, type UserActor } from '../access/index.ts';
import { addDocument, maxUploadBytes, tooLargeMessage } from '../documents/repo.ts';
import { classifyFile } from '../documents/mime.ts';
import type { FileStore } from '../documents/storage.ts';
import { cleanFileName } from '../documents/validation.ts';
import { registraDepositoTelematico } from '../protocollo/repo.ts';
import { documenti, procedimenti, protocollo, protocolloDocumenti, users } from '../schema.ts';
import { failure, forbidden, invalid, notFound, type Outcome } from '../shared/outcome.ts';

/**
 * Deposito atti from the portals: a party, a lawyer, the CTU or the mediator files documents into
 * the fascicolo (optionally "riservato al mediatore"); the deposit is registered in the protocollo
 * in entrata at once, and its receipt (number, date and time, the files with their SHA-256) is a
 * page the depositor keeps. Every file is checked before anything is written: one bad file, nothing filed.
 */

export const MAX_FILE_DEPOSITO = 10;

export interface FileDepositato {
	nome: string;
	bytes: Uint8Array;
}

export interface DepositoInput {
	/** Idempotency key of the submission: the same form twice files once. */
	richiestaId: string;
	titolo: string | null;
	riservato: boolean;
	files: readonly FileDepositato[];
	/** What the protocol entry says the deposit is (default: "Deposito atti"). */
	descrizione?: string;
}

/** Size and type of every file, before anything is stored. */
export async function controllaFile(db: Db, organismoId: string, files: readonly FileDepositato[]): Promise<Outcome> {
	if (!files.length) return invalid('Seleziona almeno un file da depositare.', 'file');
	if (files.length > MAX_FILE_DEPOSITO) return invalid(`Puoi depositare al massimo ${MAX_FILE_DEPOSITO} file alla volta.`, 'file');
	const limit = maxUploadBytes(db, organismoId);
	for (const f of files) {
		const nome = cleanFileName(f.nome);
		if (f.bytes.length > limit) return invalid(tooLargeMessage(limit, nome, f.bytes.length), 'file');
		const kind = await classifyFile(nome, f.bytes);
		if (!kind.ok) return invalid(kind.message, 'file');
	}
	return { ok: true };
}

const nomeAutore = (db: Db, userId: string) => {
	const u = db.select({ nome: users.nome, cognome: users.cognome }).from(users).where(eq(users.id, userId)).get();
	return u ? `${u.nome} ${u.cognome}`.trim() : 'Utente';
};

const RUOLO_MITTENTE: Record<string, string> = { parte: 'parte', avvocato: 'avvocato', ctu: 'CTU', mediatore: 'mediatore' };

export async function depositaAtti(
	db: Db,
	store: FileStore,
	actor: UserActor,
	ctx: CaseContext,
	input: DepositoInput,
	clock: () => Date = () => new Date()
): Promise<Outcome<{ protocolloId: string; anno: number; numero: number; registratoIl: string; documenti: number; duplicate: boolean }>> {
	if (!canDepositAtti(actor, ctx)) return forbidden('Non puoi depositare atti in questo procedimento.');
	const dup = db
		.select()
		.from(protocollo)
		.where(and(eq(protocollo.organismoId, ctx.organismoId), eq(protocollo.richiestaId, input.richiestaId)))
		.get();
	if (dup) {
		if (dup.autoreId !== actor.id || dup.procedimentoId !== ctx.procedimentoId)
			return invalid('Richiesta non valida: ricarica la pagina e riprova.');
		return {
			ok: true,
			protocolloId: dup.id,
			anno: dup.anno,
			numero: dup.numero,
			registratoIl: dup.registratoIl,
			documenti: 0,
			duplicate: true
		};
	}
	const check = await controllaFile(db, ctx.organismoId, input.files);
	if (!check.ok) return check;
	const ids: string[] = [];
	for (const f of input.files) {
		const r = await addDocument(db, store, actor, ctx, {
			procedimentoId: ctx.procedimentoId,
			titolo: input.files.length === 1 ? input.titolo : null,
			nomeFile: f.nome,
			bytes: f.bytes,
			riservato: input.riservato
		});
		if (!r.ok) return failure(r.reason === 'permesso' ? 'forbidden' : 'invalid', r.message, { field: 'file' });
		ids.push(r.id);
	}
	const ruolo = caseRoleOf(actor, ctx);
	const p = db
		.select({ anno: procedimenti.anno, numero: procedimenti.numero })
		.from(procedimenti)
		.where(eq(procedimenti.id, ctx.procedimentoId))
		.get()!;
	const cosa = input.descrizione ?? 'Deposito atti';
	const prot = registraDepositoTelematico(
		db,
		{ organismoId: ctx.organismoId, actorId: actor.id },
		{
			richiestaId: input.richiestaId,
			procedimentoId: ctx.procedimentoId,
			mittente: `${nomeAutore(db, actor.id)} (${RUOLO_MITTENTE[ruolo ?? ''] ?? 'deposito telematico'})`,
			oggetto:
				`${cosa} telematico — procedimento n. ${p.anno}/${p.numero}${input.riservato ? ' (riservato al mediatore)' : ''}${input.titolo ? `: ${input.titolo}` : ''}`.slice(
					0,
					500
				),
			documentoIds: ids
		},
		clock
	);
	if (!prot.ok) return prot;
	return {
		ok: true,
		protocolloId: prot.id,
		anno: prot.anno,
		numero: prot.numero,
		registratoIl: prot.registratoIl,
		documenti: ids.length,
		duplicate: prot.duplicate
	};
}

/** The receipt of one deposit: for its author and the staff of the case; not found for anyone else. */
export function ricevutaDeposito(db: Db, actor: UserActor, ctx: CaseContext, protocolloId: string) {
	const e = db
		.select()
		.from(protocollo)
		.where(
			and(eq(protocollo.id, protocolloId), eq(protocollo.procedimentoId, ctx.procedimentoId), eq(protocollo.organismoId, ctx.organismoId))
		)
		.get();
	if (!e || e.direzione !== 'entrata' || !canViewRicevutaDeposito(actor, ctx, e.autoreId)) return notFound('Ricevuta non trovata.');
	const docs = db
		.select({
			id: documenti.id,
			titolo: documenti.titolo,
			nomeFile: documenti.nomeFile,
			dimensione: documenti.dimensione,
			sha256: documenti.sha256,
			riservato: documenti.riservato
		})
		.from(protocolloDocumenti)
		.innerJoin(documenti, eq(documenti.id, protocolloDocumenti.documentoId))
		.where(eq(protocolloDocumenti.protocolloId, e.id))
		.all();
	const p = db
		.select({ anno: procedimenti.anno, numero: procedimenti.numero })
		.from(procedimenti)
		.where(eq(procedimenti.id, ctx.procedimentoId))
		.get()!;
	return {
		ok: true as const,
		ricevuta: {
			protocollo: `${e.anno}/${e.numero}`,
			registratoIl: e.registratoIl,
			mittente: e.mittente,
			destinatario: e.destinatario,
			oggetto: e.oggetto,
			procedimento: `${p.anno}/${p.numero}`,
			documenti: docs
		}
	};
}

/** The deposits this person made in the case, newest first (their receipts). */
export function listDepositi(db: Db, actor: UserActor, procedimentoId: string) {
	return db
		.select({
			id: protocollo.id,
			anno: protocollo.anno,
			numero: protocollo.numero,
			registratoIl: protocollo.registratoIl,
			oggetto: protocollo.oggetto
		})
		.from(protocollo)
		.where(
			and(
				eq(protocollo.organismoId, actor.organismoId),
				eq(protocollo.procedimentoId, procedimentoId),
				eq(protocollo.autoreId, actor.id),
				eq(protocollo.direzione, 'entrata')
			)
		)
		.orderBy(desc(protocollo.registratoIl))
		.all();
}
