import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { newId } from '../shared/ids.ts';
import {
	assegnazioni,
	documenti,
	firmaDestinatari,
	firmaEventi,
	firmaFiduciari,
	firmaProcessi,
	firmaVerifiche,
	users,
	verbaleVersioni,
	verbali
} from '../schema.ts';

export type ProcessoRow = typeof firmaProcessi.$inferSelect;
export type DestinatarioRow = typeof firmaDestinatari.$inferSelect;

export function getProcesso(db: Db, organismoId: string, id: string): ProcessoRow | undefined {
	return db
		.select()
		.from(firmaProcessi)
		.where(and(eq(firmaProcessi.id, id), eq(firmaProcessi.organismoId, organismoId)))
		.get();
}

export function listProcessi(db: Db, procedimentoId: string): ProcessoRow[] {
	return db
		.select()
		.from(firmaProcessi)
		.where(eq(firmaProcessi.procedimentoId, procedimentoId))
		.orderBy(desc(firmaProcessi.createdAt))
		.all();
}

export function listDestinatari(db: Db, processoId: string): DestinatarioRow[] {
	return db.select().from(firmaDestinatari).where(eq(firmaDestinatari.processoId, processoId)).orderBy(asc(firmaDestinatari.ordine)).all();
}

export function insertProcesso(
	db: Db,
	row: typeof firmaProcessi.$inferInsert,
	dest: Omit<typeof firmaDestinatari.$inferInsert, 'id'>[]
): void {
	db.insert(firmaProcessi).values(row).run();
	for (const d of dest)
		db.insert(firmaDestinatari)
			.values({ id: newId(), ...d })
			.run();
}

export function updateDestinatario(db: Db, id: string, set: Partial<typeof firmaDestinatari.$inferInsert>): void {
	db.update(firmaDestinatari).set(set).where(eq(firmaDestinatari.id, id)).run();
}

export function updateProcesso(db: Db, id: string, set: Partial<typeof firmaProcessi.$inferInsert>): void {
	db.update(firmaProcessi).set(set).where(eq(firmaProcessi.id, id)).run();
}

export function addEvento(
	db: Db,
	e: { organismoId: string; processoId: string; destinatarioId?: string | null; tipo: string; messaggio: string }
): void {
	db.insert(firmaEventi)
		.values({ id: newId(), ...e, destinatarioId: e.destinatarioId ?? null })
		.run();
}

export function listEventi(db: Db, processoId: string) {
	return db.select().from(firmaEventi).where(eq(firmaEventi.processoId, processoId)).orderBy(asc(firmaEventi.createdAt)).all();
}

export function documentRow(db: Db, id: string) {
	return db.select().from(documenti).where(eq(documenti.id, id)).get();
}

export function saveVerifica(db: Db, row: Omit<typeof firmaVerifiche.$inferInsert, 'id'>): string {
	const id = newId();
	db.insert(firmaVerifiche)
		.values({ id, ...row })
		.run();
	return id;
}

export function latestVerifica(db: Db, documentoId: string) {
	return db.select().from(firmaVerifiche).where(eq(firmaVerifiche.documentoId, documentoId)).orderBy(desc(firmaVerifiche.createdAt)).get();
}

export function listFiduciari(db: Db, organismoId: string) {
	return db.select().from(firmaFiduciari).where(eq(firmaFiduciari.organismoId, organismoId)).all();
}

export function addFiduciario(db: Db, row: Omit<typeof firmaFiduciari.$inferInsert, 'id'>): boolean {
	const r = db
		.insert(firmaFiduciari)
		.values({ id: newId(), ...row })
		.onConflictDoNothing()
		.run();
	return r.changes > 0;
}

/** The accepted mediators of a case (the last signers). */
export function assignments(db: Db, procedimentoId: string): { nome: string; userId: string; codiceFiscale: null; email: string }[] {
	return db
		.select({ id: users.id, nome: users.nome, cognome: users.cognome, email: users.email })
		.from(assegnazioni)
		.innerJoin(users, eq(assegnazioni.mediatoreId, users.id))
		.where(and(eq(assegnazioni.procedimentoId, procedimentoId), eq(assegnazioni.stato, 'accettata')))
		.orderBy(asc(assegnazioni.ruolo))
		.all()
		.map((m) => ({ nome: `${m.nome} ${m.cognome}`, userId: m.id, codiceFiscale: null, email: m.email }));
}

