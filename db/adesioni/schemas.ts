import { z } from 'zod';
import { checkCodiceFiscale } from '../procedimenti/fiscal.ts';
import { neutralizeBidi } from '../shared/text.ts';

// Outside input of the online adhesion, with Italian messages.

/** "2026/12" (also "2026-12", "12/2026" is refused: the register number is anno/numero). */
export const NumeroIstanza = z
	.string({ error: 'Inserisci il numero di istanza.' })
	.trim()
	.min(1, 'Inserisci il numero di istanza.')
	.max(20, 'Numero di istanza non valido: scrivilo come anno/numero, per esempio 2026/12.')
	.transform((v) => v.replace(/\s+/g, '').replace('-', '/'))
	.pipe(z.string().regex(/^\d{4}\/\d{1,7}$/, 'Numero di istanza non valido: scrivilo come anno/numero, per esempio 2026/12.'))
	.transform((v) => {
		const [anno, numero] = v.split('/').map(Number);
		return { anno, numero, testo: `${anno}/${numero}` };
	});

/** The personal code as printed in the comunicazione (base32, case and spaces/dashes ignored). */
export const CodiceAdesione = z
	.string({ error: 'Inserisci il codice personale di adesione.' })
	.trim()
	.min(1, 'Inserisci il codice personale di adesione.')
	.max(40, 'Codice di adesione non valido.')
	.transform((v) => v.replace(/[\s-]+/g, '').toLowerCase())
	.pipe(z.string().regex(/^[a-z2-7]{8,32}$/, 'Codice di adesione non valido: controlla di averlo copiato per intero.'));

export const CodiciInput = z.object({
	numero: NumeroIstanza,
	codice: CodiceAdesione,
	/** Honeypot: people leave it empty, form-filling robots do not. */
	sito: z.string().max(200).optional()
});
export type CodiciInput = z.infer<typeof CodiciInput>;

const optionalText = (max: number, label: string) =>
	z
		.string()
		.trim()
		.max(max, `${label}: massimo ${max} caratteri.`)
		.optional()
		.transform((v) => (v ? neutralizeBidi(v).trim() || null : null));

export const RifiutoInput = z.object({
	motivo: optionalText(1000, 'Motivo'),
	conferma: z.literal('on', { error: 'Conferma di voler rifiutare l’invito.' })
});
export type RifiutoInput = z.infer<typeof RifiutoInput>;

const required = (max: number, label: string) =>
	z
		.string({ error: `Inserisci ${label}.` })
		.trim()
		.min(1, `Inserisci ${label}.`)
		.max(max, `Massimo ${max} caratteri.`)
		.transform((v) => neutralizeBidi(v).trim());

const email = (label: string) =>
	z
		.string()
		.trim()
		.toLowerCase()
		.max(254, `${label} non valida.`)
		.transform((v) => (v === '' ? null : v))
		.pipe(z.email(`${label} non valida.`).nullable())
		.optional()
		.transform((v) => v ?? null);

/** What the lawyer fills in to complete the adhesion (the files are checked by db/documents). */
export const AdesioneAvvocatoInput = z
	.object({
		nome: required(100, 'il nome'),
		cognome: required(100, 'il cognome'),
		codiceFiscale: z
			.string({ error: 'Inserisci il codice fiscale.' })
			.trim()
			.min(1, 'Inserisci il codice fiscale.')
			.transform((v, ctx) => {
				const r = checkCodiceFiscale(v);
				if (!r.ok) {
					ctx.addIssue({ code: 'custom', message: r.message });
					return z.NEVER;
				}
				return r.value;
			}),
		foro: required(100, 'il foro di appartenenza'),
		pec: email('PEC'),
		telefono: optionalText(40, 'Telefono'),
		consensoTelematica: z
			.enum(['si', 'no'], { error: 'Indica se la parte accetta gli incontri in videoconferenza.' })
			.transform((v) => v === 'si'),
		note: optionalText(2000, 'Note'),
		delega: z.literal('on', { error: 'Conferma di aver ricevuto il mandato dalla parte.' })
	})
	.superRefine((v, ctx) => {
		if (!v.pec) ctx.addIssue({ code: 'custom', path: ['pec'], message: 'Inserisci la PEC del difensore.' });
	});
export type AdesioneAvvocatoInput = z.infer<typeof AdesioneAvvocatoInput>;

/** A personal link's token in the URL (newId(): 24 base32 characters). */
export const TokenAccesso = z.string().regex(/^[a-z2-7]{16,64}$/, 'Collegamento non valido.');

/** A lawyer without an account registers from the adhesion link (an activation link follows by e-mail). */
export const RegistrazioneAvvocatoInput = z.object({
	nome: required(100, 'il nome'),
	cognome: required(100, 'il cognome'),
	email: z
		.string({ error: 'Inserisci l’indirizzo e-mail.' })
		.trim()
		.toLowerCase()
		.min(1, 'Inserisci l’indirizzo e-mail.')
		.max(254, 'Indirizzo e-mail non valido.')
		.pipe(z.email('Indirizzo e-mail non valido.')),
	sito: z.string().max(200).optional()
});
export type RegistrazioneAvvocatoInput = z.infer<typeof RegistrazioneAvvocatoInput>;
