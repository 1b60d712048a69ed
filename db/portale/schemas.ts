import { z } from 'zod';
import { neutralizeBidi } from '../shared/text.ts';

// Outside input of the portals' own forms (deposito atti), with Italian messages.

export const DepositoFields = z.object({
	richiestaId: z.uuid('Richiesta non valida: ricarica la pagina e riprova.'),
	titolo: z
		.string()
		.trim()
		.max(200, 'Il titolo può avere al massimo 200 caratteri.')
		.optional()
		.transform((v) => (v ? neutralizeBidi(v).trim() || null : null)),
	riservato: z
		.enum(['on'], { error: 'Valore non valido per «Riservato al mediatore».' })
		.optional()
		.transform((v) => v !== undefined)
});
export type DepositoFields = z.infer<typeof DepositoFields>;

const testo = (min: number, max: number, what: string) =>
	z
		.string({ error: `Scrivi ${what}.` })
		.trim()
		.min(min, `Scrivi ${what} (almeno ${min} caratteri).`)
		.max(max, `Massimo ${max} caratteri.`)
		.transform((v) => neutralizeBidi(v).trim());

const id = z
	.string()
	.trim()
	.min(1, 'Valore non valido.')
	.max(64, 'Valore non valido.')
	.regex(/^[A-Za-z0-9_-]+$/, 'Valore non valido.');

export const SostituzioneInput = z.object({
	mediatoreId: id,
	motivo: testo(20, 4000, 'i motivi della richiesta')
});
export type SostituzioneInput = z.infer<typeof SostituzioneInput>;

export const DecisioneInput = z.object({
	richiestaId: id,
	esito: z.enum(['accolta', 'respinta'], { error: 'Indica se la richiesta è accolta o respinta.' }),
	motivazione: testo(10, 4000, 'la motivazione della decisione')
});
export type DecisioneInput = z.infer<typeof DecisioneInput>;

export const SegnalazioneInput = z.object({
	testo: testo(20, 4000, 'le circostanze da segnalare')
});
export type SegnalazioneInput = z.infer<typeof SegnalazioneInput>;

export const ImpostazioniPortaleInput = z.object({
	organoSostituzione: z
		.string()
		.trim()
		.max(200, 'Massimo 200 caratteri.')
		.transform((v) => (v ? neutralizeBidi(v).trim() : null)),
	emailOrganoSostituzione: z
		.string()
		.trim()
		.toLowerCase()
		.max(254, 'Indirizzo non valido.')
		.transform((v) => (v === '' ? null : v))
		.pipe(z.email('Indirizzo e-mail o PEC non valido.').nullable())
});
export type ImpostazioniPortaleInput = z.infer<typeof ImpostazioniPortaleInput>;
