import type { StatoScadenza } from './compute.ts';

/** How a deadline stands, as the procedimento page shows it. */
export const STATO_SCADENZA_LABELS: Record<StatoScadenza, string> = {
	futura: 'Da rispettare',
	in_scadenza: 'In scadenza',
	scaduta: 'Scaduta',
	rispettata: 'Rispettata'
};
