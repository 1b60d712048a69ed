import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { centriInteresse, materie, organismi, persone, procedimenti, soggetti } from '../schema.ts';
import type { RUOLI_SOGGETTO, RUOLI_CENTRO } from '../procedimenti/labels.ts';
import { personaName } from './registry.ts';

// What a mediator needs to know about a case to spot a conflict: number, materia, object, people.

const RUOLO_LABELS: Record<(typeof RUOLI_SOGGETTO)[number], string> = {
	parte: 'parte',
	rappresentante: 'rappresentante',
	avvocato: 'avvocato',
	ctu: 'CTU',
	tirocinante: 'tirocinante',
	uditore: 'uditore'
};

export function soggettoLabel(ruolo: (typeof RUOLI_SOGGETTO)[number], centro: (typeof RUOLI_CENTRO)[number] | null): string {
	const base = RUOLO_LABELS[ruolo];
	if (!centro) return base;
	if (ruolo === 'parte') return `${base} ${centro}`;
	return `${base} della parte ${centro}`;
}

export interface CaseSummary {
	id: string;
	organismoId: string;
	organismo: string;
	numeroRegistro: string;
	sedeId: string;
	anno: number;
	numero: number;
	oggetto: string;
	materiaId: string;
	materia: string;
	stato: (typeof procedimenti.$inferSelect)['stato'];
	soggetti: Array<{ personaId: string; nominativo: string; ruolo: string }>;
}

export function caseSummary(db: Db, procedimentoId: string): CaseSummary | null {
	const p = db
		.select({
			id: procedimenti.id,
			organismoId: procedimenti.organismoId,
			organismo: organismi.denominazione,
			numeroRegistro: organismi.numeroRegistro,
			sedeId: procedimenti.sedeId,
			anno: procedimenti.anno,
			numero: procedimenti.numero,
			oggetto: procedimenti.oggetto,
			materiaId: procedimenti.materiaId,
			materia: materie.nome,
			stato: procedimenti.stato
		})
		.from(procedimenti)
		.innerJoin(materie, eq(materie.id, procedimenti.materiaId))
		.innerJoin(organismi, eq(organismi.id, procedimenti.organismoId))
		.where(eq(procedimenti.id, procedimentoId))
		.get();
	if (!p) return null;
	const people = db
		.select({
			personaId: soggetti.personaId,
			ruolo: soggetti.ruolo,
			centro: centriInteresse.ruolo,
			nome: persone.nome,
			cognome: persone.cognome,
			denominazione: persone.denominazione
		})
		.from(soggetti)
		.innerJoin(persone, eq(persone.id, soggetti.personaId))
		.leftJoin(centriInteresse, eq(centriInteresse.id, soggetti.centroId))
		.where(eq(soggetti.procedimentoId, procedimentoId))
		.orderBy(asc(centriInteresse.ordine), asc(soggetti.ordine))
		.all();
	return {
		...p,
		soggetti: people.map((s) => ({ personaId: s.personaId, nominativo: personaName(s), ruolo: soggettoLabel(s.ruolo, s.centro) }))
	};
}
