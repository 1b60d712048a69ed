import { z } from 'zod';
import { MODALITA } from '../procedimenti/labels.ts';
import { LOCAL_HOLIDAY } from './holidays.ts';
import { isHhMm } from '../shared/time.ts';

/** Form schemas of the agenda (Italian messages). Multi-value fields (convocati) are read apart. */

const data = z.string('Indica la data.').regex(/^\d{4}-\d{2}-\d{2}$/, 'Data non valida (usa il selettore o il formato AAAA-MM-GG).');
const ora = (label: string) => z.string(`Indica l'ora di ${label}.`).refine(isHhMm, `Ora di ${label} non valida (formato HH:MM).`);
const optionalId = z
	.string()
	.optional()
	.transform((v) => (v && v.trim() ? v.trim() : null));

export const IncontroInput = z.object({
	data,
	dalle: ora('inizio'),
	alle: ora('fine'),
	tipo: z.enum(['primo', 'successivo'], { error: 'Indica se è il primo incontro o un incontro successivo.' }),
	modalita: z.enum(MODALITA, { error: 'Indica la modalità (in presenza, telematica o mista).' }),
	salaId: optionalId,
	mediatoreId: optionalId,
	note: z.string().max(2000, 'Note troppo lunghe (al massimo 2000 caratteri).').optional().default(''),
	confermaAvvisi: z
		.string()
		.optional()
		.transform((v) => v === 'on' || v === 'true' || v === '1')
});
export type IncontroInput = z.infer<typeof IncontroInput> & { convocati?: string[] | null; remoti?: string[] };

export const SpostaInput = z.object({
	data,
	dalle: ora('inizio'),
	alle: ora('fine'),
	salaId: optionalId,
	motivo: z.string().max(500, 'Motivo troppo lungo (al massimo 500 caratteri).').optional().default(''),
	confermaAvvisi: z
		.string()
		.optional()
		.transform((v) => v === 'on' || v === 'true' || v === '1')
});
export type SpostaInput = z.infer<typeof SpostaInput>;

export const StatoInput = z
	.object({
		stato: z.enum(['rinviato', 'tenuto', 'annullato'], { error: 'Stato non valido.' }),
		motivo: z.string().max(500, 'Motivo troppo lungo (al massimo 500 caratteri).').optional().default('')
	})
	.refine((v) => v.stato !== 'rinviato' || v.motivo.trim().length > 0, { message: 'Indica il motivo del rinvio.', path: ['motivo'] });

export const SalaInput = z.object({
	sedeId: z.string('Scegli la sede.').min(1, 'Scegli la sede.'),
	nome: z.string('Indica il nome della sala.').trim().min(1, 'Indica il nome della sala.').max(80, 'Nome troppo lungo.'),
	capienza: z.coerce
		.number('Indica la capienza.')
		.int('La capienza è un numero intero di persone.')
		.min(1, 'La capienza deve essere almeno 1.')
		.max(500, 'Capienza non plausibile (al massimo 500).'),
	dotazioni: z.string().trim().max(500, 'Dotazioni: al massimo 500 caratteri.').optional().default('')
});

export const OrarioInput = z
	.object({
		giorno: z.coerce.number().int().min(1, 'Giorno non valido.').max(7, 'Giorno non valido.'),
		dalle: ora('apertura'),
		alle: ora('chiusura')
	})
	.refine((v) => v.dalle < v.alle, { message: "L'ora di chiusura deve seguire quella di apertura.", path: ['alle'] });

export const FestivitaInput = z.object({
	data: z
		.string('Indica la data.')
		.trim()
		.regex(LOCAL_HOLIDAY, 'Data non valida: usa MM-GG per ogni anno (es. 12-07) o AAAA-MM-GG per una sola volta.'),
	descrizione: z.string('Indica la descrizione.').trim().min(1, 'Indica la descrizione.').max(100, 'Descrizione troppo lunga.')
});

export const IndisponibilitaInput = z
	.object({
		dal: data,
		dalle: ora('inizio'),
		al: data,
		alle: ora('fine'),
		motivo: z.string().trim().max(200, 'Motivo troppo lungo.').optional().default('')
	})
	.refine((v) => `${v.al}T${v.alle}` > `${v.dal}T${v.dalle}`, { message: 'La fine deve seguire l’inizio.', path: ['al'] });

export const DisponibilitaInput = OrarioInput;
