import { z } from 'zod';
import { ASSEGNAZIONE_RUOLI } from './schema.ts';
import { checkCodiceFiscale, checkPartitaIva } from '../procedimenti/fiscal.ts';

// Form schemas of the mediator registry and of assignments, with Italian messages.

const id = (message: string) => z.string({ error: message }).trim().min(1, message).max(64, message);

const reason = (label: string, min = 5) =>
	z
		.string({ error: `${label}: campo obbligatorio.` })
		.trim()
		.min(min, `${label}: scrivi almeno ${min} caratteri.`)
		.max(1000, `${label}: massimo 1000 caratteri.`);

export const MediatoreInput = z.object({
	stato: z.enum(['attivo', 'sospeso'], { error: 'Scegli lo stato: attivo o sospeso.' }),
	qualifiche: z.string().trim().max(2000, 'Qualifiche: massimo 2000 caratteri.').default(''),
	caricoMassimo: z.coerce
		.number({ error: 'Carico massimo: indica un numero.' })
		.int('Carico massimo: indica un numero intero.')
		.min(1, 'Carico massimo: almeno 1 procedimento.')
		.max(500, 'Carico massimo: al più 500 procedimenti.'),
	materie: z.array(id('Materia non valida.')).max(200, 'Troppe materie selezionate.').default([])
});
export type MediatoreInput = z.infer<typeof MediatoreInput>;

/** A codice fiscale (16 characters) or a partita IVA / numeric codice fiscale (11 digits), or empty. */
const identificativo = z
	.string()
	.trim()
	.transform((v, ctx) => {
		const s = v.replace(/\s+/g, '').toUpperCase();
		if (s === '') return null;
		const r = /^(IT)?\d{11}$/.test(s) ? checkPartitaIva(s) : checkCodiceFiscale(s);
		if (!r.ok) {
			ctx.addIssue({ code: 'custom', message: r.message });
			return z.NEVER;
		}
		return r.value;
	})
	.optional()
	.transform((v) => v ?? null);

export const ConflittoInput = z.object({
	descrizione: reason('Descrizione del conflitto', 3),
	identificativo
});
export type ConflittoInput = z.infer<typeof ConflittoInput>;

export const ConflittoRemove = z.object({ conflittoId: id('Conflitto non valido.') });

export const DichiarazioneInput = z.object({
	testo: z
		.string({ error: 'Scrivi il testo della dichiarazione.' })
		.trim()
		.min(50, 'Il testo della dichiarazione è troppo breve (almeno 50 caratteri).')
		.max(10000, 'Il testo della dichiarazione è troppo lungo (al più 10000 caratteri).')
});

const ruolo = z.enum(ASSEGNAZIONE_RUOLI, { error: 'Scegli il ruolo: mediatore designato o co-mediatore.' }).default('designato');

export const RotazioneInput = z.object({ ruolo });

export const IndicazioneCongiuntaInput = z.object({
	ruolo,
	mediatoreId: id('Scegli il mediatore indicato dalle parti.'),
	motivazione: reason("Riferimento all'indicazione delle parti", 3)
});

export const SceltaResponsabileInput = z.object({
	ruolo,
	mediatoreId: id('Scegli il mediatore.'),
	motivazione: reason('Motivazione della scelta', 10)
});

export const RevocaInput = z.object({
	assegnazioneId: id('Assegnazione non valida.'),
	motivo: reason('Motivo della revoca')
});

export const AccettaInput = z.object({
	assegnazioneId: id('Incarico non valido.'),
	conferma: z.literal('on', { error: 'Per accettare devi spuntare la sottoscrizione della dichiarazione.' }),
	/** SHA-256 of the declaration text the mediator read: a changed text must be read again. */
	testoSha256: z.string().regex(/^[0-9a-f]{64}$/, 'Dichiarazione non valida: ricarica la pagina.')
});

export const RifiutaInput = z.object({
	assegnazioneId: id('Incarico non valido.'),
	motivo: reason('Motivo del rifiuto')
});
