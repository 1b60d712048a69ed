import { z } from 'zod';
import { INVITO_RUOLI } from '#db/rooms/labels.ts';

/** Invitation of a person of the case (soggettoId) or of an observer by name. */
export const InvitoFields = z
	.object({
		soggettoId: z.string().trim().max(64).optional(),
		nome: z.string().trim().max(120).optional(),
		ruolo: z.enum(INVITO_RUOLI, { error: 'Ruolo non valido.' }).optional()
	})
	.refine((v) => !!v.soggettoId || (v.nome ?? '').length >= 2, {
		message: 'Scegli una persona del procedimento o indica il nome.',
		path: ['nome']
	});

export const RevocaFields = z.object({ invitoId: z.string().trim().min(1).max(64) });

export const ImpostazioniFields = z.object({
	capienza: z.coerce
		.number({ error: 'Indica un numero.' })
		.int('Indica un numero intero.')
		.min(1, 'Almeno 1 partecipante oltre al mediatore.')
		.max(12, 'Al massimo 12 partecipanti oltre al mediatore.'),
	ammissioneAutomatica: z
		.string()
		.optional()
		.transform((v) => v === 'on')
});

export const UploadFields = z.object({ titolo: z.string().trim().max(200).optional() });
