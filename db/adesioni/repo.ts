import { and, asc, count, eq, gt, inArray, isNotNull, isNull } from 'drizzle-orm';
import { timingSafeEqual } from 'node:crypto';
import type { Db } from '../client.ts';
import { sha256Hex } from '../shared/hash.ts';
import { newId } from '../shared/ids.ts';
import {
	adesioniAccessi,
	adesioniRisposte,
	adesioniTentativi,
	centriInteresse,
	materie,
	persone,
	procedimenti,
	soggetti,
	users
} from '../schema.ts';
import type { AccessoTipo } from './labels.ts';

/** Queries of the online adhesion (the only SQL of db/adesioni/). */

export interface AdesioneLimits {
	windowMs: number;
	/** Wrong codes for one numero di istanza (from any address) before it is locked for the window. */
	maxPerNumero: number;
	/** Wrong codes from one address (on any numero) before it is locked for the window. */
	maxPerIp: number;
}

export const DEFAULT_ADESIONE_LIMITS: AdesioneLimits = { windowMs: 15 * 60_000, maxPerNumero: 5, maxPerIp: 20 };

/** TTL of the party's page after a correct code, and of the link handed to the lawyer. */
export const ACCESSO_TTL_MS: Record<AccessoTipo, number> = { parte: 2 * 3600_000, avvocato: 30 * 24 * 3600_000 };

export function failuresSince(db: Db, organismoId: string, by: { numero: string } | { ip: string }, since: number): number[] {
	const key = 'numero' in by ? eq(adesioniTentativi.numero, by.numero) : eq(adesioniTentativi.ip, by.ip);
	return db
		.select({ at: adesioniTentativi.at })
		.from(adesioniTentativi)
		.where(
			and(
				eq(adesioniTentativi.organismoId, organismoId),
				key,
				eq(adesioniTentativi.riuscito, false),
				gt(adesioniTentativi.at, new Date(since))
			)
		)
		.orderBy(asc(adesioniTentativi.at))
		.all()
		.map((r) => r.at.getTime());
}

export function recordTentativo(db: Db, t: { organismoId: string; numero: string; ip: string; riuscito: boolean; at: number }): void {
	db.insert(adesioniTentativi)
		.values({ organismoId: t.organismoId, numero: t.numero, ip: t.ip, riuscito: t.riuscito, at: new Date(t.at) })
		.run();
}

export function countTentativi(db: Db, organismoId: string): number {
	return db.select({ n: count() }).from(adesioniTentativi).where(eq(adesioniTentativi.organismoId, organismoId)).get()?.n ?? 0;
}

const sameCode = (a: string, b: string) => {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
};

/** The invited centro of case `anno/numero` of the Organismo whose personal code this is, or null. */
export function findCentroByCodice(db: Db, organismoId: string, anno: number, numero: number, codice: string) {
	const proc = db
		.select({ id: procedimenti.id })
		.from(procedimenti)
		.where(and(eq(procedimenti.organismoId, organismoId), eq(procedimenti.anno, anno), eq(procedimenti.numero, numero)))
		.get();
	if (!proc) return null;
	const centri = db
		.select({ id: centriInteresse.id, codice: centriInteresse.codiceAdesione })
		.from(centriInteresse)
		.where(
			and(eq(centriInteresse.procedimentoId, proc.id), eq(centriInteresse.ruolo, 'invitata'), isNotNull(centriInteresse.codiceAdesione))
		)
		.all();
	// Every code of the case is compared (in constant time), so timing does not tell which matched.
	let found: string | null = null;
	for (const c of centri) if (sameCode(c.codice!, codice)) found = c.id;
	return found ? { procedimentoId: proc.id, centroId: found } : null;
}

export function createAccesso(
	db: Db,
	a: { organismoId: string; procedimentoId: string; centroId: string; tipo: AccessoTipo },
	now = Date.now()
): { token: string; scadenza: Date } {
	const token = newId();
	const scadenza = new Date(now + ACCESSO_TTL_MS[a.tipo]);
	db.insert(adesioniAccessi)
		.values({ id: newId(), ...a, tokenHash: sha256Hex(token), scadenza })
		.run();
	return { token, scadenza };
}

/** A personal link still valid, of this Organismo and kind. */
export function findAccesso(db: Db, organismoId: string, token: string, tipo: AccessoTipo, now = Date.now()) {
	const row = db
		.select()
		.from(adesioniAccessi)
		.where(
			and(eq(adesioniAccessi.tokenHash, sha256Hex(token)), eq(adesioniAccessi.organismoId, organismoId), eq(adesioniAccessi.tipo, tipo))
		)
		.get();
	if (!row || row.scadenza.getTime() <= now) return null;
	return row;
}

