// Value lists of the portals' requests (db/portale/) and their Italian labels; browser-safe.

/** Who decides a request to replace the mediator (art. 14 c.3 D.Lgs. 28/2010). */
export const DECISORI = ['responsabile', 'organo'] as const;
export type Decisore = (typeof DECISORI)[number];

export const SOSTITUZIONE_STATI = ['in_attesa', 'accolta', 'respinta'] as const;
export type SostituzioneStato = (typeof SOSTITUZIONE_STATI)[number];

export const SOSTITUZIONE_STATO_LABELS: Record<SostituzioneStato, string> = {
	in_attesa: 'In attesa di decisione',
	accolta: 'Accolta',
	respinta: 'Respinta'
};

/** Default name of the body that decides when the mediator is the responsabile (a setting of the Organismo). */
export const ORGANO_PREDEFINITO = 'Organo indicato dal regolamento dell’Organismo';

/** A change of one's own data that the Organismo approves (the mediators' professional data). */
export const MODIFICA_STATI = ['in_attesa', 'approvata', 'respinta'] as const;
export type ModificaStato = (typeof MODIFICA_STATI)[number];

export const MODIFICA_STATO_LABELS: Record<ModificaStato, string> = {
	in_attesa: 'In attesa di approvazione',
	approvata: 'Approvata',
	respinta: 'Respinta'
};

/** Other Organismi a mediator may be registered with, at most (art. 4 DM 150/2023 as the issue reads it). */
export const MAX_ALTRI_ORGANISMI = 5;
