import { z } from 'zod';
import { ATTI, CANALI, SICUREZZE } from './schema.ts';

/** zod schemas of every form of the module (Italian messages). */

const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
const address = z.email({ error: 'Indirizzo e-mail non valido.' }).max(254, 'Indirizzo troppo lungo.');
const host = z
	.string()
	.trim()
	.min(1, 'Indica il server.')
	.max(253, 'Nome del server troppo lungo.')
	.regex(/^[A-Za-z0-9.-]+$|^\[[0-9a-fA-F:.]+\]$/, 'Nome del server non valido (solo lettere, cifre, punti e trattini).');
const port = z.coerce
	.number({ error: 'Porta non valida.' })
	.int('Porta non valida.')
	.min(1, 'Porta non valida.')
	.max(65535, 'Porta non valida.');

export const CasellaInput = z.object({
	id: z.preprocess(emptyToUndefined, z.string().max(64).optional()),
	canale: z.enum(CANALI, { error: 'Tipo di casella non valido.' }),
	nome: z.string().trim().min(1, 'Indica il nome del mittente.').max(120, 'Massimo 120 caratteri.'),
	indirizzo: z.string().trim().toLowerCase().pipe(address),
	smtpHost: host,
	smtpPort: port,
	smtpSicurezza: z.enum(SICUREZZE, { error: 'Sicurezza SMTP non valida.' }),
	imapHost: z.preprocess(emptyToUndefined, host.optional()),
	imapPort: z.preprocess(emptyToUndefined, port.optional()),
	imapSicurezza: z.preprocess(emptyToUndefined, z.enum(SICUREZZE, { error: 'Sicurezza IMAP non valida.' }).optional()),
	utente: z.string().trim().min(1, 'Indica il nome utente della casella.').max(254, 'Massimo 254 caratteri.'),
	password: z.preprocess(emptyToUndefined, z.string().max(512, 'Password troppo lunga.').optional()),
	gestoriFidati: z.preprocess(
		emptyToUndefined,
		z
			.string()
			.max(200_000, 'Certificati troppo lunghi.')
			.refine(
				(s) => /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.test(s),
				'Incolla i certificati in formato PEM (-----BEGIN CERTIFICATE-----).'
			)
			.optional()
	),
	attiva: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean())
});
export type CasellaInput = z.infer<typeof CasellaInput>;

export const InvioInput = z.object({
	richiestaId: z.uuid({ error: 'Richiesta non valida: ricarica la pagina.' }),
	atto: z
		.enum(ATTI, { error: 'Tipo di comunicazione non valido.' })
		.refine((a) => a === 'comunicazione_istanza' || a === 'convocazione', 'Tipo di comunicazione non valido.'),
	destinatari: z
		.array(z.object({ soggettoId: z.string().min(1).max(64), canale: z.enum(CANALI, { error: 'Canale non valido.' }) }))
		.min(1, 'Scegli almeno un destinatario.')
		.max(50, 'Troppi destinatari.')
});
export type InvioInput = z.infer<typeof InvioInput>;

/** The send form: `canale_<soggettoId>` = pec | email | "" (not sent). */
export function invioFromForm(form: FormData): unknown {
	const destinatari: Array<{ soggettoId: string; canale: string }> = [];
	for (const [k, v] of form.entries()) {
		if (typeof v !== 'string' || !k.startsWith('canale_') || v === '') continue;
		destinatari.push({ soggettoId: k.slice('canale_'.length), canale: v });
	}
	return { richiestaId: form.get('richiestaId'), atto: form.get('atto'), destinatari };
}

export const RegistraArrivoInput = z.object({
	arrivoId: z.string().min(1).max(64),
	procedimento: z.preprocess(
		emptyToUndefined,
		z
			.string()
			.trim()
			.regex(/^\d{4}\/\d{1,7}$/, 'Indica il procedimento come anno/numero, ad esempio 2026/12.')
			.optional()
	)
});

export const ModelloInput = z.object({
	atto: z.enum(ATTI, { error: 'Modello non valido.' }),
	oggetto: z.string().trim().min(1, "Indica l'oggetto.").max(300, 'Massimo 300 caratteri.'),
	testo: z.string().trim().min(1, 'Indica il testo.').max(20_000, 'Massimo 20.000 caratteri.')
});
