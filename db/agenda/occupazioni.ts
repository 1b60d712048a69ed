import { neutralizeBidi } from '../shared/text.ts';
import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { incontri, indisponibilitaMediatori, persone, procedimenti, soggetti } from '../schema.ts';
import type { Indisponibilita, Occupazione } from './conflicts.ts';
import { sale } from '../schema.ts';

/** Meetings that occupy people and rooms. Postponed and cancelled ones free them. */
export const STATI_ATTIVI = ['fissato', 'tenuto'] as const;
/** Longest meeting considered when looking back for overlaps (a meeting lasts at most a day). */
const MAX_DURATA_MS = 24 * 3_600_000;

export function fineMs(inizio: string, durataMinuti: number): number {
	return Date.parse(inizio) + durataMinuti * 60_000;
}

export function parseIds(json: string): string[] {
	try {
		const v: unknown = JSON.parse(json);
		return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
	} catch {
		return [];
	}
}

export function nomeSoggetto(
	p: { tipo: string; nome: string | null; cognome: string | null; denominazione: string | null },
	ruolo: string
): string {
	const base = neutralizeBidi(p.tipo === 'giuridica' ? (p.denominazione ?? '') : `${p.nome ?? ''} ${p.cognome ?? ''}`.trim());
	return ruolo === 'avvocato' ? `avv. ${base}` : base;
}

/** soggetto id -> persona (id, display name). */
export function soggettiPersone(
	db: Db,
	soggettoIds: readonly string[]
): Map<string, { personaId: string; nome: string; userId: string | null }> {
	const out = new Map<string, { personaId: string; nome: string; userId: string | null }>();
	if (soggettoIds.length === 0) return out;
	const rows = db
		.select({
			id: soggetti.id,
			ruolo: soggetti.ruolo,
			personaId: persone.id,
			tipo: persone.tipo,
			nome: persone.nome,
			cognome: persone.cognome,
			denominazione: persone.denominazione,
			userId: persone.userId
		})
		.from(soggetti)
		.innerJoin(persone, eq(soggetti.personaId, persone.id))
		.where(inArray(soggetti.id, [...new Set(soggettoIds)]))
		.all();
	for (const r of rows) out.set(r.id, { personaId: r.personaId, nome: nomeSoggetto(r, r.ruolo), userId: r.userId });
	return out;
}

/** Active meetings of the Organismo overlapping [from, to), as the conflict check needs them. */
export function loadOccupazioni(db: Db, organismoId: string, from: number, to: number): Occupazione[] {
	const rows = db
		.select({
			id: incontri.id,
			procedimentoId: incontri.procedimentoId,
			anno: procedimenti.anno,
			numero: procedimenti.numero,
			inizio: incontri.inizio,
			durata: incontri.durataMinuti,
			salaId: incontri.salaId,
			salaNome: sale.nome,
			mediatoreId: incontri.mediatoreId,
			convocati: incontri.convocati
		})
		.from(incontri)
		.innerJoin(procedimenti, eq(incontri.procedimentoId, procedimenti.id))
		.leftJoin(sale, eq(incontri.salaId, sale.id))
		.where(
			and(
				eq(procedimenti.organismoId, organismoId),
				inArray(incontri.stato, [...STATI_ATTIVI]),
				gte(incontri.inizio, new Date(from - MAX_DURATA_MS).toISOString()),
				lt(incontri.inizio, new Date(to).toISOString())
			)
		)
		.all()
		.filter((r) => fineMs(r.inizio, r.durata) > from);
	const people = soggettiPersone(
		db,
		rows.flatMap((r) => parseIds(r.convocati))
	);
	return rows.map((r) => ({
		id: r.id,
		procedimentoId: r.procedimentoId,
		numero: `n. ${r.anno}/${r.numero}`,
		inizio: Date.parse(r.inizio),
		fine: fineMs(r.inizio, r.durata),
		salaId: r.salaId,
		salaNome: r.salaNome,
		mediatoreId: r.mediatoreId,
		persone: parseIds(r.convocati)
			.map((id) => people.get(id))
			.filter((p) => p !== undefined)
			.map((p) => ({ id: p.personaId, nome: p.nome }))
	}));
}

/** A mediator's unavailability declared in the Organismo, overlapping [from, to). */
export function loadIndisponibilita(db: Db, organismoId: string, mediatoreId: string, from: number, to: number): Indisponibilita[] {
	return db
		.select()
		.from(indisponibilitaMediatori)
		.where(
			and(
				eq(indisponibilitaMediatori.organismoId, organismoId),
				eq(indisponibilitaMediatori.mediatoreId, mediatoreId),
				lt(indisponibilitaMediatori.inizio, new Date(to).toISOString())
			)
		)
		.all()
		.map((r) => ({ inizio: Date.parse(r.inizio), fine: Date.parse(r.fine), motivo: r.motivo }))
		.filter((r) => r.fine > from);
}

/** People of a case who can be convoked (everyone but trainees and auditors), with their account if any. */
export function soggettiCaso(db: Db, procedimentoId: string) {
	return db
		.select({
			id: soggetti.id,
			ruolo: soggetti.ruolo,
			tipo: persone.tipo,
			nome: persone.nome,
			cognome: persone.cognome,
			denominazione: persone.denominazione,
			userId: persone.userId
		})
		.from(soggetti)
		.innerJoin(persone, eq(soggetti.personaId, persone.id))
		.where(eq(soggetti.procedimentoId, procedimentoId))
		.orderBy(asc(soggetti.ordine))
		.all()
		.filter((s) => s.ruolo !== 'tirocinante' && s.ruolo !== 'uditore')
		.map((s) => ({ id: s.id, ruolo: s.ruolo, nome: nomeSoggetto(s, s.ruolo), userId: s.userId }));
}
