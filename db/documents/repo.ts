import { and, desc, eq, isNull, max } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { canAddVersion, canManageCase, canUploadDocument, canViewDocument, type UserActor, type CaseContext } from '../access/index.ts';
import { appendAudit } from '../audit/repo.ts';
import { newId } from '../shared/ids.ts';
import { failure, ok, type Failure, type Ok, type OutcomeCode } from '../shared/outcome.ts';
import { documenti, impostazioniOrganismo, protocollo, protocolloAnnullamenti, protocolloDocumenti, users } from '../schema.ts';
import { classifyFile } from './mime.ts';
import type { FileStore } from './storage.ts';
import { cleanFileName, titleFromFileName } from './validation.ts';

export const DEFAULT_MAX_UPLOAD_BYTES = 16 * 1024 * 1024;

/** Upload size limit of the Organismo (impostazioni_organismo.max_upload_bytes, default 16 MB). */
export function maxUploadBytes(db: Db, organismoId: string): number {
	const row = db
		.select({ max: impostazioniOrganismo.maxUploadBytes })
		.from(impostazioniOrganismo)
		.where(eq(impostazioniOrganismo.organismoId, organismoId))
		.get();
	return row?.max && row.max > 0 ? row.max : DEFAULT_MAX_UPLOAD_BYTES;
}

const mbFormat = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 1 });

/** 16777216 -> "16 MB" (binary megabytes, as the limit is set). */
export function formatMegabytes(bytes: number): string {
	return `${mbFormat.format(bytes / (1024 * 1024))} MB`;
}

export function tooLargeMessage(limit: number, nomeFile?: string, size?: number): string {
	const detail = nomeFile ? ` («${nomeFile}»${size ? `, ${formatMegabytes(size)}` : ''})` : '';
	return `File troppo grande: massimo ${formatMegabytes(limit)}${detail}.`;
}

export interface AddDocumentInput {
	procedimentoId: string;
	titolo?: string | null;
	nomeFile: string;
	bytes: Uint8Array;
	/** "Riservato al mediatore". Ignored for a new version: versions keep the flag of their document. */
	riservato?: boolean;
	/** Upload a new version of this document (serie). */
	serieId?: string | null;
	protocolloId?: string | null;
}

export type AddDocumentError = 'permesso' | 'vuoto' | 'tipo' | 'dimensione' | 'serie' | 'protocollo';

/** A refused document: the Outcome code (for the status) and the precise reason (for callers that tell them apart). */
export type AddDocumentFailure = Failure & { reason: AddDocumentError };

export type AddDocumentResult =
	Ok<{ id: string; serieId: string; versione: number; nomeFile: string; mime: string; sha256: string }> | AddDocumentFailure;

const REASON_CODE: Record<AddDocumentError, OutcomeCode> = {
	permesso: 'forbidden',
	vuoto: 'invalid',
	tipo: 'invalid',
	dimensione: 'invalid',
	serie: 'not_found',
	protocollo: 'invalid'
};

function refused(reason: AddDocumentError, message: string): AddDocumentFailure {
	return { ...failure(REASON_CODE[reason], message), reason };
}

/**
 * Adds a document (or a new version of one) to the fascicolo of `input.procedimentoId`, whose access
 * context is `ctx`. Checks permission, size (Organismo limit) and type (detected from the bytes),
 * writes the blob (content-addressed, so a blob left by a failed insert is harmless and reused),
 * then inserts the metadata and the audit row in one transaction; the version number is computed
 * inside it.
 */
