import { neutralizeBidi } from '../shared/text.ts';
import { z } from 'zod';
import { MODALITA, TIPOLOGIE, VALORE_TIPI, TIPI_PERSONA, RUOLI_CENTRO } from './labels.ts';
import { checkCodiceDestinatario, checkCodiceFiscale, checkPartitaIva, type FiscalCheck } from './fiscal.ts';

// Form schemas of a new procedimento, with Italian messages. Shared by the web action and tests.

const optionalText = (max: number) =>
	z
		.string()
		.trim()
		.max(max, `Massimo ${max} caratteri.`)
		.transform((v) => (v === '' ? null : neutralizeBidi(v).trim() || null))
		.nullable()
		.optional()
		.transform((v) => v ?? null);

const email = (label: string) =>
	z
		.string()
		.trim()
		.toLowerCase()
		.max(254)
		.transform((v) => (v === '' ? null : v))
		.pipe(z.email(`${label} non valida.`).nullable())
		.optional()
		.transform((v) => v ?? null);

/** An optional fiscal field checked by one of db/procedimenti/fiscal.ts (empty = null). */
const fiscal = (check: (v: string) => FiscalCheck) =>
	z
		.string()
		.trim()
		.transform((v, ctx) => {
			if (v === '') return null;
			const r = check(v);
			if (!r.ok) {
				ctx.addIssue({ code: 'custom', message: r.message });
				return z.NEVER;
			}
			return r.value;
		})
		.optional()
		.transform((v) => v ?? null);

const cf = fiscal(checkCodiceFiscale);
const piva = fiscal(checkPartitaIva);
const sdi = fiscal(checkCodiceDestinatario);

export const ParteInput = z
	.object({
		ruolo: z.enum(RUOLI_CENTRO, { error: 'Indica se la parte è istante o invitata.' }),
		/** Parties with the same centro number stand for one centro di interesse. */
		centro: z.coerce.number().int().min(1).max(50).default(1),
		tipo: z.enum(TIPI_PERSONA, { error: 'Indica se è persona fisica o giuridica.' }),
		nome: optionalText(100),
		cognome: optionalText(100),
		codiceFiscale: cf,
		dataNascita: optionalText(10),
		residenza: optionalText(300),
		denominazione: optionalText(200),
		partitaIva: piva,
		sedeLegale: optionalText(300),
		legaleRappresentante: optionalText(200),
		email: email('Email'),
		pec: email('PEC'),
		telefono: optionalText(40),
		codiceDestinatario: sdi,
		avvNome: optionalText(100),
		avvCognome: optionalText(100),
		avvCodiceFiscale: cf,
		avvPec: email('PEC dell\u2019avvocato'),
		avvEmail: email('Email dell\u2019avvocato'),
		avvForo: optionalText(100)
	})
	.superRefine((p, ctx) => {
		if (p.tipo === 'fisica') {
			if (!p.nome) ctx.addIssue({ code: 'custom', path: ['nome'], message: 'Inserisci il nome.' });
			if (!p.cognome) ctx.addIssue({ code: 'custom', path: ['cognome'], message: 'Inserisci il cognome.' });
			if (!p.codiceFiscale) ctx.addIssue({ code: 'custom', path: ['codiceFiscale'], message: 'Inserisci il codice fiscale.' });
		} else {
			if (!p.denominazione) ctx.addIssue({ code: 'custom', path: ['denominazione'], message: 'Inserisci la denominazione.' });
			if (!p.partitaIva && !p.codiceFiscale)
				ctx.addIssue({ code: 'custom', path: ['partitaIva'], message: 'Inserisci la partita IVA o il codice fiscale.' });
		}
		if (!p.email && !p.pec) ctx.addIssue({ code: 'custom', path: ['pec'], message: 'Serve almeno un recapito: PEC o email.' });
		const hasLawyer = Boolean(p.avvNome || p.avvCognome || p.avvCodiceFiscale || p.avvPec);
		if (hasLawyer) {
			if (!p.avvNome) ctx.addIssue({ code: 'custom', path: ['avvNome'], message: "Inserisci il nome dell'avvocato." });
			if (!p.avvCognome) ctx.addIssue({ code: 'custom', path: ['avvCognome'], message: "Inserisci il cognome dell'avvocato." });
			if (!p.avvPec) ctx.addIssue({ code: 'custom', path: ['avvPec'], message: "Inserisci la PEC dell'avvocato." });
		}
	});
