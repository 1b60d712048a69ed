import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { newId } from '../shared/ids.ts';
import { assegnazioni, documenti, firmaDestinatari, firmaEventi, firmaFiduciari, firmaProcessi, firmaVerifiche, users } from '../schema.ts';

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
