import { and, asc, count, eq, gte, sql } from 'drizzle-orm';
import { canConfigureOrganismo, type UserActor } from '../access/index.ts';
import { appendAudit } from '../audit/repo.ts';
import { writeTransaction, type Db } from '../client.ts';
import { procedimenti, tariffe } from '../schema.ts';
import { sha256Hex } from '../shared/hash.ts';
import { newId } from '../shared/ids.ts';
import { conflict, forbidden, invalid, notFound, ok, type Outcome } from '../shared/outcome.ts';
import { addDays, formatGiorno, romeIsoDate } from '../shared/time.ts';
import type { NuovaVersioneTariffa } from './schemas.ts';
import { TariffaDatiSchema, type TariffaDati } from './tables.ts';

/**
 * The amministratore's versions of the fee tables. A case's fees come from the newest version whose
 * validaDal is on or before its filing date (db/fees/repo.ts tariffaFor), so the versions are
 * append-only with one rule that keeps every existing case's fees as they are:
 *
 * - a new version starts after today AND after the filing date of every case of the Organismo
 *   (a version dated earlier would silently change the fees of cases already filed);
 * - a version is never edited; one that no case uses yet (it starts in the future) can be deleted
 *   and made again.
 *
 * Every change is audited with the table's hash.
 */

export type Esito = Outcome<{ message: string; id?: string }>;

const NOT_ALLOWED = "Solo l'amministratore configura sedi, materie e tariffe dell'organismo.";

export type StatoVersione = 'in_vigore' | 'futura' | 'precedente';

export interface VersioneElenco {
	id: string;
	nome: string;
	validaDal: string;
	fonte: string;
	provvisoria: boolean;
	stato: StatoVersione;
	/** Cases of the Organismo whose fees come from this version. */
	procedimenti: number;
	/** No case uses it and it starts after today. */
	eliminabile: boolean;
}

/** The latest filing date among the Organismo's cases (YYYY-MM-DD), or null. */
function ultimoDeposito(db: Db, organismoId: string): string | null {
	return (
		db
			.select({ d: sql<string | null>`max(${procedimenti.dataDeposito})` })
			.from(procedimenti)
			.where(eq(procedimenti.organismoId, organismoId))
			.get()?.d ?? null
	);
}

/** The first day a new version may start: tomorrow, or the day after the latest filing if later. */
export function primaDataUtile(db: Db, organismoId: string, today: string = romeIsoDate()): string {
	const dopoOggi = addDays(today, 1);
	const last = ultimoDeposito(db, organismoId);
	const dopoUltimo = last ? addDays(last, 1) : dopoOggi;
	return dopoUltimo > dopoOggi ? dopoUltimo : dopoOggi;
}

/** Every version of the Organismo, oldest first, with the cases it applies to. */
export function listVersioniTariffa(db: Db, organismoId: string, today: string = romeIsoDate()): VersioneElenco[] {
	const rows = db
		.select({
			id: tariffe.id,
			nome: tariffe.nome,
			validaDal: tariffe.validaDal,
			fonte: tariffe.fonte,
			provvisoria: tariffe.provvisoria,
			rowid: sql<number>`rowid`
		})
		.from(tariffe)
		.where(eq(tariffe.organismoId, organismoId))
		.orderBy(asc(tariffe.validaDal), asc(sql`rowid`))
		.all();
	// Same rule as tariffaFor: the newest validaDal <= date wins, and the last inserted among equals.
	const effective = rows.filter((r, i) => rows[i + 1]?.validaDal !== r.validaDal);
	const deposits = db
		.select({ d: procedimenti.dataDeposito, n: count() })
		.from(procedimenti)
		.where(eq(procedimenti.organismoId, organismoId))
		.groupBy(procedimenti.dataDeposito)
		.all();
	const inUse = new Map<string, number>();
	for (const { d, n } of deposits) {
		const v = effective.filter((r) => r.validaDal <= d).at(-1);
		if (v) inUse.set(v.id, (inUse.get(v.id) ?? 0) + n);
	}
	const current = effective.filter((r) => r.validaDal <= today).at(-1)?.id ?? null;
	return rows.map((r) => {
		const n = inUse.get(r.id) ?? 0;
		const stato: StatoVersione = r.id === current ? 'in_vigore' : r.validaDal > today ? 'futura' : 'precedente';
		return {
			id: r.id,
			nome: r.nome,
			validaDal: r.validaDal,
			fonte: r.fonte,
			provvisoria: r.provvisoria,
			stato,
			procedimenti: n,
			eliminabile: r.validaDal > today && !deposits.some((d) => d.d >= r.validaDal)
		};
	});
}

/** One version of the Organismo with its parsed table (null when not the Organismo's or unreadable). */
export function getVersioneTariffa(
	db: Db,
	organismoId: string,
	id: string
): { id: string; nome: string; validaDal: string; fonte: string; provvisoria: boolean; dati: TariffaDati } | null {
	const row = db
		.select()
		.from(tariffe)
		.where(and(eq(tariffe.id, id), eq(tariffe.organismoId, organismoId)))
		.get();
	if (!row) return null;
	let json: unknown;
	try {
		json = JSON.parse(row.dati);
	} catch {
		return null;
	}
	const dati = TariffaDatiSchema.safeParse(json);
	if (!dati.success) return null;
	return { id: row.id, nome: row.nome, validaDal: row.validaDal, fonte: row.fonte, provvisoria: row.provvisoria, dati: dati.data };
}