export type ParteInput = z.infer<typeof ParteInput>;

const euro = z
	.string()
	.trim()
	.transform((v, ctx) => {
		if (v === '') return null;
		const n = Number(v.replace(/\./g, '').replace(',', '.'));
		if (!Number.isFinite(n) || n < 0 || n > 1e11) {
			ctx.addIssue({ code: 'custom', message: 'Importo non valido (es. 12.500,00).' });
			return z.NEVER;
		}
		return Math.round(n * 100);
	})
	.optional()
	.transform((v) => v ?? null);

export const ProcedimentoInput = z
	.object({
		richiestaId: z.string().regex(/^[a-z0-9-]{8,64}$/, 'Modulo non valido: ricarica la pagina.'),
		sedeId: z.string().min(1, 'Scegli la sede.'),
		dataDeposito: z.iso.date('Data di deposito non valida.'),
		modalita: z.enum(MODALITA, { error: 'Scegli la modalità.' }),
		tipologia: z.enum(TIPOLOGIE, { error: 'Scegli la tipologia.' }),
		riferimentoGiudizio: optionalText(300),
		materiaId: z.string().min(1, 'Scegli la materia.'),
		oggetto: z.string().trim().min(3, "Descrivi brevemente l'oggetto (almeno 3 caratteri).").max(300, 'Massimo 300 caratteri.'),
		descrizione: z.string().trim().max(5000, 'Massimo 5000 caratteri.').default(''),
		valoreTipo: z.enum(VALORE_TIPI, { error: 'Indica il valore della lite.' }),
		valore: euro,
		parti: z.array(ParteInput).min(2, 'Servono almeno una parte istante e una invitata.').max(40)
	})
	.superRefine((p, ctx) => {
		if (p.tipologia === 'demandata' && !p.riferimentoGiudizio)
			ctx.addIssue({
				code: 'custom',
				path: ['riferimentoGiudizio'],
				message: "Per la mediazione demandata indica giudice, R.G. e data dell'ordinanza."
			});
		if (p.valoreTipo === 'determinato' && p.valore === null)
			ctx.addIssue({ code: 'custom', path: ['valore'], message: 'Indica il valore della lite in euro.' });
		if (!p.parti.some((x) => x.ruolo === 'istante')) ctx.addIssue({ code: 'custom', path: ['parti'], message: 'Manca la parte istante.' });
		if (!p.parti.some((x) => x.ruolo === 'invitata'))
			ctx.addIssue({ code: 'custom', path: ['parti'], message: 'Manca la parte invitata.' });
		// In mandatory and court-referred mediation the parties must be assisted by a lawyer (art. 8 c.4 / art. 5 D.Lgs. 28/2010).
		if (p.tipologia === 'obbligatoria' || p.tipologia === 'demandata') {
			p.parti.forEach((x, i) => {
				if (x.ruolo === 'istante' && !x.avvCognome)
					ctx.addIssue({
						code: 'custom',
						path: ['parti', i, 'avvCognome'],
						message: 'Nella mediazione obbligatoria o demandata la parte istante deve essere assistita da un avvocato.'
					});
			});
		}
	});
export type ProcedimentoInput = z.infer<typeof ProcedimentoInput>;

/** Party fields in a form are named p<index>_<field> (e.g. p0_cognome); rebuilds the array. */
export function partiFromForm(form: FormData | Record<string, string>): Record<string, string>[] {
	const entries = form instanceof FormData ? [...form.entries()] : Object.entries(form);
	const rows = new Map<number, Record<string, string>>();
	for (const [key, value] of entries) {
		const m = /^p(\d{1,2})_([a-zA-Z]+)$/.exec(key);
		if (!m || typeof value !== 'string') continue;
		const i = Number(m[1]);
		if (!rows.has(i)) rows.set(i, {});
		rows.get(i)![m[2]] = value;
	}
	return [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}
