import { z } from 'zod';
import { neutralizeBidi } from '../shared/text.ts';
import { checkCodiceDestinatario, checkCodiceFiscale, checkPartitaIva } from '../procedimenti/fiscal.ts';
import { MAX_ALTRI_ORGANISMI } from './labels.ts';

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

const opt = (max: number, label: string) =>
	z
		.string()
		.trim()
		.max(max, `${label}: massimo ${max} caratteri.`)
		.optional()
		.transform((v) => (v ? neutralizeBidi(v).trim() || null : null));

const optEmail = (label: string) =>
	z
		.string()
		.trim()
		.toLowerCase()
		.max(254, `${label} non valida.`)
		.optional()
		.transform((v) => (v ? v : null))
		.pipe(z.email(`${label} non valida.`).nullable());

const fiscal = (check: (v: string) => { ok: true; value: string } | { ok: false; message: string }) =>
	z
		.string()
		.trim()
		.optional()
		.transform((v, ctx) => {
			if (!v) return null;
			const r = check(v);
			if (!r.ok) {
				ctx.addIssue({ code: 'custom', message: r.message });
				return z.NEVER;
			}
			return r.value;
		});

export const ContattiInput = z.object({
	telefono: opt(40, 'Telefono'),
	pec: optEmail('PEC'),
	indirizzo: opt(300, 'Indirizzo'),
	codiceFiscale: fiscal(checkCodiceFiscale),
	partitaIva: fiscal(checkPartitaIva),
	codiceDestinatario: fiscal(checkCodiceDestinatario),
	pecFatturazione: optEmail('PEC per la fatturazione')
});
export type ContattiInput = z.infer<typeof ContattiInput>;

export const ProfessionaleInput = z.object({
	lingue: opt(300, 'Lingue'),
	/** One per line. */
	altriOrganismi: z
		.string()
		.max(2000, 'Troppo lungo.')
		.optional()
		.transform((v) =>
			(v ?? '')
				.split('\n')
				.map((x) => neutralizeBidi(x).trim())
				.filter(Boolean)
		)
		.pipe(
			z
				.array(z.string().max(200, 'Ogni organismo: massimo 200 caratteri.'))
				.max(MAX_ALTRI_ORGANISMI, `Puoi indicare al massimo ${MAX_ALTRI_ORGANISMI} altri organismi.`)
		),
	oreFormazione: z
		.string()
		.trim()
		.optional()
		.transform((v) => (v ? v : '0'))
		.pipe(z.string().regex(/^\d{1,4}$/, 'Indica le ore di formazione con un numero intero.'))
		.transform(Number),
	materie: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Materia non valida.')).max(50, 'Troppe materie.')
});
export type ProfessionaleInput = z.infer<typeof ProfessionaleInput>;

export const DecisioneModificaInput = z.object({
	modificaId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Modifica non valida.'),
	esito: z.enum(['approvata', 'respinta'], { error: 'Indica se approvare o respingere la modifica.' }),
	motivo: opt(1000, 'Motivo')
});
export type DecisioneModificaInput = z.infer<typeof DecisioneModificaInput>;
