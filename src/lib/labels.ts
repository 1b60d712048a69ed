// Italian labels of domain values (isomorphic: used by pages and by server exports).
export const TIPOLOGIA_LABELS = {
	obbligatoria: 'Obbligatoria (art. 5 c.1)',
	demandata: 'Demandata dal giudice',
	clausola: 'Da clausola contrattuale',
	volontaria: 'Volontaria'
} as const;

export const MODALITA_LABELS = {
	presenza: 'In presenza',
	telematica: 'Telematica',
	mista: 'Mista'
} as const;

export const VALORE_LABELS = {
	determinato: 'Determinato',
	indeterminabile_basso: 'Indeterminabile – basso',
	indeterminabile_medio: 'Indeterminabile – medio',
	indeterminabile_alto: 'Indeterminabile – alto'
} as const;

export const ADESIONE_LABELS = {
	in_attesa: 'In attesa di risposta',
	aderito: 'Ha aderito',
	rifiutato: 'Ha rifiutato',
	nessuna_risposta: 'Nessuna risposta'
} as const;

export const RUOLO_SOGGETTO_LABELS = {
	parte: 'Parte',
	rappresentante: 'Rappresentante',
	avvocato: 'Avvocato',
	ctu: 'CTU',
	tirocinante: 'Tirocinante',
	uditore: 'Uditore'
} as const;

const euro = new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR' });
export function formatEuro(cents: number | null | undefined): string {
	return cents === null || cents === undefined ? '' : euro.format(cents / 100);
}

/** YYYY-MM-DD -> 26/11/2026 */
export { italianDate as formatDate } from '#db/shared/csv.ts';
