import type { TipoRicevuta } from './daticert.ts';
import type { STATI_DESTINATARIO, STATI_MESSAGGIO } from './schema.ts';

export type StatoMessaggio = (typeof STATI_MESSAGGIO)[number];
export type StatoDestinatario = (typeof STATI_DESTINATARIO)[number];

/**
 * The two state machines of the outbox. A message is queued, claimed for sending (with a lease),
 * sent, or failed for good; a retry puts it back in the queue. Per recipient, receipts move the
 * state forward only: a late acceptance receipt never undoes a delivery, and final states stay.
 */
const MESSAGGIO: Record<StatoMessaggio, readonly StatoMessaggio[]> = {
	in_coda: ['in_invio', 'annullato'],
	in_invio: ['inviato', 'in_coda', 'fallito'],
	inviato: [],
	fallito: ['in_coda', 'annullato'],
	annullato: []
};

const DESTINATARIO: Record<StatoDestinatario, readonly StatoDestinatario[]> = {
	in_coda: ['inviato', 'rifiutato'],
	inviato: ['accettato', 'non_accettato', 'consegnato', 'errore_consegna'],
	accettato: ['consegnato', 'errore_consegna'],
	consegnato: [],
	non_accettato: [],
	errore_consegna: [],
	rifiutato: []
};

export const canMoveMessaggio = (from: StatoMessaggio, to: StatoMessaggio) => MESSAGGIO[from].includes(to);
export const canMoveDestinatario = (from: StatoDestinatario, to: StatoDestinatario) => DESTINATARIO[from].includes(to);

/** The recipient state a valid receipt proves (null: the receipt is recorded in the timeline only). */
export function statoDaRicevuta(tipo: TipoRicevuta): StatoDestinatario | null {
	switch (tipo) {
		case 'accettazione':
			return 'accettato';
		case 'non-accettazione':
			return 'non_accettato';
		case 'avvenuta-consegna':
			return 'consegnato';
		case 'errore-consegna':
		case 'rilevazione-virus':
			return 'errore_consegna';
		default:
			return null;
	}
}

/** Whether a receipt concerns one recipient (the one in `consegna`) or the whole message. */
export const ricevutaPerDestinatario = (tipo: TipoRicevuta) =>
	tipo === 'avvenuta-consegna' || tipo === 'errore-consegna' || tipo === 'preavviso-errore-consegna' || tipo === 'rilevazione-virus';

/** Retry delay after the n-th failed attempt: 30 s, 2 min, 8 min, 32 min, ~2 h, then every 6 h. */
export function backoffMs(tentativi: number): number {
	return Math.min(6 * 3600_000, 30_000 * 4 ** Math.max(0, tentativi - 1));
}

export const MAX_TENTATIVI = 8;
