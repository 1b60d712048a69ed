import { and, count, desc, eq, lte, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { appendAudit } from '../audit/repo.ts';
import { centriInteresse, tariffe } from '../schema.ts';
import { parseTariffaDati, TARIFFE_DEFAULT, type TariffaDati } from './tables.ts';

/** One tariff version of an Organismo, with its validated table. */
export interface TariffaVersione {
	id: string;
	organismoId: string;
	nome: string;
	validaDal: string;
	provvisoria: boolean;
	fonte: string;
	dati: TariffaDati;
}

/** The stored JSON of a tariff version is not a valid table (shown to the staff, never guessed around). */
export class TariffaNonValidaError extends Error {
	readonly tariffaId: string;
	constructor(tariffaId: string, nome: string, cause: Error) {
		super(`La tariffa «${nome}» non è valida: ${cause.message}`);
		this.name = 'TariffaNonValidaError';
		this.tariffaId = tariffaId;
	}
}

export function defaultTariffaId(organismoId: string, chiave: string): string {
	return `${organismoId}-tariffa-${chiave}`;
}

/**
 * Inserts the default tariff versions (DM 180/2010 and DM 150/2023) for an Organismo that has no
 * tariff yet. Idempotent: an Organismo with at least one version (defaults or its own) is left
 * untouched, so its own tables are never shadowed by a default with the same date. Returns the
 * number of versions inserted.
 */
export function ensureDefaultTariffe(db: Db, organismoId: string): number {
	return db.transaction(
		() => {
			const existing = db.select({ n: count() }).from(tariffe).where(eq(tariffe.organismoId, organismoId)).get()?.n ?? 0;
			if (existing > 0) return 0;
			for (const t of TARIFFE_DEFAULT) {
				db.insert(tariffe)
					.values({
						id: defaultTariffaId(organismoId, t.chiave),
						organismoId,
						nome: t.nome,
						validaDal: t.validaDal,
						provvisoria: t.provvisoria,
						fonte: t.fonte,
						dati: JSON.stringify(t.dati)
					})
					.onConflictDoNothing()
					.run();
			}
			appendAudit(db, {
				action: 'tariffe.default_inserted',
				organismoId,
				entityType: 'tariffe',
				details: { versioni: TARIFFE_DEFAULT.map((t) => `${t.nome} dal ${t.validaDal}`) }
			});
			return TARIFFE_DEFAULT.length;
		},
		{ behavior: 'immediate' }
	);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The tariff version that applies to a case filed on `dataDeposito` (YYYY-MM-DD): the newest
 * version with validaDal <= dataDeposito (so cases filed before 15/11/2023 keep the DM 180/2010
 * tariff). Two versions with the same date: the one inserted last wins. Null when none applies.
 * Throws TariffaNonValidaError when the stored table does not pass validation.
 */
export function tariffaFor(db: Db, organismoId: string, dataDeposito: string): TariffaVersione | null {
	if (!ISO_DATE.test(dataDeposito)) throw new RangeError(`Data di deposito non valida: ${dataDeposito}`);
	const row = db
		.select()
		.from(tariffe)
		.where(and(eq(tariffe.organismoId, organismoId), lte(tariffe.validaDal, dataDeposito)))
		.orderBy(desc(tariffe.validaDal), desc(sql`rowid`))
		.limit(1)
		.get();
	if (!row) return null;
	let dati: TariffaDati;
	try {
		dati = parseTariffaDati(row.dati);
	} catch (err) {
		throw new TariffaNonValidaError(row.id, row.nome, err as Error);
	}
	return {
		id: row.id,
		organismoId: row.organismoId,
		nome: row.nome,
		validaDal: row.validaDal,
		provvisoria: row.provvisoria,
		fonte: row.fonte,
		dati
	};
}

/** Centri di interesse of a case: the number of parties paying the indennità. */
export function countCentriInteresse(db: Db, procedimentoId: string): number {
	return db.select({ n: count() }).from(centriInteresse).where(eq(centriInteresse.procedimentoId, procedimentoId)).get()?.n ?? 0;
}
