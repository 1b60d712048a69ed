// Value lists of the online adhesion (db/adesioni/) and their Italian labels; browser-safe.

/** The invited party's answer given online. */
export const RISPOSTE = ['aderito', 'rifiutato'] as const;
export type Risposta = (typeof RISPOSTE)[number];

/** How the answer reached the Organismo. */
export const MODALITA_RISPOSTA = ['online_avvocato', 'online_parte'] as const;
export type ModalitaRisposta = (typeof MODALITA_RISPOSTA)[number];

export const MODALITA_RISPOSTA_LABELS: Record<ModalitaRisposta, string> = {
	online_avvocato: 'Online, tramite l’avvocato',
	online_parte: 'Online, dalla parte'
};

/** Personal links: the party's page after entering the codes, and the one handed to the lawyer. */
export const ACCESSO_TIPI = ['parte', 'avvocato'] as const;
export type AccessoTipo = (typeof ACCESSO_TIPI)[number];
