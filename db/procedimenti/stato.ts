import { STATI, type ESITI } from './labels.ts';

export type Stato = (typeof STATI)[number];
export type Esito = (typeof ESITI)[number];

export const STATO_LABELS: Record<Stato, string> = {
	depositata: 'Depositata',
	comunicata: 'Comunicata alle parti',
	in_attesa_adesione: 'In attesa di adesione',
	primo_incontro_fissato: 'Primo incontro fissato',
	in_corso: 'In corso',
	conclusa: 'Conclusa',
	archiviata: 'Archiviata'
};

export const ESITO_LABELS: Record<Esito, string> = {
	accordo: 'Accordo raggiunto',
	mancato_accordo: 'Mancato accordo',
	mancata_adesione: 'Mancata adesione',
	aderente_non_comparso: 'Aderente non comparso',
	rinuncia: 'Rinuncia / ritiro',
	altro: 'Altro'
};

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
