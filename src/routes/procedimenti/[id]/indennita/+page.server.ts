import { z } from 'zod';
import { canViewFees } from '#db/access/index.ts';
import { getProcedimento } from '#db/procedimenti/repo.ts';
import { computeIndennita, type IndennitaResult } from '#db/fees/engine.ts';
import { countCentriInteresse, tariffaFor, TariffaNonValidaError } from '#db/fees/repo.ts';
import { FASI, FASE_LABELS } from '#db/fees/tables.ts';
import { getDb } from '$lib/server/db';
import { requireCase } from '$lib/server/procedimento';
import { requirePermission } from '$lib/server/auth';
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** GET parameters of the calculator (the form works without JavaScript). */
const Params = z.object({
	fase: z.preprocess(blankToUndefined, z.enum(FASI, { error: 'Scegli una fase valida.' }).default('avvio')),
	complessita: z.preprocess(
		blankToUndefined,
		z
			.string()
			.trim()
			.regex(/^\d{1,3}([.,]\d{1,2})?$/, 'Indica una percentuale (es. 10 oppure 12,5).')
			.transform((v) => Number(v.replace(',', '.')))
			.default(0)
	),
	pagato: z.preprocess(
		blankToUndefined,
		z
			.string()
			.trim()
			.regex(/^(\d{1,3}(\.\d{3})+|\d+)(,\d{1,2})?$/, 'Indica un importo in euro (es. 96,00).')
			.transform((v) => {
				const [int, dec = ''] = v.replace(/\./g, '').split(',');
				return Number(int) * 100 + Number(dec.padEnd(2, '0'));
			})
			.refine((c) => c <= 100_000_000_00, 'Importo troppo grande.')
			.optional()
	),
	/** Checkbox: the mediator formulated a proposal (DM 180/2010 art. 16 c.4 lett. c). */
	proposta: z.enum(['', 'si'], { error: 'Valore non valido per la proposta del mediatore.' }).transform((v) => v === 'si')
});

export const load: PageServerLoad = (event) => {
	const { actor, ctx } = requireCase(event);
	requirePermission(canViewFees(actor, ctx), 'Le indennità del procedimento sono visibili solo alla segreteria e al mediatore designato.');
	const db = getDb();
	const row = getProcedimento(db, event.params.id);
	if (!row) error(404, { message: 'Procedimento non trovato.' });
	const p = row.p;
	const centri = countCentriInteresse(db, p.id);

	const raw = Object.fromEntries(['fase', 'complessita', 'pagato', 'proposta'].map((k) => [k, event.url.searchParams.get(k) ?? '']));
	const errors: Record<string, string> = {};
	const parsed = Params.safeParse(raw);
	if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;

	let tariffa = null;
	let problema: string | null = null;
	try {
		tariffa = tariffaFor(db, p.organismoId, p.dataDeposito);
		if (!tariffa)
			problema = `Nessuna tariffa dell’Organismo è in vigore alla data di deposito del procedimento: chiedi all’amministratore di configurarla.`;
	} catch (err) {
		if (!(err instanceof TariffaNonValidaError)) throw err;
		problema = `${err.message} Chiedi all’amministratore di correggerla.`;
	}

	const maxPct = tariffa ? tariffa.dati.maggiorazioni.complessita.massimoBp / 100 : 20;
	if (parsed.success && parsed.data.complessita > maxPct)
		errors.complessita = `La maggiorazione per complessità non può superare il ${String(maxPct).replace('.', ',')}%.`;

	let result: IndennitaResult | null = null;
	if (tariffa && parsed.success && Object.keys(errors).length === 0) {
		try {
			result = computeIndennita(
				{
					tipologia: p.tipologia,
					valoreTipo: p.valoreTipo,
					valoreCentesimi: p.valoreCentesimi,
					centri,
					fase: parsed.data.fase,
					maggiorazioneComplessitaPct: parsed.data.complessita,
					pagatoPrimoIncontroCentesimi: parsed.data.pagato ?? null,
					propostaMediatore: parsed.data.proposta
				},
				tariffa.dati
			);
		} catch (err) {
			if (!(err instanceof RangeError)) throw err;
			problema = `Impossibile calcolare l’indennità: ${err.message}`;
		}
	}

	return {
		caso: {
			dataDeposito: p.dataDeposito,
			tipologia: p.tipologia,
			valoreTipo: p.valoreTipo,
			valoreCentesimi: p.valoreCentesimi
		},
		centri,
		tariffa: tariffa
			? {
					nome: tariffa.nome,
					validaDal: tariffa.validaDal,
					provvisoria: tariffa.provvisoria,
					fonte: tariffa.fonte,
					avvertenze: tariffa.dati.avvertenze,
					maxComplessitaPct: maxPct,
					prevedeProposta: (tariffa.dati.maggiorazioni.proposta?.percentualeBp ?? 0) > 0
				}
			: null,
		problema,
		fasi: FASI.map((f) => ({ value: f, label: FASE_LABELS[f] })),
		values: raw,
		errors,
		result
	};
};
