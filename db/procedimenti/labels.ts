// The procedimento's value lists (used by schema.ts, the zod schemas and the pages) and their
// Italian labels. No imports: safe in the browser.
export const MODALITA = ['presenza', 'telematica', 'mista'] as const;
export const TIPOLOGIE = ['obbligatoria', 'demandata', 'clausola', 'volontaria'] as const;
export const VALORE_TIPI = ['determinato', 'indeterminabile_basso', 'indeterminabile_medio', 'indeterminabile_alto'] as const;
export const STATI = [
	'depositata',
	'comunicata',
	'in_attesa_adesione',
	'primo_incontro_fissato',
	'in_corso',
	'conclusa',
	'archiviata'
] as const;
export const ESITI = ['accordo', 'mancato_accordo', 'mancata_adesione', 'aderente_non_comparso', 'rinuncia', 'altro'] as const;
export const RUOLI_CENTRO = ['istante', 'invitata'] as const;
export const RUOLI_SOGGETTO = ['parte', 'rappresentante', 'avvocato', 'ctu', 'tirocinante', 'uditore'] as const;
export const ADESIONE_STATI = ['in_attesa', 'aderito', 'rifiutato', 'nessuna_risposta'] as const;
export const TIPI_PERSONA = ['fisica', 'giuridica'] as const;

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

export const STATO_LABELS: Record<(typeof STATI)[number], string> = {
	depositata: 'Depositata',
	comunicata: 'Comunicata alle parti',
	in_attesa_adesione: 'In attesa di adesione',
	primo_incontro_fissato: 'Primo incontro fissato',
	in_corso: 'In corso',
	conclusa: 'Conclusa',
	archiviata: 'Archiviata'
};

export const ESITO_LABELS: Record<(typeof ESITI)[number], string> = {
	accordo: 'Accordo raggiunto',
	mancato_accordo: 'Mancato accordo',
	mancata_adesione: 'Mancata adesione',
	aderente_non_comparso: 'Aderente non comparso',
	rinuncia: 'Rinuncia / ritiro',
	altro: 'Altro'
};

/** The registry list's filters, by query parameter (for "filtro non valido" messages). */
export const LIST_FILTER_LABELS: Record<string, string> = {
	anno: 'Anno',
	stato: 'Stato',
	esito: 'Esito',
	tipologia: 'Tipologia',
	materiaId: 'Materia',
	mediatoreId: 'Mediatore',
	sedeId: 'Sede',
	dal: 'Depositato dal',
	al: 'Depositato al',
	q: 'Ricerca',
	sort: 'Ordinamento',
	dir: 'Verso dell’ordinamento',
	page: 'Pagina',
	pageSize: 'Righe per pagina'
};