export async function addDocument(
	db: Db,
	store: FileStore,
	actor: UserActor,
	ctx: CaseContext,
	input: AddDocumentInput
): Promise<AddDocumentResult> {
	if (!canUploadDocument(actor, ctx)) return refused('permesso', 'Non puoi caricare documenti in questo procedimento.');
	const nome = cleanFileName(input.nomeFile);
	const limit = maxUploadBytes(db, ctx.organismoId);
	if (input.bytes.length > limit) return refused('dimensione', tooLargeMessage(limit, nome, input.bytes.length));

	let serie: { serieId: string; titolo: string; riservato: boolean } | null = null;
	if (input.serieId) {
		const versions = db
			.select({ titolo: documenti.titolo, riservato: documenti.riservato, autoreId: documenti.autoreId, versione: documenti.versione })
			.from(documenti)
			.where(and(eq(documenti.serieId, input.serieId), eq(documenti.procedimentoId, input.procedimentoId)))
			.orderBy(desc(documenti.versione))
			.all();
		// Versions share the flag of their document; the author of a riservato one still sees his own.
		const visible = versions.filter((v) => canViewDocument(actor, ctx, { riservato: v.riservato, authorId: v.autoreId }));
		const latest = visible[0];
		if (!latest) return refused('serie', 'Documento non trovato: impossibile caricarne una nuova versione.');
		const first = versions[versions.length - 1];
		if (!canAddVersion(actor, ctx, first.autoreId))
			return refused('permesso', 'Solo chi ha caricato il documento, il mediatore o la segreteria possono caricarne una nuova versione.');
		serie = { serieId: input.serieId, titolo: latest.titolo, riservato: latest.riservato };
	}

	if (input.protocolloId) {
		if (!canManageCase(actor, ctx)) return refused('permesso', 'Solo la segreteria può collegare un documento al protocollo.');
		const prot = db
			.select({ id: protocollo.id, annullato: protocolloAnnullamenti.protocolloId })
			.from(protocollo)
			.leftJoin(protocolloAnnullamenti, eq(protocolloAnnullamenti.protocolloId, protocollo.id))
			.where(
				and(
					eq(protocollo.id, input.protocolloId),
					eq(protocollo.procedimentoId, input.procedimentoId),
					eq(protocollo.organismoId, ctx.organismoId)
				)
			)
			.get();
		if (!prot) return refused('protocollo', 'Registrazione di protocollo non trovata per questo procedimento.');
		if (prot.annullato) return refused('protocollo', 'La registrazione di protocollo indicata è annullata.');
	}

	const kind = await classifyFile(nome, input.bytes);
	if (!kind.ok) return refused(kind.reason, kind.message);

	const blob = store.put(input.bytes);
	const id = newId();
	const serieId = serie?.serieId ?? newId();
	const titolo = input.titolo?.trim() || serie?.titolo || titleFromFileName(kind.nomeFile);
	const riservato = serie ? serie.riservato : Boolean(input.riservato);
	const versione = db.transaction(
		(tx) => {
			const versione = serie
				? (tx
						.select({ v: max(documenti.versione) })
						.from(documenti)
						.where(eq(documenti.serieId, serieId))
						.get()?.v ?? 0) + 1
				: 1;
			tx.insert(documenti)
				.values({
					id,
					procedimentoId: input.procedimentoId,
					serieId,
					versione,
					titolo,
					nomeFile: kind.nomeFile,
					mime: kind.mime,
					dimensione: blob.size,
					sha256: blob.sha256,
					riservato,
					autoreId: actor.id,
					protocolloId: input.protocolloId ?? null
				})
				.run();
			appendAudit(db, {
				action: 'documento.uploaded',
				organismoId: ctx.organismoId,
				actorId: actor.id,
				entityType: 'documento',
				entityId: id,
				details: {
					procedimentoId: input.procedimentoId,
					serieId,
					versione,
					titolo,
					nomeFile: kind.nomeFile,
					mime: kind.mime,
					dimensione: blob.size,
					sha256: blob.sha256,
					riservato,
					protocolloId: input.protocolloId ?? null
				}
			});
			return versione;
		},
		{ behavior: 'immediate' }
	);
	return ok({ id, serieId, versione, nomeFile: kind.nomeFile, mime: kind.mime, sha256: blob.sha256 });
}

export interface DocumentRow {
	id: string;
	serieId: string;
	versione: number;
	titolo: string;
	nomeFile: string;
	mime: string;
	dimensione: number;
	riservato: boolean;
	autoreId: string | null;
	autore: string | null;
	createdAt: Date;
	/** Protocol entries ("numero/anno") the document is linked to: at upload or at registration. */
	protocolli: string[];
}

/**
 * The documents of one procedimento the actor may see (riservato ones only for the mediator, the
 * segreteria and their author), newest first. `ctx` must be the context of `procedimentoId`.
 */
export function listDocuments(db: Db, actor: UserActor, ctx: CaseContext, procedimentoId: string): DocumentRow[] {
	if (!canViewDocument(actor, ctx, { riservato: false })) return [];
	const rows = db
		.select({ d: documenti, nome: users.nome, cognome: users.cognome })
		.from(documenti)
		.leftJoin(users, eq(documenti.autoreId, users.id))
		.where(eq(documenti.procedimentoId, procedimentoId))
		.orderBy(desc(documenti.createdAt), desc(documenti.versione))
		.all()
		.filter((r) => canViewDocument(actor, ctx, { riservato: r.d.riservato, authorId: r.d.autoreId }));
	const protocolli = protocolNumbers(db, procedimentoId);
	return rows.map(({ d, nome, cognome }) => ({
		id: d.id,
		serieId: d.serieId,
		versione: d.versione,
		titolo: d.titolo,
		nomeFile: d.nomeFile,
		mime: d.mime,
		dimensione: d.dimensione,
		riservato: d.riservato,
		autoreId: d.autoreId,
		autore: nome !== null ? `${nome} ${cognome}` : null,
		createdAt: d.createdAt,
		protocolli: [
			...new Set([...(d.protocolloId ? (protocolli.byId.get(d.protocolloId) ?? []) : []), ...(protocolli.byDoc.get(d.id) ?? [])])
		]
	}));
}

