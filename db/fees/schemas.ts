import { z } from 'zod';
import { isValidDay } from '../shared/time.ts';

/**
 * Zod input of the amministratore's tariff form (/admin/tariffe). Amounts are typed the Italian way
 * ("1.200,50", "22,5"); both euro and percentages become integer hundredths (cents, basis points),
 * the units of db/fees/tables.ts. The form is flat (s0_avvio, ind_basso_avvio...): `tariffaFormRaw`
 * gathers it into the object parsed here.
 */

const MAX = 1_000_000_000_000;

/** "1.200,50" -> 120050; "22,5" -> 2250. Up to two decimals, never negative. */
function centesimi(what: string) {
	return z
		.string({ error: `${what}: indica un importo.` })
		.trim()
		.min(1, `${what}: indica un importo.`)
		.transform((v, ctx) => {
			const norm = v.replace(/\s|€|%/g, '');
			if (!/^\d{1,3}(\.\d{3})*(,\d{1,2})?$|^\d+(,\d{1,2})?$/.test(norm)) {
				ctx.addIssue({ code: 'custom', message: `${what}: numero non valido (es. 1.200,00; al massimo due decimali).` });
				return z.NEVER;
			}
			const [int, dec = ''] = norm.replace(/\./g, '').split(',');
			const n = Number(int) * 100 + Number(dec.padEnd(2, '0'));
			if (n > MAX) {
				ctx.addIssue({ code: 'custom', message: `${what}: numero troppo grande.` });
				return z.NEVER;
			}
			return n;
		});
}

const Scaglione = z.object({
	/** Empty only for the last bracket ("oltre"). */
	finoA: z.union([z.literal('').transform(() => null), centesimi('Limite dello scaglione')]),
	avvio: centesimi('Spese di avvio'),
	primoIncontro: centesimi('Spese per il primo incontro'),
	minimo: centesimi('Minimo delle spese di mediazione'),
	massimo: centesimi('Massimo delle spese di mediazione')
});

const Livello = z.object({
	avvio: centesimi('Spese di avvio (valore indeterminabile)'),
	primoIncontro: centesimi('Spese per il primo incontro (valore indeterminabile)'),
	valoreRiferimento: centesimi('Valore di riferimento (valore indeterminabile)')
});

export const NuovaVersioneTariffa = z.object({
	baseId: z.string({ error: 'Scegli la versione da cui partire.' }).min(1, 'Scegli la versione da cui partire.').max(100),
	nome: z.string().trim().min(1, 'Indica il nome della versione.').max(120, 'Nome: al massimo 120 caratteri.'),
	validaDal: z.string({ error: 'Indica la data da cui vale.' }).trim().refine(isValidDay, 'Indica la data da cui vale (gg/mm/aaaa).'),
	fonte: z.string().trim().min(1, 'Indica la fonte (delibera, decreto).').max(2000, 'Fonte: al massimo 2000 caratteri.'),
	provvisoria: z
		.union([z.literal('on'), z.literal('')])
		.optional()
		.transform((v) => v === 'on'),
	importoMediazione: z.enum(['minimo', 'massimo'], { error: 'Scegli se applicare il minimo o il massimo dello scaglione.' }),
	iva: centesimi('Aliquota IVA'),
	accordoPrimoIncontro: centesimi('Maggiorazione per accordo al primo incontro'),
	accordoSuccessivo: centesimi('Maggiorazione per accordo in un incontro successivo'),
	scaglioni: z.array(Scaglione).min(1, 'La tariffa deve avere almeno uno scaglione.').max(40, 'Al massimo 40 scaglioni.'),
	indeterminabile: z.object({ basso: Livello, medio: Livello, alto: Livello })
});
export type NuovaVersioneTariffa = z.infer<typeof NuovaVersioneTariffa>;

export const EliminaVersioneTariffa = z.object({
	tariffaId: z.string({ error: 'Versione non valida.' }).min(1, 'Versione non valida.').max(100)
});

const LIVELLI = ['basso', 'medio', 'alto'] as const;

/**
 * The flat form of the tariff page as the object NuovaVersioneTariffa parses; the flat fields stay
 * too (the schema ignores them), so a refused form is sent back as typed.
 */
export function tariffaFormRaw(form: FormData): Record<string, unknown> {
	const flat: Record<string, string> = {};
	for (const [k, v] of form.entries()) if (typeof v === 'string' && /^(s\d{1,2}|ind)_[A-Za-z_]+$/.test(k)) flat[k] = v;
	const s = (k: string) => {
		const v = form.get(k);
		return typeof v === 'string' ? v : undefined;
	};
	const scaglioni: Record<string, string | undefined>[] = [];
	for (let i = 0; i < 40 && s(`s${i}_avvio`) !== undefined; i++)
		scaglioni.push({
			finoA: s(`s${i}_finoA`) ?? '',
			avvio: s(`s${i}_avvio`),
			primoIncontro: s(`s${i}_primoIncontro`),
			minimo: s(`s${i}_minimo`),
			massimo: s(`s${i}_massimo`)
		});
	return {
		...flat,
		baseId: s('baseId'),
		nome: s('nome'),
		validaDal: s('validaDal'),
		fonte: s('fonte'),
		provvisoria: s('provvisoria'),
		importoMediazione: s('importoMediazione'),
		iva: s('iva'),
		accordoPrimoIncontro: s('accordoPrimoIncontro'),
		accordoSuccessivo: s('accordoSuccessivo'),
		scaglioni,
		indeterminabile: Object.fromEntries(
			LIVELLI.map((l) => [
				l,
				{ avvio: s(`ind_${l}_avvio`), primoIncontro: s(`ind_${l}_primoIncontro`), valoreRiferimento: s(`ind_${l}_valoreRiferimento`) }
			])
		)
	};
}

/** The form field an issue of NuovaVersioneTariffa is about: ['scaglioni', 2, 'avvio'] -> 's2_avvio'. */
function campoDi(path: readonly PropertyKey[]): string {
	if (path[0] === 'scaglioni' && typeof path[1] === 'number' && path[2]) return `s${path[1]}_${String(path[2])}`;
	if (path[0] === 'indeterminabile' && path[1] && path[2]) return `ind_${String(path[1])}_${String(path[2])}`;
	return String(path[0] ?? 'form');
}

/**
 * NuovaVersioneTariffa with every issue addressed to its own input (s2_avvio, ind_alto_avvio) and
 * the row named in the message ("Scaglione 3: ..."), for the page's field errors.
 */
export const NuovaVersioneTariffaForm = z.unknown().transform((raw, ctx): NuovaVersioneTariffa => {
	const r = NuovaVersioneTariffa.safeParse(raw);
	if (r.success) return r.data;
	for (const issue of r.error.issues) {
		const riga = issue.path[0] === 'scaglioni' && typeof issue.path[1] === 'number' ? `Scaglione ${issue.path[1] + 1}: ` : '';
		ctx.addIssue({ code: 'custom', message: riga + issue.message, path: [campoDi(issue.path)] });
	}
	return z.NEVER;
});
