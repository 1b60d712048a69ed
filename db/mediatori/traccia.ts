import type { TraceEntry } from './rotation.ts';

/** The "why this mediator" record stored (JSON) in assegnazioni.traccia. */
export interface Traccia {
	versione: 1;
	/** Materia of the case when the assignment was made. */
	materia: string;
	/** Rotation: every mediator of the Organismo in turn order; manual methods: the chosen one. */
	candidati: TraceEntry[];
	/** Points the staff should check (e.g. free-text conflicts, load over the maximum). */
	avvisi: string[];
	/** Automatic reassignment after a refusal. */
	causa?: { tipo: 'rifiuto'; assegnazioneId: string; mediatoreId: string; nominativo: string; motivo: string };
	/** Revocation (the assignment row keeps stato 'revocata'). */
	revoca?: { at: string; daId: string; da: string; motivo: string };
}

export function emptyTraccia(materia = ''): Traccia {
	return { versione: 1, materia, candidati: [], avvisi: [] };
}

/** Parses a stored trace; older rows (a bare array or the '[]' default) become a Traccia too. */
export function parseTraccia(text: string): Traccia {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return emptyTraccia();
	}
	if (Array.isArray(value)) return { ...emptyTraccia(), candidati: value as TraceEntry[] };
	if (value && typeof value === 'object' && (value as Traccia).versione === 1) {
		const t = value as Traccia;
		return { ...emptyTraccia(), ...t, candidati: t.candidati ?? [], avvisi: t.avvisi ?? [] };
	}
	return emptyTraccia();
}
