import { z } from 'zod';
import { romeToUtc } from '../shared/time.ts';
import { checkCodiceFiscale } from '../procedimenti/fiscal.ts';

// Form schemas of the signing workflow's pages, with Italian messages (shared by the actions and tests).

const id = z.string().trim().min(1, 'Dato mancante.').max(64, 'Identificativo non valido.');

const optionalCf = z
	.string()
	.trim()
	.max(32)
	.transform((v, ctx) => {
		if (v === '') return null;
		const r = checkCodiceFiscale(v);
		if (!r.ok) {
			ctx.addIssue({ code: 'custom', message: `Codice fiscale «${v}»: ${r.message.charAt(0).toLowerCase()}${r.message.slice(1)}` });
			return z.NEVER;
		}
		return r.value;
	});

const optionalEmail = z
	.string()
	.trim()
	.toLowerCase()
	.max(254)
	.transform((v) => (v === '' ? null : v))
	.pipe(z.email('Indirizzo e-mail non valido.').nullable());

export const DestinatarioInput = z.object({
	nome: z.string().trim().min(2, 'Indica il nome di ogni destinatario.').max(200, 'Nome troppo lungo.'),
	qualifica: z.string().trim().min(2, 'Indica la qualifica di ogni destinatario.').max(80, 'Qualifica troppo lunga.'),
	codiceFiscale: optionalCf,
	email: optionalEmail,
	userId: z
		.string()
		.trim()
		.max(64)
		.transform((v) => v || null),
	mediatore: z.boolean()
});

/** The start form: document, deadline (a day, ending at 23:59 in Italy), reminders, recipients in order. */
export const AvvioInput = z.object({
	documentoId: id,
	titolo: z.string().trim().max(200, 'Titolo troppo lungo (massimo 200 caratteri).').default(''),
	scadenza: z.iso.date('Indica la scadenza (una data).').transform((d, ctx) => {
		const r = romeToUtc(d, '23:59');
		if (!r.ok) {
			ctx.addIssue({ code: 'custom', message: r.message });
			return z.NEVER;
		}
		return new Date(r.ms);
	}),
	sollecitoGiorni: z.coerce
		.number('Indica ogni quanti giorni sollecitare.')
		.int('Un numero intero di giorni.')
		.min(0, 'Da 0 (nessun sollecito) a 30 giorni.')
		.max(30, 'Da 0 (nessun sollecito) a 30 giorni.'),
	destinatari: z.array(DestinatarioInput).min(2, 'Servono almeno un destinatario e il mediatore.').max(50, 'Al massimo 50 destinatari.')
});
export type AvvioInput = z.infer<typeof AvvioInput>;

/** Rows of the recipients' table as sent by the form (parallel arrays; blank rows dropped). */
export function destinatariFromForm(form: FormData): Record<string, unknown>[] {
	const col = (k: string) => form.getAll(k).map((v) => (typeof v === 'string' ? v : ''));
	const nomi = col('d_nome');
	const [qualifiche, cf, email, userId, fase] = ['d_qualifica', 'd_cf', 'd_email', 'd_userId', 'd_fase'].map(col);
	return nomi
		.map((nome, i) => ({
			nome,
			qualifica: qualifiche[i] ?? '',
			codiceFiscale: cf[i] ?? '',
			email: email[i] ?? '',
			userId: userId[i] ?? '',
			mediatore: fase[i] === '2'
		}))
		.filter((r) => r.nome.trim() !== '' || r.codiceFiscale.trim() !== '' || r.email.trim() !== '');
}

export const DestinatarioRef = z.object({ destinatarioId: id });

export const OtpInput = z.object({
	destinatarioId: id,
	/** One-shot: the provider identifies the signer (SPID/CIE) and issues a certificate on the spot. */
	modo: z.enum(['remota', 'one_shot'], 'Scegli firma remota o one-shot.').default('remota'),
	identificazione: z.enum(['SPID', 'CIE'], 'Scegli SPID o CIE.').default('SPID')
});

export const FirmaRemotaInput = z.object({
	destinatarioId: id,
	credentialId: z.string().trim().min(1, 'Richiedi prima il codice OTP.').max(200),
	otp: z
		.string()
		.trim()
		.regex(/^\d{6}$/, 'Il codice OTP è di 6 cifre.'),
	metodo: z.enum(['remota', 'one_shot']).default('remota')
});

export const RifiutoInput = z.object({
	destinatarioId: id,
	motivo: z.string().trim().min(3, 'Spiega in breve perché non firmi.').max(2000, 'Massimo 2000 caratteri.')
});

export const AnnullaInput = z.object({
	motivo: z.string().trim().min(3, 'Indica il motivo dell’annullamento.').max(500, 'Massimo 500 caratteri.')
});

export const FiduciarioRef = z.object({ id });

/** Largest signed file or trust-store file accepted by the firma pages. */
export const MAX_FILE_FIRMA = 30 * 1024 * 1024;

/** A file field of a firma form: present, not empty, not too large. */
export function fileOf(form: FormData, name = 'file'): { ok: true; file: File } | { ok: false; message: string } {
	const f = form.get(name);
	if (!f || typeof f === 'string' || (f.size === 0 && f.name === '')) return { ok: false, message: 'Scegli il file da caricare.' };
	if (f.size === 0) return { ok: false, message: `«${f.name}» è vuoto.` };
	if (f.size > MAX_FILE_FIRMA) return { ok: false, message: `«${f.name}» supera i ${MAX_FILE_FIRMA / 1024 / 1024} MB.` };
	return { ok: true, file: f };
}
