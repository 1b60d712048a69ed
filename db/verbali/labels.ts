// The verbale's value list (used by schema.ts, the zod schemas and the pages) and its Italian labels.
// No imports: safe in the browser.

/** The five verbale templates (art. 8 and 11 d.lgs. 28/2010). */
export const VERBALE_TIPI = ['primo_incontro', 'accordo', 'mancato_accordo', 'mancata_adesione', 'proposta'] as const;
export type VerbaleTipo = (typeof VERBALE_TIPI)[number];

/** The name of each kind of verbale (also the title of its built-in template). */
export const VERBALE_TIPO_LABELS: Record<VerbaleTipo, string> = {
	primo_incontro: 'Verbale di primo incontro',
	accordo: 'Verbale di accordo',
	mancato_accordo: 'Verbale di mancato accordo',
	mancata_adesione: 'Verbale di mancata adesione / partecipazione',
	proposta: 'Proposta del mediatore'
};
