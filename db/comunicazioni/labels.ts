import type { ATTI, CANALI, SICUREZZE, STATI_DESTINATARIO, STATI_MESSAGGIO } from './schema.ts';

export const CANALE_LABELS: Record<(typeof CANALI)[number], string> = { pec: 'PEC', email: 'E-mail' };
export const SICUREZZA_LABELS: Record<(typeof SICUREZZE)[number], string> = {
	tls: 'TLS (porta 465/993)',
	starttls: 'STARTTLS (porta 587/143)',
	nessuna: 'Nessuna (solo rete locale)'
};
export const STATO_MESSAGGIO_LABELS: Record<(typeof STATI_MESSAGGIO)[number], string> = {
	in_coda: 'in coda',
	in_invio: 'invio in corso',
	inviato: 'inviato',
	fallito: 'invio non riuscito',
	annullato: 'annullato'
};
export const STATO_DESTINATARIO_LABELS: Record<(typeof STATI_DESTINATARIO)[number], string> = {
	in_coda: 'in coda',
	inviato: 'inviato',
	accettato: 'accettato dal gestore',
	consegnato: 'consegnato',
	non_accettato: 'non accettato',
	errore_consegna: 'errore di consegna',
	rifiutato: 'rifiutato dal server'
};
export const ATTO_LABELS: Record<(typeof ATTI)[number], string> = {
	comunicazione_istanza: "Comunicazione dell'istanza",
	convocazione: 'Convocazione al primo incontro',
	prova: 'Messaggio di prova',
	altro: 'Comunicazione'
};
export const RICEVUTA_LABELS: Record<string, string> = {
	accettazione: 'Ricevuta di accettazione',
	'non-accettazione': 'Avviso di non accettazione',
	'presa-in-carico': 'Ricevuta di presa in carico',
	'avvenuta-consegna': 'Ricevuta di avvenuta consegna',
	'errore-consegna': 'Avviso di mancata consegna',
	'preavviso-errore-consegna': 'Preavviso di mancata consegna',
	'rilevazione-virus': 'Avviso di rilevazione virus',
	'posta-certificata': 'Busta di trasporto'
};