/** The base version's table with the amounts of the form; the rest (norms, reductions, notes) is kept. */
function applica(base: TariffaDati, v: NuovaVersioneTariffa): TariffaDati | string {
	if (v.scaglioni.length !== base.scaglioni.length)
		return 'Il numero degli scaglioni non corrisponde alla versione di partenza: ricarica la pagina.';
	return {
		...base,
		importoMediazione: v.importoMediazione,
		ivaBp: v.iva,
		maggiorazioni: { ...base.maggiorazioni, accordoPrimoIncontroBp: v.accordoPrimoIncontro, accordoSuccessivoBp: v.accordoSuccessivo },
		scaglioni: base.scaglioni.map((s, i) => {
			const f = v.scaglioni[i];
			return {
				...s,
				finoA: i === base.scaglioni.length - 1 && f.finoA === null ? null : f.finoA,
				avvio: f.avvio,
				primoIncontro: f.primoIncontro,
				mediazione:
					s.mediazione.tipo === 'importo'
						? { tipo: 'importo', minimo: f.minimo, massimo: f.massimo }
						: { tipo: 'percentuale', minimoBp: f.minimo, massimoBp: f.massimo }
			};
		}),
		indeterminabile: v.indeterminabile
	};
}

/** Bracket bounds grow and only the last is "oltre": checked here, the schema checks the rest. */
function scaglioniProblem(d: TariffaDati): string | null {
	for (let i = 0; i < d.scaglioni.length; i++) {
		const s = d.scaglioni[i];
		const last = i === d.scaglioni.length - 1;
		if (!last && s.finoA === null) return `Scaglione ${i + 1}: indica il limite (solo l'ultimo scaglione è «oltre»).`;
		const prev = d.scaglioni[i - 1]?.finoA;
		if (i > 0 && s.finoA !== null && prev != null && s.finoA <= prev)
			return `Scaglione ${i + 1}: il limite deve essere maggiore di quello dello scaglione precedente.`;
	}
	return null;
}

export function creaVersioneTariffa(db: Db, actor: UserActor, v: NuovaVersioneTariffa, today: string = romeIsoDate()): Esito {
	if (!canConfigureOrganismo(actor)) return forbidden(NOT_ALLOWED);
	return writeTransaction(db, () => {
		const base = getVersioneTariffa(db, actor.organismoId, v.baseId);
		if (!base) return notFound('Versione di partenza non trovata.', 'baseId');
		const min = primaDataUtile(db, actor.organismoId, today);
		if (v.validaDal < min)
			return invalid(
				`La nuova versione può valere dal ${formatGiorno(min)} in poi: una data precedente cambierebbe le spese di procedimenti già depositati.`,
				'validaDal'
			);
		const same = db
			.select({ nome: tariffe.nome })
			.from(tariffe)
			.where(and(eq(tariffe.organismoId, actor.organismoId), eq(tariffe.validaDal, v.validaDal)))
			.get();
		if (same)
			return conflict(
				`La versione «${same.nome}» vale già dal ${formatGiorno(v.validaDal)}: eliminala o scegli un'altra data.`,
				'validaDal'
			);
		const merged = applica(base.dati, v);
		if (typeof merged === 'string') return invalid(merged, 'form');
		const bounds = scaglioniProblem(merged);
		if (bounds) return invalid(bounds, 'scaglioni');
		const checked = TariffaDatiSchema.safeParse(merged);
		if (!checked.success) return invalid(checked.error.issues[0]?.message ?? 'Tariffa non valida.', 'form');
		const dati = JSON.stringify(checked.data);
		const id = newId();
		db.insert(tariffe)
			.values({
				id,
				organismoId: actor.organismoId,
				nome: v.nome,
				validaDal: v.validaDal,
				provvisoria: v.provvisoria,
				fonte: v.fonte,
				dati
			})
			.run();
		appendAudit(db, {
			action: 'tariffa.versione_creata',
			organismoId: actor.organismoId,
			actorId: actor.id,
			entityType: 'tariffa',
			entityId: id,
			details: { nome: v.nome, validaDal: v.validaDal, daVersione: base.nome, provvisoria: v.provvisoria, sha256: sha256Hex(dati) }
		});
		return ok({ id, message: `Versione «${v.nome}» salvata: vale per le domande depositate dal ${formatGiorno(v.validaDal)}.` });
	});
}

/** Deletes a version no case uses yet (it starts after today): the way to correct a planned one. */
export function eliminaVersioneTariffa(db: Db, actor: UserActor, id: string, today: string = romeIsoDate()): Esito {
	if (!canConfigureOrganismo(actor)) return forbidden(NOT_ALLOWED);
	return writeTransaction(db, () => {
		const v = db
			.select()
			.from(tariffe)
			.where(and(eq(tariffe.id, id), eq(tariffe.organismoId, actor.organismoId)))
			.get();
		if (!v) return notFound('Versione non trovata.');
		if (v.validaDal <= today)
			return invalid(`La versione «${v.nome}» è già in vigore o superata: non si elimina, resta per i procedimenti depositati.`);
		const usata =
			db
				.select({ n: count() })
				.from(procedimenti)
				.where(and(eq(procedimenti.organismoId, actor.organismoId), gte(procedimenti.dataDeposito, v.validaDal)))
				.get()?.n ?? 0;
		if (usata > 0) return invalid(`La versione «${v.nome}» vale già per ${usata} procedimenti depositati: non si elimina.`);
		db.delete(tariffe).where(eq(tariffe.id, id)).run();
		appendAudit(db, {
			action: 'tariffa.versione_eliminata',
			organismoId: actor.organismoId,
			actorId: actor.id,
			entityType: 'tariffa',
			entityId: id,
			details: { nome: v.nome, validaDal: v.validaDal, sha256: sha256Hex(v.dati) }
		});
		return ok({ message: `Versione «${v.nome}» eliminata.` });
	});
}
