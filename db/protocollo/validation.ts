import { z } from 'zod';
import { PROTOCOLLO_DIREZIONI } from './labels.ts';
import { isValidDay } from '../shared/time.ts';

// Form schemas of the protocol register, with Italian messages. Shared by the web actions and tests.

const text = (max: number) =>
	z
		.string()
		.trim()
		.max(max, `Massimo ${max} caratteri.`)
		.optional()
		.transform((v) => v ?? '');

/** A new entry. `procedimento` ("2026/1") is only on the register-wide form; the case tab links its own case. */
export const RegistrazioneSchema = z
	.object({
		richiestaId: z
			.string({ error: 'Richiesta non valida: ricarica la pagina.' })
			.regex(/^[a-z2-7]{24}$/, 'Richiesta non valida: ricarica la pagina.'),
		direzione: z.enum(PROTOCOLLO_DIREZIONI, { error: 'Scegli la direzione: in entrata, in uscita o interno.' }),
		mittente: text(300),
		destinatario: text(300),
		oggetto: z
			.string({ error: "Indica l'oggetto della registrazione." })
			.trim()
			.min(1, "Indica l'oggetto della registrazione.")
			.max(1000, 'Massimo 1000 caratteri.'),
		procedimento: z
			.string()
			.trim()
			.optional()
			.transform((v, ctx) => {
				if (!v) return null;
				const m = /^(\d{4})\s*\/\s*(\d{1,6})$/.exec(v);
				if (!m) {
					ctx.addIssue({ code: 'custom', message: 'Indica il procedimento come anno/numero, ad esempio 2026/1.' });
					return z.NEVER;
				}
				return { anno: Number(m[1]), numero: Number(m[2]) };
			})
	})
	.superRefine((v, ctx) => {
		if ((v.direzione === 'entrata' || v.direzione === 'interno') && !v.mittente)
			ctx.addIssue({
				code: 'custom',
				path: ['mittente'],
				message:
					v.direzione === 'entrata' ? 'Per una registrazione in entrata indica il mittente.' : 'Indica il mittente (ufficio o persona).'
			});
		if ((v.direzione === 'uscita' || v.direzione === 'interno') && !v.destinatario)
			ctx.addIssue({
				code: 'custom',
				path: ['destinatario'],
				message:
					v.direzione === 'uscita'
						? 'Per una registrazione in uscita indica il destinatario.'
						: 'Indica il destinatario (ufficio o persona).'
			});
	});

export type RegistrazioneForm = z.infer<typeof RegistrazioneSchema>;

/** Ids of the case documents ticked on the form (`documenti` checkboxes). */
export const DocumentiSchema = z
	.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Documento non valido.'))
	.max(50, 'Puoi collegare al massimo 50 documenti a una registrazione.')
	.transform((ids) => [...new Set(ids)]);

export const AnnullamentoSchema = z.object({
	motivo: z
		.string({ error: "Indica il motivo dell'annullamento." })
		.trim()
		.min(5, "Indica il motivo dell'annullamento (almeno 5 caratteri).")
		.max(1000, 'Massimo 1000 caratteri.')
});

const day = (label: string) =>
	z
		.string()
		.trim()
		.optional()
		.transform((v, ctx) => {
			if (!v) return null;
			if (!isValidDay(v)) {
				ctx.addIssue({ code: 'custom', message: `${label}: data non valida.` });
				return z.NEVER;
			}
			return v;
		});

/** Filters of the register list (query string). */
export const FiltriSchema = z
	.object({
		dal: day('Dal'),
		al: day('Al'),
		direzione: z
			.union([z.enum(PROTOCOLLO_DIREZIONI), z.literal('')], { error: 'Direzione non valida.' })
			.optional()
			.transform((v) => v || null),
		q: text(200),
		pagina: z.coerce.number({ error: 'Pagina non valida.' }).int('Pagina non valida.').min(1, 'Pagina non valida.').max(100000).default(1)
	})
	.superRefine((v, ctx) => {
		if (v.dal && v.al && v.al < v.dal) ctx.addIssue({ code: 'custom', path: ['al'], message: 'La data finale precede quella iniziale.' });
	});

export type Filtri = z.infer<typeof FiltriSchema>;

/** `/protocollo/registro/<YYYY-MM-DD>.<pdf|csv>` */
export function parseRegistroParam(param: string): { giorno: string; formato: 'pdf' | 'csv' } | null {
	const m = /^(\d{4}-\d{2}-\d{2})\.(pdf|csv)$/.exec(param);
	if (!m || !isValidDay(m[1])) return null;
	return { giorno: m[1], formato: m[2] as 'pdf' | 'csv' };
}
