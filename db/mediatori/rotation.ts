/**
 * Automatic assignment by rotation ("turnazione"), as a pure function over plain data so every
 * rule is unit-testable: among the Organismo's mediators, those competent for the case's materia
 * and free to take it, the one whose last rotation assignment is the oldest (never = first) wins;
 * ties by surname, name, id. Every candidate ends up in the trace with the reason of its outcome
 * ("why this mediator", DM 150/2023 art. 22 e: predetermined criteria, competence, rotation).
 */

export const ESITI_ROTAZIONE = ['scelto', 'in_coda', 'materia', 'sospeso', 'gia_assegnato', 'conflitto', 'ha_rifiutato', 'carico'] as const;
export type EsitoRotazione = (typeof ESITI_ROTAZIONE)[number];

/** Italian labels for the trace shown on the case tab. */
export const ESITO_LABELS: Record<EsitoRotazione, string> = {
	scelto: 'Scelto',
	in_coda: 'Idoneo, successivo nel turno',
	materia: 'Non competente per la materia',
	sospeso: 'Sospeso',
	gia_assegnato: 'Già assegnato a questo procedimento',
	conflitto: 'Conflitto dichiarato con una persona del procedimento',
	ha_rifiutato: 'Ha già rifiutato questo procedimento',
	carico: 'Carico massimo raggiunto'
};

export interface RotationCandidate {
	userId: string;
	nome: string;
	cognome: string;
	stato: 'attivo' | 'sospeso';
	/** The user account is active (a deactivated account cannot act on a case). */
	accountAttivo: boolean;
	/** The case's materia is among the mediator's materie. */
	competente: boolean;
	/** Descriptions of the declared conflicts with a persona of this case. */
	conflitti: readonly string[];
	/** Open cases (proposta or accettata on a procedimento not concluded or archived). */
	carico: number;
	caricoMassimo: number;
	/** Refused this case before. */
	haRifiutato: boolean;
	/** Already proposed or accepted on this case (e.g. the designato when choosing a co-mediatore). */
	giaAssegnato: boolean;
	/** Epoch ms of the last rotation assignment, null when never assigned by rotation. */
	ultimaAssegnazione: number | null;
}

export interface TraceEntry {
	userId: string;
	nominativo: string;
	esito: EsitoRotazione;
	/** Italian explanation of the outcome. */
	dettaglio: string;
	/** Position in the rotation order (1 = first in turn). */
	posizione: number;
	ultimaAssegnazione: string | null;
	carico: number;
	caricoMassimo: number;
}

export interface RotationResult {
	chosen: RotationCandidate | null;
	trace: TraceEntry[];
}

export function nominativo(c: { nome: string; cognome: string }): string {
	return `${c.nome} ${c.cognome}`.trim();
}

const collator = new Intl.Collator('it', { sensitivity: 'base' });

/** Rotation order: oldest last assignment first (never assigned before everybody), then surname, name, id. */
export function compareTurn(a: RotationCandidate, b: RotationCandidate): number {
	const ua = a.ultimaAssegnazione;
	const ub = b.ultimaAssegnazione;
	if (ua !== ub) {
		if (ua === null) return -1;
		if (ub === null) return 1;
		return ua - ub;
	}
	return (
		collator.compare(a.cognome, b.cognome) || collator.compare(a.nome, b.nome) || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0)
	);
}

/** Why a candidate cannot take the case, or null when eligible. The first reason found wins. */
export function exclusionOf(c: RotationCandidate): { esito: EsitoRotazione; dettaglio: string } | null {
	if (!c.competente) return { esito: 'materia', dettaglio: 'La materia del procedimento non è tra le sue competenze.' };
	if (c.stato === 'sospeso') return { esito: 'sospeso', dettaglio: 'Mediatore sospeso nel registro.' };
	if (!c.accountAttivo) return { esito: 'sospeso', dettaglio: 'Account disattivato.' };
	if (c.giaAssegnato) return { esito: 'gia_assegnato', dettaglio: 'Ha già un incarico attivo in questo procedimento.' };
	if (c.conflitti.length) return { esito: 'conflitto', dettaglio: `Conflitto dichiarato: ${c.conflitti.join('; ')}.` };
	if (c.haRifiutato) return { esito: 'ha_rifiutato', dettaglio: "Ha rifiutato l'incarico in questo procedimento." };
	if (c.carico >= c.caricoMassimo)
		return { esito: 'carico', dettaglio: `Procedimenti aperti: ${c.carico} su un massimo di ${c.caricoMassimo}.` };
	return null;
}

function fmt(ms: number | null): string | null {
	return ms === null ? null : new Date(ms).toISOString();
}

/** Picks the mediator whose turn it is; the trace lists every candidate in rotation order. */
export function rotate(candidates: readonly RotationCandidate[]): RotationResult {
	const ordered = [...candidates].sort(compareTurn);
	const eligible = ordered.filter((c) => exclusionOf(c) === null);
	const chosen = eligible[0] ?? null;
	const tie = eligible.length > 1 && eligible[1].ultimaAssegnazione === chosen?.ultimaAssegnazione;
	const trace = ordered.map((c, i): TraceEntry => {
		const base = {
			userId: c.userId,
			nominativo: nominativo(c),
			posizione: i + 1,
			ultimaAssegnazione: fmt(c.ultimaAssegnazione),
			carico: c.carico,
			caricoMassimo: c.caricoMassimo
		};
		const excluded = exclusionOf(c);
		if (excluded) return { ...base, ...excluded };
		if (c === chosen) {
			const why =
				c.ultimaAssegnazione === null
					? 'Primo idoneo nel turno: non ha ancora ricevuto incarichi per rotazione.'
					: 'Primo idoneo nel turno: il suo ultimo incarico per rotazione è il meno recente.';
			return { ...base, esito: 'scelto', dettaglio: tie ? `${why} A parità di turno vale l'ordine alfabetico.` : why };
		}
		return {
			...base,
			esito: 'in_coda',
			dettaglio:
				c.ultimaAssegnazione === chosen?.ultimaAssegnazione
					? 'Idoneo, a parità di turno viene dopo in ordine alfabetico.'
					: 'Idoneo, ma il suo ultimo incarico per rotazione è più recente.'
		};
	});
	return { chosen, trace };
}

/** Why no mediator could be chosen, in Italian, from the trace. */
export function noCandidateMessage(trace: readonly TraceEntry[]): string {
	if (trace.length === 0) return "Nessun mediatore nel registro dell'Organismo: aggiungi i mediatori prima di assegnare.";
	const counts = new Map<EsitoRotazione, number>();
	for (const t of trace) counts.set(t.esito, (counts.get(t.esito) ?? 0) + 1);
	const parts = [...counts].map(([esito, n]) => `${ESITO_LABELS[esito].toLowerCase()}: ${n}`);
	return `Nessun mediatore disponibile per la rotazione (${parts.join('; ')}). Nessuna assegnazione è stata registrata.`;
}
