// Italian formatting for the mediator pages (isomorphic: pure, no database).

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