/** Processes still open (the reminders job), across Organismi. */
export function listProcessiInCorso(db: Db): ProcessoRow[] {
	return db.select().from(firmaProcessi).where(eq(firmaProcessi.stato, 'in_corso')).all();
}

/** The processes of a case where this user is a recipient. */
export function processiDelDestinatario(db: Db, procedimentoId: string, userId: string): ProcessoRow[] {
	const ids = db
		.select({ id: firmaDestinatari.processoId })
		.from(firmaDestinatari)
		.innerJoin(firmaProcessi, eq(firmaProcessi.id, firmaDestinatari.processoId))
		.where(and(eq(firmaProcessi.procedimentoId, procedimentoId), eq(firmaDestinatari.userId, userId)))
		.all()
		.map((r) => r.id);
	if (!ids.length) return [];
	return db.select().from(firmaProcessi).where(inArray(firmaProcessi.id, ids)).orderBy(desc(firmaProcessi.createdAt)).all();
}

export interface DocumentoFirmabile {
	id: string;
	titolo: string;
	nomeFile: string;
	versione: number;
	/** When the PDF is the export of a verbale version: which one, and whether the verbale is locked. */
	verbale: { titolo: string; versione: number; bloccato: boolean } | null;
}

/** The PDFs of the fascicolo a process can start from (latest version of each series first). */
export function documentiFirmabili(db: Db, procedimentoId: string): DocumentoFirmabile[] {
	const rows = db
		.select({ d: documenti, v: verbaleVersioni, vb: verbali })
		.from(documenti)
		.leftJoin(verbaleVersioni, eq(verbaleVersioni.documentoId, documenti.id))
		.leftJoin(verbali, eq(verbali.id, verbaleVersioni.verbaleId))
		.where(and(eq(documenti.procedimentoId, procedimentoId), eq(documenti.mime, 'application/pdf')))
		.orderBy(desc(documenti.createdAt), desc(documenti.versione))
		.all();
	const latest = new Map<string, number>();
	for (const r of rows) latest.set(r.d.serieId, Math.max(latest.get(r.d.serieId) ?? 0, r.d.versione));
	return rows
		.filter((r) => latest.get(r.d.serieId) === r.d.versione)
		.map((r) => ({
			id: r.d.id,
			titolo: r.d.titolo,
			nomeFile: r.d.nomeFile,
			versione: r.d.versione,
			verbale: r.v && r.vb ? { titolo: r.vb.titolo, versione: r.v.numero, bloccato: r.vb.locked } : null
		}));
}

export function getDestinatario(db: Db, processoId: string, id: string): DestinatarioRow | undefined {
	return db
		.select()
		.from(firmaDestinatari)
		.where(and(eq(firmaDestinatari.processoId, processoId), eq(firmaDestinatari.id, id)))
		.get();
}

export function getFiduciario(db: Db, organismoId: string, id: string) {
	return db
		.select()
		.from(firmaFiduciari)
		.where(and(eq(firmaFiduciari.organismoId, organismoId), eq(firmaFiduciari.id, id)))
		.get();
}

export function deleteFiduciario(db: Db, organismoId: string, id: string): boolean {
	return (
		db
			.delete(firmaFiduciari)
			.where(and(eq(firmaFiduciari.organismoId, organismoId), eq(firmaFiduciari.id, id)))
			.run().changes > 0
	);
}

/** Removes a recipient who has not signed (their personal link stops working with the row). */
export function deleteDestinatario(db: Db, processoId: string, id: string): boolean {
	return (
		db
			.delete(firmaDestinatari)
			.where(and(eq(firmaDestinatari.processoId, processoId), eq(firmaDestinatari.id, id)))
			.run().changes > 0
	);
}
