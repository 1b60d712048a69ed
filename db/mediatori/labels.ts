// Italian formatting for the mediator pages (isomorphic: pure, no database).

const dateTime = new Intl.DateTimeFormat('it-IT', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Rome' });

/** Date or ISO string -> "16/11/26, 10:30" (Italian time); empty for null. */
export function formatDateTime(value: Date | string | number | null | undefined): string {
	if (value === null || value === undefined || value === '') return '';
	const d = value instanceof Date ? value : new Date(value);
	return Number.isNaN(d.getTime()) ? '' : dateTime.format(d);
}

export const STATO_MEDIATORE_LABELS = { attivo: 'Attivo', sospeso: 'Sospeso' } as const;

export const METODO_LABELS = {
	rotazione: 'Rotazione automatica',
	indicazione_congiunta: 'Indicazione congiunta delle parti',
	scelta_responsabile: 'Scelta del responsabile'
} as const;

export const RUOLO_LABELS = { designato: 'Mediatore designato', co_mediatore: 'Co-mediatore' } as const;

export const STATO_ASSEGNAZIONE_LABELS = {
	proposta: 'In attesa di accettazione',
	accettata: 'Accettata',
	rifiutata: 'Rifiutata',
	revocata: 'Revocata'
} as const;