/** What the invited party sees about its case: the number, the subject, its own name; nothing about the others' data. */
export function riepilogoCentro(db: Db, centroId: string) {
	const c = db
		.select({
			centroId: centriInteresse.id,
			adesione: centriInteresse.adesione,
			dataAdesione: centriInteresse.dataAdesione,
			procedimentoId: procedimenti.id,
			organismoId: procedimenti.organismoId,
			sedeId: procedimenti.sedeId,
			anno: procedimenti.anno,
			numero: procedimenti.numero,
			oggetto: procedimenti.oggetto,
			dataDeposito: procedimenti.dataDeposito,
			stato: procedimenti.stato,
			materia: materie.nome
		})
		.from(centriInteresse)
		.innerJoin(procedimenti, eq(procedimenti.id, centriInteresse.procedimentoId))
		.innerJoin(materie, eq(materie.id, procedimenti.materiaId))
		.where(eq(centriInteresse.id, centroId))
		.get();
	if (!c) return null;
	const parti = db
		.select({ ruolo: soggetti.ruolo, persona: persone })
		.from(soggetti)
		.innerJoin(persone, eq(persone.id, soggetti.personaId))
		.where(and(eq(soggetti.centroId, centroId), inArray(soggetti.ruolo, ['parte', 'rappresentante', 'avvocato'])))
		.orderBy(asc(soggetti.ordine))
		.all();
	const nome = (p: typeof persone.$inferSelect) =>
		p.tipo === 'giuridica' ? (p.denominazione ?? '') : `${p.nome ?? ''} ${p.cognome ?? ''}`.trim();
	return {
		...c,
		parti: parti.filter((p) => p.ruolo !== 'avvocato').map((p) => nome(p.persona)),
		avvocati: parti.filter((p) => p.ruolo === 'avvocato').map((p) => nome(p.persona)),
		risposta: db.select().from(adesioniRisposte).where(eq(adesioniRisposte.centroId, centroId)).get() ?? null
	};
}

export type RiepilogoCentro = NonNullable<ReturnType<typeof riepilogoCentro>>;

/** The lawyer's record in the Organismo: the persona linked to the account, else a new one. */
export function personaAvvocato(
	db: Db,
	organismoId: string,
	userId: string,
	email: string,
	d: { nome: string; cognome: string; codiceFiscale: string; foro: string; pec: string | null; telefono: string | null }
): string {
	const own = db
		.select({ id: persone.id })
		.from(persone)
		.where(and(eq(persone.organismoId, organismoId), eq(persone.userId, userId)))
		.get();
	const values = { nome: d.nome, cognome: d.cognome, codiceFiscale: d.codiceFiscale, foro: d.foro, pec: d.pec, telefono: d.telefono };
	if (own) {
		db.update(persone).set(values).where(eq(persone.id, own.id)).run();
		return own.id;
	}
	const id = newId();
	db.insert(persone)
		.values({ id, organismoId, tipo: 'fisica', ...values, email, userId })
		.run();
	return id;
}

export function addAvvocatoAlCentro(db: Db, procedimentoId: string, centroId: string, personaId: string): string {
	const existing = db
		.select({ id: soggetti.id })
		.from(soggetti)
		.where(and(eq(soggetti.centroId, centroId), eq(soggetti.personaId, personaId), eq(soggetti.ruolo, 'avvocato')))
		.get();
	if (existing) return existing.id;
	const id = newId();
	db.insert(soggetti).values({ id, procedimentoId, centroId, personaId, ruolo: 'avvocato', ordine: 99 }).run();
	return id;
}

export function insertRisposta(db: Db, r: typeof adesioniRisposte.$inferInsert): void {
	db.insert(adesioniRisposte).values(r).run();
}

export function setAdesioneCentro(db: Db, centroId: string, adesione: 'aderito' | 'rifiutato', data: string): void {
	db.update(centriInteresse).set({ adesione, dataAdesione: data }).where(eq(centriInteresse.id, centroId)).run();
}

/** The invited centri of a case without a personal code yet (cases registered before codes existed): one each. */
export function ensureCodiciAdesione(db: Db, procedimentoId: string): number {
	const missing = db
		.select({ id: centriInteresse.id })
		.from(centriInteresse)
		.where(and(eq(centriInteresse.procedimentoId, procedimentoId), eq(centriInteresse.ruolo, 'invitata')))
		.all();
	let n = 0;
	for (const c of missing)
		n += db
			.update(centriInteresse)
			.set({ codiceAdesione: newId(10) })
			.where(and(eq(centriInteresse.id, c.id), isNull(centriInteresse.codiceAdesione)))
			.run().changes;
	return n;
}

/** Staff who follow the case: the responsabile and the segreteria covering its sede (active). */
export function staffDelCaso(db: Db, organismoId: string, sedeId: string): string[] {
	const rows = db.$client
		.prepare(
			`SELECT u.id AS id FROM memberships m JOIN users u ON u.id = m.user_id
			 WHERE m.organismo_id = ? AND m.active = 1 AND u.active = 1 AND m.role IN ('segreteria', 'responsabile')
			   AND (m.role <> 'segreteria' OR NOT EXISTS (SELECT 1 FROM membership_sedi s WHERE s.membership_id = m.id)
			        OR EXISTS (SELECT 1 FROM membership_sedi s WHERE s.membership_id = m.id AND s.sede_id = ?))`
		)
		.all(organismoId, sedeId) as { id: string }[];
	return rows.map((r) => r.id);
}

export function contattiUtenti(db: Db, ids: readonly string[]) {
	if (!ids.length) return [];
	return db
		.select({ id: users.id, email: users.email, nome: users.nome, cognome: users.cognome })
		.from(users)
		.where(inArray(users.id, [...new Set(ids)]))
		.all();
}

/** Lawyers of the case without an account: reached by their PEC or e-mail only. */
export function avvocatiSenzaAccount(db: Db, procedimentoId: string) {
	return db
		.select({ nome: persone.nome, cognome: persone.cognome, pec: persone.pec, email: persone.email })
		.from(soggetti)
		.innerJoin(persone, eq(persone.id, soggetti.personaId))
		.where(and(eq(soggetti.procedimentoId, procedimentoId), eq(soggetti.ruolo, 'avvocato'), isNull(persone.userId)))
		.all();
}
