import { and, asc, count, eq, ne } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { auditLog, centriInteresse, incontri, procedimenti, regoleScadenze } from '../schema.ts';
import { computeScadenze, selezionaRegola, valutaProroga, type DatiScadenze, type EsitoProroga, type Scadenza } from './compute.ts';
import { romeIsoDate, type IsoDate } from '../shared/time.ts';
import { estraiDataOrdinanza } from './ordinanza.ts';
import { DEFAULT_REGOLE, parseRegola, type Codice, type Regola, type Tipologia } from './rules.ts';

/** Audit action that records an extension of the maximum duration agreed by the parties. */
export const AZIONE_PROROGA = 'procedimento.proroga';

/**
 * Inserts the default rule versions that are missing (by id); never overwrites a stored version, so
 * an Organismo's corrections survive. Returns how many rows were added.
 */
export function ensureDefaultRegole(db: Db): number {
	return db.transaction((tx) => {
		let added = 0;
		for (const r of DEFAULT_REGOLE) {
			const res = tx
				.insert(regoleScadenze)
				.values({ ...r, parametri: JSON.stringify(r.parametri) })
				.onConflictDoNothing()
				.run();
			added += res.changes;
		}
		return added;
	});
}

/** Every stored version (of one codice), validated. */
export function listRegole(db: Db, codice?: Codice): Regola[] {
	const rows = db
		.select()
		.from(regoleScadenze)
		.where(codice ? eq(regoleScadenze.codice, codice) : undefined)
		.orderBy(asc(regoleScadenze.codice), asc(regoleScadenze.validaDal))
		.all();
	return rows.map(parseRegola);
}

/** The version of `codice` in force on `date` for this tipologia (specific rows win over generic ones). */
export function regolaFor<C extends Codice>(db: Db, codice: C, tipologia: Tipologia | null, date: IsoDate): Regola<C> | null {
	return selezionaRegola(listRegole(db, codice), codice, tipologia, date);
}

/** Instant (ISO with offset) -> calendar date in Italy. */
/** The inputs of computeScadenze for a stored case, or null when it does not exist. */
export function datiScadenze(db: Db, procedimentoId: string, today: IsoDate = romeIsoDate()): DatiScadenze | null {
	const p = db
		.select({
			dataDeposito: procedimenti.dataDeposito,
			tipologia: procedimenti.tipologia,
			riferimentoGiudizio: procedimenti.riferimentoGiudizio,
			dataConclusione: procedimenti.dataConclusione
		})
		.from(procedimenti)
		.where(eq(procedimenti.id, procedimentoId))
		.get();
	if (!p) return null;
	const invitati = db
		.select({
			dataInvio: centriInteresse.dataInvioComunicazione,
			adesione: centriInteresse.adesione,
			dataAdesione: centriInteresse.dataAdesione
		})
		.from(centriInteresse)
		.where(and(eq(centriInteresse.procedimentoId, procedimentoId), eq(centriInteresse.ruolo, 'invitata')))
		.all();
	const inviate = invitati.map((c) => c.dataInvio).filter((x): x is string => Boolean(x));
	const risposto = invitati.length > 0 && invitati.every((c) => (c.adesione === 'aderito' || c.adesione === 'rifiutato') && c.dataAdesione);
	const primo = db
		.select({ inizio: incontri.inizio })
		.from(incontri)
		.where(and(eq(incontri.procedimentoId, procedimentoId), eq(incontri.tipo, 'primo'), ne(incontri.stato, 'annullato')))
		.orderBy(asc(incontri.inizio))
		.get();
	return {
		dataDeposito: p.dataDeposito,
		tipologia: p.tipologia,
		dataOrdinanza: p.tipologia === 'demandata' ? estraiDataOrdinanza(p.riferimentoGiudizio) : null,
		proroghe: contaProroghe(db, procedimentoId),
		dataComunicazione: inviate.length ? inviate.sort()[0] : null,
		today,
		dataPrimoIncontro: primo ? romeIsoDate(primo.inizio) : null,
		dataRisposte: risposto ? invitati.map((c) => c.dataAdesione!).sort()[invitati.length - 1] : null,
		dataConclusione: p.dataConclusione ?? null
	};
}

/** Extensions registered for the case: audit rows AZIONE_PROROGA (append-only, like the extension itself). */
export function contaProroghe(db: Db, procedimentoId: string): number {
	const row = db
		.select({ n: count() })
		.from(auditLog)
		.where(and(eq(auditLog.action, AZIONE_PROROGA), eq(auditLog.entityType, 'procedimento'), eq(auditLog.entityId, procedimentoId)))
		.get();
	return row?.n ?? 0;
}

/** The deadlines of a stored case on `today` (date in Italy), or null when the case does not exist. */
export function scadenzeProcedimento(db: Db, procedimentoId: string, today: IsoDate = romeIsoDate()): Scadenza[] | null {
	const dati = datiScadenze(db, procedimentoId, today);
	return dati ? computeScadenze(dati, listRegole(db)) : null;
}

/** Whether the parties can extend the duration today, with the new end of the term. */
export function prorogaProcedimento(db: Db, procedimentoId: string, today: IsoDate = romeIsoDate()): EsitoProroga | null {
	const dati = datiScadenze(db, procedimentoId, today);
	return dati ? valutaProroga(dati, listRegole(db)) : null;
}
