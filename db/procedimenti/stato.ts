import { STATI, type ESITI } from './labels.ts';

export type Stato = (typeof STATI)[number];
export type Esito = (typeof ESITI)[number];

/**
 * Allowed transitions of a procedimento. A case can be closed (conclusa) from any open state:
 * e.g. mancata adesione after the communication, or a withdrawal before the first meeting.
 */
const NEXT: Record<Stato, readonly Stato[]> = {
	depositata: ['comunicata', 'conclusa'],
	comunicata: ['in_attesa_adesione', 'primo_incontro_fissato', 'conclusa'],
	in_attesa_adesione: ['primo_incontro_fissato', 'conclusa'],
	primo_incontro_fissato: ['in_corso', 'conclusa'],
	in_corso: ['conclusa'],
	conclusa: ['archiviata'],
	archiviata: []
};

export function allowedTransitions(from: Stato): readonly Stato[] {
	return NEXT[from];
}

export function canTransition(from: Stato, to: Stato): boolean {
	return NEXT[from].includes(to);
}
