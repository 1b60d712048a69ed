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
