import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { newId } from '../shared/ids.ts';
import { materie, memberships, organismi, procedimenti, sedi } from '../schema.ts';
import type { SedeInput } from './schemas.ts';

export function getOrganismoBySlug(db: Db, slug: string) {
	return db.select().from(organismi).where(eq(organismi.slug, slug.toLowerCase())).get() ?? null;
}

/** The Organismo whose own domain is this host name (lower case), or null. */
export function organismoByDominio(db: Db, host: string): string | null {
	return db.select({ id: organismi.id }).from(organismi).where(eq(organismi.dominio, host.toLowerCase())).get()?.id ?? null;
}

/** Sets (or with null removes) the Organismo's own domain; false when another Organismo has it already. */
export function setDominio(db: Db, organismoId: string, dominio: string | null): boolean {
	const taken = dominio ? organismoByDominio(db, dominio) : null;
	if (taken && taken !== organismoId) return false;
	db.update(organismi)
		.set({ dominio: dominio?.toLowerCase() ?? null })
		.where(eq(organismi.id, organismoId))
		.run();
	return true;
}

export function getOrganismoById(db: Db, id: string) {
	return db.select().from(organismi).where(eq(organismi.id, id)).get() ?? null;
}

export function listSediOf(db: Db, organismoId: string) {
	return db.select().from(sedi).where(eq(sedi.organismoId, organismoId)).orderBy(asc(sedi.nome)).all();
}

export function insertSede(db: Db, organismoId: string, input: SedeInput): string {
	const id = newId();
	db.insert(sedi)
		.values({ id, organismoId, ...input })
		.run();
	return id;
}

/**
 * Per-Organismo usage for the platform operator: counts only (people, sedi, cases, documents,
 * audit events, last activity), never case data.
 */
export function usageByOrganismo(db: Db) {
	const rows = db
		.select({
			id: organismi.id,
			denominazione: organismi.denominazione,
			numeroRegistro: organismi.numeroRegistro,
			slug: organismi.slug,
			createdAt: organismi.createdAt
		})
		.from(organismi)
		.orderBy(asc(organismi.denominazione))
		.all();
	const countBy = (q: string) =>
		new Map((db.$client.prepare(q).all() as { organismoId: string; n: number }[]).map((r) => [r.organismoId, r.n]));
	const persone = new Map(
		db
			.select({ organismoId: memberships.organismoId, n: count() })
			.from(memberships)
			.where(eq(memberships.active, true))
			.groupBy(memberships.organismoId)
			.all()
			.map((r) => [r.organismoId, r.n])
	);
	const casi = new Map(
		db
			.select({ organismoId: procedimenti.organismoId, n: count() })
			.from(procedimenti)
			.groupBy(procedimenti.organismoId)
			.all()
			.map((r) => [r.organismoId, r.n])
	);
	const sediN = countBy('SELECT organismo_id AS organismoId, count(*) AS n FROM sedi GROUP BY organismo_id');
	const documenti = countBy(
		'SELECT p.organismo_id AS organismoId, count(*) AS n FROM documenti d JOIN procedimenti p ON p.id = d.procedimento_id GROUP BY p.organismo_id'
	);
	const eventi = countBy(
		'SELECT organismo_id AS organismoId, count(*) AS n FROM audit_log WHERE organismo_id IS NOT NULL GROUP BY organismo_id'
	);
	const ultima = new Map(
		(
			db.$client
				.prepare('SELECT organismo_id AS organismoId, max(at) AS at FROM audit_log WHERE organismo_id IS NOT NULL GROUP BY organismo_id')
				.all() as {
				organismoId: string;
				at: string;
			}[]
		).map((r) => [r.organismoId, r.at])
	);
	return rows.map((o) => ({
		...o,
		persone: persone.get(o.id) ?? 0,
		sedi: sediN.get(o.id) ?? 0,
		procedimenti: casi.get(o.id) ?? 0,
		documenti: documenti.get(o.id) ?? 0,
		eventi: eventi.get(o.id) ?? 0,
		ultimaAttivita: ultima.get(o.id) ?? null
	}));
}

export function slugTaken(db: Db, slug: string): boolean {
	return Boolean(
		db
			.select({ id: organismi.id })
			.from(organismi)
			.where(sql`lower(${organismi.slug}) = ${slug.toLowerCase()}`)
			.get()
	);
}

/** The Organismo's name as printed on protocol entries and letters ("l'Organismo" when unknown). */
export function denominazioneOrganismo(db: Db, organismoId: string): string {
	const org = db.select({ denominazione: organismi.denominazione }).from(organismi).where(eq(organismi.id, organismoId)).get();
	return org?.denominazione ?? "l'Organismo";
}

/** The sedi a staff member can file a procedimento in: all of the Organismo's, or only theirs. */
export function sediSelezionabili(db: Db, organismoId: string, sedeIds?: readonly string[] | null) {
	return db
		.select({ id: sedi.id, nome: sedi.nome })
		.from(sedi)
		.where(eq(sedi.organismoId, organismoId))
		.all()
		.filter((s) => !sedeIds?.length || sedeIds.includes(s.id));
}

/** The active materie of the Organismo, in their configured order. */
export function materieAttive(db: Db, organismoId: string) {
	return db
		.select({ id: materie.id, nome: materie.nome, obbligatoria: materie.obbligatoria })
		.from(materie)
		.where(and(eq(materie.organismoId, organismoId), eq(materie.attiva, true)))
		.orderBy(asc(materie.ordine))
		.all();
}
