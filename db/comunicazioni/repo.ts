import { and, asc, desc, eq, inArray, isNotNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { newId } from '../shared/ids.ts';
import { getMember } from '../auth/memberships.ts';
import { documenti, persone, procedimenti, soggetti } from '../schema.ts';
import { loadActor, type UserActor } from '../access/index.ts';
import { casellePosta, messaggi, messaggiDestinatari, messaggiEventi, modelliComunicazione, postaArrivo, ricevute } from './schema.ts';
import type { StatoDestinatario } from './status.ts';
import { DEFAULT_TEMPLATES, type Atto } from './templates.ts';

/** Queries of the comunicazioni module (outbox, receipts, mailbox, templates). */

export type Casella = typeof casellePosta.$inferSelect;
export type Messaggio = typeof messaggi.$inferSelect;
export type Destinatario = typeof messaggiDestinatari.$inferSelect;

export function getCasella(db: Db, id: string): Casella | undefined {
	return db.select().from(casellePosta).where(eq(casellePosta.id, id)).get();
}

export function listCaselle(db: Db, organismoId: string): Casella[] {
	return db
		.select()
		.from(casellePosta)
		.where(eq(casellePosta.organismoId, organismoId))
		.orderBy(asc(casellePosta.canale), asc(casellePosta.nome))
		.all();
}

/** The active account the Organismo sends this channel from (the first one configured). */
export function casellaPer(db: Db, organismoId: string, canale: 'pec' | 'email'): Casella | undefined {
	return db
		.select()
		.from(casellePosta)
		.where(and(eq(casellePosta.organismoId, organismoId), eq(casellePosta.canale, canale), eq(casellePosta.attiva, true)))
		.orderBy(asc(casellePosta.createdAt))
		.get();
}

export function caselleDaLeggere(db: Db): Casella[] {
	return db
		.select()
		.from(casellePosta)
		.where(and(eq(casellePosta.attiva, true), isNotNull(casellePosta.imapHost)))
		.all();
}

export function getMessaggio(db: Db, id: string): Messaggio | undefined {
	return db.select().from(messaggi).where(eq(messaggi.id, id)).get();
}

export function findMessaggioByRichiesta(db: Db, richiestaId: string): Messaggio | undefined {
	return db.select().from(messaggi).where(eq(messaggi.richiestaId, richiestaId)).get();
}

export function findMessaggioByMessageId(db: Db, organismoId: string, messageId: string): Messaggio | undefined {
	return db
		.select()
		.from(messaggi)
		.where(and(eq(messaggi.organismoId, organismoId), eq(messaggi.messageId, messageId)))
		.get();
}

export function destinatariOf(db: Db, messaggioId: string): Destinatario[] {
	return db.select().from(messaggiDestinatari).where(eq(messaggiDestinatari.messaggioId, messaggioId)).all();
}

/** When the next queued message (or the lease of one being sent) falls due after `now`, or null. */
export function nextDueAt(db: Db, now: number): number | null {
	const row = db
		.select({
			at: sql<number | null>`min(case when ${messaggi.stato} = 'in_coda' then ${messaggi.prossimoTentativo} else ${messaggi.leaseFino} end)`
		})
		.from(messaggi)
		.where(
			or(
				and(eq(messaggi.stato, 'in_coda'), sql`${messaggi.prossimoTentativo} > ${now}`),
				and(eq(messaggi.stato, 'in_invio'), sql`${messaggi.leaseFino} > ${now}`)
			)
		)
		.get();
	return row?.at ?? null;
}

/** Messages whose turn has come: queued and due, or claimed by a sender whose lease ran out. */
export function dueMessageIds(db: Db, now: number, limit = 50): string[] {
	return db
		.select({ id: messaggi.id })
		.from(messaggi)
		.where(
			or(
				and(eq(messaggi.stato, 'in_coda'), lte(messaggi.prossimoTentativo, now)),
				and(eq(messaggi.stato, 'in_invio'), lte(messaggi.leaseFino, now))
			)
		)
		.orderBy(asc(messaggi.prossimoTentativo))
		.limit(limit)
		.all()
		.map((r) => r.id);
}

export function addEvento(
	db: Db,
	e: { messaggioId: string; destinatarioId?: string | null; stato: string; at: Date; descrizione?: string; ricevutaId?: string | null }
): void {
	db.insert(messaggiEventi)
		.values({
			id: newId(),
			messaggioId: e.messaggioId,
			destinatarioId: e.destinatarioId ?? null,
			stato: e.stato,
			at: e.at.toISOString(),
			descrizione: e.descrizione ?? '',
			ricevutaId: e.ricevutaId ?? null
		})
		.run();
}

export function setStatoDestinatario(
	db: Db,
	id: string,
	stato: StatoDestinatario,
	extra: { consegnatoIl?: string; errore?: string | null } = {}
): void {
	db.update(messaggiDestinatari)
		.set({
			stato,
			...(extra.consegnatoIl ? { consegnatoIl: extra.consegnatoIl } : {}),
			...(extra.errore !== undefined ? { errore: extra.errore } : {})
		})
		.where(eq(messaggiDestinatari.id, id))
		.run();
}

/** The person who asked for a message, as an actor of the message's Organismo (receipts are filed in their name). */
export function actorOfUser(db: Db, userId: string | null, organismoId: string): UserActor | null {
	if (!userId) return null;
	const u = getMember(db, organismoId, userId);
	if (!u || !u.active) return null;
	return loadActor(db, { id: u.id, organismoId: u.organismoId, membershipId: u.membershipId, role: u.role });
}

export function template(db: Db, organismoId: string, atto: Atto): { oggetto: string; testo: string; personalizzato: boolean } {
	const row = db
		.select()
		.from(modelliComunicazione)
		.where(and(eq(modelliComunicazione.organismoId, organismoId), eq(modelliComunicazione.atto, atto)))
		.get();
	return row ? { oggetto: row.oggetto, testo: row.testo, personalizzato: true } : { ...DEFAULT_TEMPLATES[atto], personalizzato: false };
}

export function saveTemplate(db: Db, organismoId: string, atto: Atto, t: { oggetto: string; testo: string }): void {
	db.insert(modelliComunicazione)
		.values({ organismoId, atto, ...t })
		.onConflictDoUpdate({ target: [modelliComunicazione.organismoId, modelliComunicazione.atto], set: { ...t, updatedAt: new Date() } })
		.run();
}

// ---------------------------------------------------------------- reading for pages

export interface DestinatarioView {
	id: string;
	indirizzo: string;
	nome: string;
	personaId: string | null;
	stato: StatoDestinatario;
	consegnatoIl: string | null;
	errore: string | null;
}

export interface EventoView {
	stato: string;
	at: string;
	descrizione: string;
	destinatarioId: string | null;
	ricevuta: { id: string; tipo: string; firmaValida: boolean; firmaEsito: string; documentoId: string | null; sha256: string } | null;
}

export interface MessaggioView {
	id: string;
	canale: 'pec' | 'email';
	oggetto: string;
	atto: Atto;
	stato: Messaggio['stato'];
	centroId: string | null;
	tentativi: number;
	ultimoErrore: string | null;
	prossimoTentativo: number;
	createdAt: Date;
	emlSha256: string;
	documentoId: string | null;
	destinatari: DestinatarioView[];
	eventi: EventoView[];
}

/** Every message of a case with recipients and timeline, newest first. */
export function listMessaggiProcedimento(db: Db, procedimentoId: string): MessaggioView[] {
	const rows = db.select().from(messaggi).where(eq(messaggi.procedimentoId, procedimentoId)).orderBy(desc(messaggi.createdAt)).all();
	if (!rows.length) return [];
	const ids = rows.map((r) => r.id);
	const dest = db.select().from(messaggiDestinatari).where(inArray(messaggiDestinatari.messaggioId, ids)).all();
	const ev = db
		.select({ e: messaggiEventi, r: ricevute })
		.from(messaggiEventi)
		.leftJoin(ricevute, eq(ricevute.id, messaggiEventi.ricevutaId))
		.where(inArray(messaggiEventi.messaggioId, ids))
		.orderBy(sql`${messaggiEventi}.rowid`)
		.all();
	return rows.map((m) => ({
		id: m.id,
		canale: m.canale,
		oggetto: m.oggetto,
		atto: m.atto,
		stato: m.stato,
		centroId: m.centroId,
		tentativi: m.tentativi,
		ultimoErrore: m.ultimoErrore,
		prossimoTentativo: m.prossimoTentativo,
		createdAt: m.createdAt,
		emlSha256: m.emlSha256,
		documentoId: m.documentoId,
		destinatari: dest
			.filter((d) => d.messaggioId === m.id)
			.map((d) => ({
				id: d.id,
				indirizzo: d.indirizzo,
				nome: d.nome,
				personaId: d.personaId,
				stato: d.stato,
				consegnatoIl: d.consegnatoIl,
				errore: d.errore
			})),
		eventi: ev
			.filter((x) => x.e.messaggioId === m.id)
			.map((x) => ({
				stato: x.e.stato,
				at: x.e.at,
				descrizione: x.e.descrizione,
				destinatarioId: x.e.destinatarioId,
				ricevuta: x.r
					? {
							id: x.r.id,
							tipo: x.r.tipo,
							firmaValida: x.r.firmaValida,
							firmaEsito: x.r.firmaEsito,
							documentoId: x.r.documentoId,
							sha256: x.r.sha256
						}
					: null
			}))
	}));
}

export type ArrivoRow = typeof postaArrivo.$inferSelect & {
	personaNome: string | null;
	procAnno: number | null;
	procNumero: number | null;
};

export function listPostaArrivo(db: Db, organismoId: string, stato: 'da_registrare' | 'tutti' = 'da_registrare'): ArrivoRow[] {
	return db
		.select({
			a: postaArrivo,
			personaNome: sql<string | null>`coalesce(${persone.denominazione}, ${persone.nome} || ' ' || ${persone.cognome})`,
			procAnno: procedimenti.anno,
			procNumero: procedimenti.numero
		})
		.from(postaArrivo)
		.leftJoin(persone, eq(persone.id, postaArrivo.personaId))
		.leftJoin(procedimenti, eq(procedimenti.id, postaArrivo.procedimentoId))
		.where(and(eq(postaArrivo.organismoId, organismoId), stato === 'tutti' ? undefined : eq(postaArrivo.stato, 'da_registrare')))
		.orderBy(desc(postaArrivo.ricevutoIl))
		.limit(200)
		.all()
		.map((r) => ({ ...r.a, personaNome: r.personaNome, procAnno: r.procAnno, procNumero: r.procNumero }));
}

export function getArrivo(db: Db, organismoId: string, id: string) {
	return db
		.select()
		.from(postaArrivo)
		.where(and(eq(postaArrivo.id, id), eq(postaArrivo.organismoId, organismoId)))
		.get();
}

/** A known person by e-mail or PEC address (the sender of an incoming message). */
export function personaByAddress(db: Db, organismoId: string, address: string): string | null {
	const a = address.trim().toLowerCase();
	if (!a) return null;
	return (
		db
			.select({ id: persone.id })
			.from(persone)
			.where(and(eq(persone.organismoId, organismoId), or(sql`lower(${persone.pec}) = ${a}`, sql`lower(${persone.email}) = ${a}`)))
			.get()?.id ?? null
	);
}

/** Open cases a person takes part in (to suggest where an incoming message belongs), newest first. */
export function casiDellaPersona(db: Db, personaId: string): Array<{ id: string; anno: number; numero: number; oggetto: string }> {
	return db
		.selectDistinct({ id: procedimenti.id, anno: procedimenti.anno, numero: procedimenti.numero, oggetto: procedimenti.oggetto })
		.from(soggetti)
		.innerJoin(procedimenti, eq(procedimenti.id, soggetti.procedimentoId))
		.where(eq(soggetti.personaId, personaId))
		.orderBy(desc(procedimenti.anno), desc(procedimenti.numero))
		.limit(20)
		.all();
}

export function documentoSha(db: Db, id: string): string | null {
	return db.select({ sha: documenti.sha256 }).from(documenti).where(eq(documenti.id, id)).get()?.sha ?? null;
}