/** "numero/anno" of the protocol entries of a case, by entry id and by linked document. */
function protocolNumbers(db: Db, procedimentoId: string) {
	const byId = new Map<string, string[]>();
	const byDoc = new Map<string, string[]>();
	const entries = db
		.select({ id: protocollo.id, anno: protocollo.anno, numero: protocollo.numero })
		.from(protocollo)
		.where(eq(protocollo.procedimentoId, procedimentoId))
		.all();
	for (const e of entries) byId.set(e.id, [`${e.numero}/${e.anno}`]);
	const links = db
		.select({ protocolloId: protocolloDocumenti.protocolloId, documentoId: protocolloDocumenti.documentoId })
		.from(protocolloDocumenti)
		.innerJoin(documenti, eq(documenti.id, protocolloDocumenti.documentoId))
		.where(eq(documenti.procedimentoId, procedimentoId))
		.all();
	for (const l of links) {
		const n = byId.get(l.protocolloId);
		if (n) byDoc.set(l.documentoId, [...(byDoc.get(l.documentoId) ?? []), ...n]);
	}
	return { byId, byDoc };
}

export interface DocumentSerie {
	serieId: string;
	/** Latest version first. */
	versioni: DocumentRow[];
	/** Whether the actor may upload a new version. */
	puoAggiornare: boolean;
}

/** Visible documents grouped by serie (latest version first), series by their latest upload. */
export function listDocumentSeries(db: Db, actor: UserActor, ctx: CaseContext, procedimentoId: string): DocumentSerie[] {
	const bySerie = new Map<string, DocumentRow[]>();
	for (const row of listDocuments(db, actor, ctx, procedimentoId)) {
		const list = bySerie.get(row.serieId) ?? [];
		list.push(row);
		bySerie.set(row.serieId, list);
	}
	const canUpload = canUploadDocument(actor, ctx);
	return [...bySerie.entries()].map(([serieId, rows]) => {
		const versioni = rows.sort((a, b) => b.versione - a.versione);
		const first = versioni[versioni.length - 1];
		return { serieId, versioni, puoAggiornare: canUpload && canAddVersion(actor, ctx, first.versione === 1 ? first.autoreId : null) };
	});
}

export interface DownloadableDocument {
	id: string;
	nomeFile: string;
	mime: string;
	dimensione: number;
	sha256: string;
}

/**
 * One document for download, or null when it does not exist, belongs to another procedimento, or
 * the actor may not see it (the caller answers 404 in every case, so hidden documents are not
 * confirmed). Checked on every download.
 */
export function getDocumentForDownload(
	db: Db,
	actor: UserActor,
	ctx: CaseContext,
	procedimentoId: string,
	documentoId: string
): DownloadableDocument | null {
	const d = db
		.select()
		.from(documenti)
		.where(and(eq(documenti.id, documentoId), eq(documenti.procedimentoId, procedimentoId)))
		.get();
	if (!d || !canViewDocument(actor, ctx, { riservato: d.riservato, authorId: d.autoreId })) return null;
	return { id: d.id, nomeFile: d.nomeFile, mime: d.mime, dimensione: d.dimensione, sha256: d.sha256 };
}

/** Protocol entries of the case a document may be linked to (not annullate), newest first. */
export function listProtocolloOptions(
	db: Db,
	procedimentoId: string
): Array<{ id: string; anno: number; numero: number; oggetto: string }> {
	return db
		.select({ id: protocollo.id, anno: protocollo.anno, numero: protocollo.numero, oggetto: protocollo.oggetto })
		.from(protocollo)
		.leftJoin(protocolloAnnullamenti, eq(protocolloAnnullamenti.protocolloId, protocollo.id))
		.where(and(eq(protocollo.procedimentoId, procedimentoId), isNull(protocolloAnnullamenti.protocolloId)))
		.orderBy(desc(protocollo.anno), desc(protocollo.numero))
		.all();
}
