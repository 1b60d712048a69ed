// Italian labels of the agenda's meetings (the Incontri tab, the agenda pages). No imports: safe in the browser.

/** How a meeting is held (the mixed one says who is remote). */
export const MODALITA_LABELS = { presenza: 'In presenza', telematica: 'Telematica', mista: 'Mista (alcuni da remoto)' } as const;
export const STATO_INCONTRO_LABELS = { fissato: 'Fissato', rinviato: 'Rinviato', tenuto: 'Tenuto', annullato: 'Annullato' } as const;
export const TIPO_LABELS = { primo: 'Primo incontro', successivo: 'Incontro successivo' } as const;
