import { z } from 'zod';
import { TIPOLOGIE, VALORE_TIPI } from '../procedimenti/labels.ts';

/**
 * Tariff tables of the indennità di mediazione, as data. One tariff VERSION is one row of the
 * `tariffe` table (per Organismo, with `validaDal`); its `dati` column holds the JSON described by
 * `TariffaDati` below and is validated by `TariffaDatiSchema` every time it is loaded.
 *
 * Units: amounts in integer euro cents, percentages in integer basis points (1 bp = 0,01%).
 * Bracket bounds are inclusive upper bounds in cents: 100000 = "fino a 1.000,00 €"; the next
 * bracket starts at 1.000,01 €.
 */

export const FASI = [
	'avvio',
	'primo_incontro_senza_accordo',
	'accordo_primo_incontro',
	'accordo_successivo',
	'incontri_successivi_senza_accordo'
] as const;
export type Fase = (typeof FASI)[number];

export const FASE_LABELS: Record<Fase, string> = {
	avvio: 'Deposito della domanda / adesione',
	primo_incontro_senza_accordo: 'Primo incontro senza accordo, nessun incontro successivo',
	accordo_primo_incontro: 'Accordo raggiunto al primo incontro',
	accordo_successivo: 'Accordo raggiunto in un incontro successivo al primo',
	incontri_successivi_senza_accordo: 'Incontri successivi al primo, senza accordo'
};

export type Tipologia = (typeof TIPOLOGIE)[number];
export type ValoreTipo = (typeof VALORE_TIPI)[number];

const MAX_CENTS = 1_000_000_000_000; // 10 miliardi di euro: well inside Number.MAX_SAFE_INTEGER
const cents = (what: string) =>
	z
		.number({ error: `${what}: serve un importo in centesimi.` })
		.int(`${what}: l'importo deve essere un numero intero di centesimi.`)
		.min(0, `${what}: l'importo non può essere negativo.`)
		.max(MAX_CENTS, `${what}: importo troppo grande.`);
const bp = (what: string, max = 100_000) =>
	z
		.number({ error: `${what}: serve una percentuale in punti base.` })
		.int(`${what}: la percentuale va espressa in punti base interi (1% = 100).`)
		.min(0, `${what}: la percentuale non può essere negativa.`)
		.max(max, `${what}: percentuale troppo grande.`);

const Frazione = z
	.object({
		numeratore: z.number().int().min(0),
		denominatore: z.number().int().min(1, 'Il denominatore della riduzione deve essere almeno 1.')
	})
	.refine((f) => f.numeratore <= f.denominatore, 'La riduzione non può superare l’intero importo.');

/** Allegato A amounts of a bracket: fixed min/max, or (last row) a percentage of the value. */
const Mediazione = z.discriminatedUnion('tipo', [
	z
		.object({ tipo: z.literal('importo'), minimo: cents('Minimo Allegato A'), massimo: cents('Massimo Allegato A') })
		.refine((m) => m.minimo <= m.massimo, 'Il minimo dello scaglione supera il massimo.'),
	z
		.object({ tipo: z.literal('percentuale'), minimoBp: bp('Minimo percentuale', 10_000), massimoBp: bp('Massimo percentuale', 10_000) })
		.refine((m) => m.minimoBp <= m.massimoBp, 'La percentuale minima supera la massima.')
]);

const Scaglione = z.object({
	/** Inclusive upper bound in cents; null = "oltre" (only the last bracket). */
	finoA: cents('Limite dello scaglione').nullable(),
	/** Spese di avvio per party (DM 150 art. 28 c.4). */
	avvio: cents('Spese di avvio'),
	/** Spese di mediazione for the first meeting per party (DM 150 art. 28 c.5); 0 when not due. */
	primoIncontro: cents('Spese primo incontro'),
	mediazione: Mediazione,
	/** Bracket-specific reduction (DM 180: one third for the first six brackets, half above). */
	riduzione: Frazione.optional()
});

const Indeterminabile = z.object({
	avvio: cents('Spese di avvio (valore indeterminabile)'),
	primoIncontro: cents('Spese primo incontro (valore indeterminabile)'),
	/** Value (cents) the Organismo uses to pick the Allegato A bracket of the spese di mediazione. */
	valoreRiferimento: cents('Valore di riferimento (valore indeterminabile)')
});

const Norme = z.object({
	deposito: z.string().min(1),
	primoIncontroSenzaAccordo: z.string().min(1),
	mediazione: z.string().min(1),
	accordoPrimoIncontro: z.string().min(1),
	accordoSuccessivo: z.string().min(1),
	incontriSuccessivi: z.string().min(1),
	riduzione: z.string().min(1),
	complessita: z.string().min(1),
	proposta: z.string().min(1).optional()
});

export const TariffaDatiSchema = z
	.object({
		formato: z.literal(1, 'Formato della tariffa non riconosciuto (atteso 1).'),
		scaglioni: z.array(Scaglione).min(1, 'La tariffa deve avere almeno uno scaglione.'),
		indeterminabile: z.object({ basso: Indeterminabile, medio: Indeterminabile, alto: Indeterminabile }),
		/** Which Allegato A amount the Organismo applies after the first meeting. */
		importoMediazione: z.enum(['minimo', 'massimo'], { error: 'importoMediazione: «minimo» o «massimo».' }),
		riduzione: z.object({
			frazione: Frazione,
			tipologie: z.array(z.enum(TIPOLOGIE)),
			voci: z.object({ avvio: z.boolean(), primoIncontro: z.boolean(), mediazione: z.boolean() })
		}),
		maggiorazioni: z.object({
			accordoPrimoIncontroBp: bp('Maggiorazione accordo al primo incontro'),
			accordoSuccessivoBp: bp('Maggiorazione accordo successivo'),
			complessita: z.object({
				massimoBp: bp('Maggiorazione massima per complessità'),
				fasi: z.array(z.enum(FASI)),
				tipologieEscluse: z.array(z.enum(TIPOLOGIE))
			}),
			/** Mandatory increase when the mediator formulates a proposal (DM 180/2010 art. 16 c.4 lett. c); absent = none. */
			proposta: z
				.object({
					percentualeBp: bp('Maggiorazione per la proposta del mediatore'),
					tipologieEscluse: z.array(z.enum(TIPOLOGIE))
				})
				.optional()
		}),
		/** Art. 30: the art. 28 c.5 amounts already paid are deducted from the further spese di mediazione. */
		detraiPrimoIncontro: z.boolean(),
		ivaBp: bp('Aliquota IVA', 10_000),
		norme: Norme,
		/** Notes shown with the tariff (which values are provisional and why). */
		avvertenze: z.array(z.string()).default([])
	})
	.superRefine((t, ctx) => {
		const ind = t.indeterminabile;
		if (ind.basso.valoreRiferimento > ind.medio.valoreRiferimento || ind.medio.valoreRiferimento > ind.alto.valoreRiferimento)
			ctx.addIssue({
				code: 'custom',
				path: ['indeterminabile'],
				message: 'Valore indeterminabile: i valori di riferimento devono crescere da «basso» a «medio» ad «alto».'
			});
		t.scaglioni.forEach((s, i) => {
			const last = i === t.scaglioni.length - 1;
			if (last && s.finoA !== null)
				ctx.addIssue({ code: 'custom', path: ['scaglioni', i, 'finoA'], message: 'L’ultimo scaglione deve essere «oltre» (finoA: null).' });
			if (!last && s.finoA === null)
				ctx.addIssue({
					code: 'custom',
					path: ['scaglioni', i, 'finoA'],
					message: 'Solo l’ultimo scaglione può essere senza limite superiore.'
				});
			const prev = t.scaglioni[i - 1]?.finoA;
			if (i > 0 && s.finoA !== null && prev !== null && prev !== undefined && s.finoA <= prev)
				ctx.addIssue({ code: 'custom', path: ['scaglioni', i, 'finoA'], message: 'Gli scaglioni devono essere in ordine crescente.' });
		});
	});

export type TariffaDati = z.infer<typeof TariffaDatiSchema>;
export type ScaglioneDati = TariffaDati['scaglioni'][number];

/** Parses and validates the `dati` JSON of a `tariffe` row; throws with an Italian message. */
export function parseTariffaDati(json: string): TariffaDati {
	let raw: unknown;
	try {
		raw = JSON.parse(json);
	} catch {
		throw new Error('Dati della tariffa non leggibili (JSON non valido).');
	}
	const r = TariffaDatiSchema.safeParse(raw);
	if (!r.success) {
		const first = r.error.issues[0];
		throw new Error(`Dati della tariffa non validi (${first.path.join('.') || 'radice'}): ${first.message}`);
	}
	return r.data;
}

// ------------------------------------------------------------------------------ default versions

export interface TariffaDefault {
	/** Stable key, part of the row id: `${organismoId}-tariffa-${chiave}`. */
	chiave: string;
	nome: string;
	validaDal: string;
	provvisoria: boolean;
	fonte: string;
	dati: TariffaDati;
}

const EURO = 100; // cents per euro, to write the tables below in euro
const imp = (minimo: number, massimo: number) => ({ tipo: 'importo' as const, minimo: minimo * EURO, massimo: massimo * EURO });

/**
 * DM 24 ottobre 2023 n. 150, in force 15/11/2023, for applications filed from that date.
 * Art. 28 amounts (avvio/primo incontro): six concordant secondary sources. Art. 30/31 rules: GU text.
 * Allegato A min/max: ONE secondary source (primaveraforense.it) consistent with the arithmetic of
 * italianamediazione.it and the Treviso/camecon tables -> provisional until checked on the GU.
 * Organisms apply the MINIMUM of the bracket (all secondary worked examples: 440 × 0,8 = 352).
 */
export const DM150_2023: TariffaDefault = {
	chiave: 'dm150-2023',
	nome: 'DM 150/2023',
	validaDal: '2023-11-15',
	provvisoria: true,
	fonte:
		'DM 24 ottobre 2023 n. 150 (GU n. 255 del 31/10/2023), in vigore dal 15/11/2023, per le domande depositate da tale data. ' +
		'Art. 28 cc. 4-5 (spese di avvio e spese per il primo incontro): importi riportati in modo concorde da più fonti secondarie ' +
		'(CCIAA Padova, Ordini Avvocati Treviso e Como, adrcel, dplmagazine), testo GU non consultato. ' +
		'Art. 30 (detrazione del primo incontro, +10% / +25%, riduzione di un quinto) e art. 31 (minimi = massimi dello scaglione precedente; ' +
		'+20% per conciliazione in incontri successivi) dal testo GU. ' +
		'Allegato A (minimi e massimi per scaglione): fonte secondaria (primaveraforense.it, coerente con i conteggi di italianamediazione.it), ' +
		'NON verificato sulla Gazzetta Ufficiale: tariffa provvisoria.',
	dati: {
		formato: 1,
		scaglioni: [
			{ finoA: 1_000 * EURO, avvio: 40 * EURO, primoIncontro: 60 * EURO, mediazione: imp(80, 160) },
			{ finoA: 5_000 * EURO, avvio: 75 * EURO, primoIncontro: 120 * EURO, mediazione: imp(160, 290) },
			{ finoA: 10_000 * EURO, avvio: 75 * EURO, primoIncontro: 120 * EURO, mediazione: imp(290, 440) },
			{ finoA: 25_000 * EURO, avvio: 75 * EURO, primoIncontro: 120 * EURO, mediazione: imp(440, 720) },
			{ finoA: 50_000 * EURO, avvio: 75 * EURO, primoIncontro: 120 * EURO, mediazione: imp(720, 1_200) },
			{ finoA: 150_000 * EURO, avvio: 110 * EURO, primoIncontro: 170 * EURO, mediazione: imp(1_200, 1_500) },
			{ finoA: 250_000 * EURO, avvio: 110 * EURO, primoIncontro: 170 * EURO, mediazione: imp(1_500, 2_500) },
			{ finoA: 500_000 * EURO, avvio: 110 * EURO, primoIncontro: 170 * EURO, mediazione: imp(2_500, 3_900) },
			{ finoA: 1_500_000 * EURO, avvio: 110 * EURO, primoIncontro: 170 * EURO, mediazione: imp(3_900, 4_600) },
			{ finoA: 2_500_000 * EURO, avvio: 110 * EURO, primoIncontro: 170 * EURO, mediazione: imp(4_600, 6_500) },
			{ finoA: 5_000_000 * EURO, avvio: 110 * EURO, primoIncontro: 170 * EURO, mediazione: imp(6_500, 10_000) },
			{ finoA: null, avvio: 110 * EURO, primoIncontro: 170 * EURO, mediazione: { tipo: 'percentuale', minimoBp: 20, massimoBp: 30 } }
		],
		indeterminabile: {
			// Art. 28 c.4-5: avvio 110 €, primo incontro 60 / 120 / 170 € (basso / medio / alto).
			// Reference values for the Allegato A bracket of the further spese di mediazione, per level
			// (DEFAULTS, no primary source fixes them; each Organismo configures its own in this table):
			// the primo incontro of each level equals that of a range of determinate values (60 € up to
			// 1.000 €, 120 € from 1.000,01 to 50.000 €, 170 € above 50.000 €), so basso and medio use the
			// upper bound of their range (1.000 €, 50.000 €); alto keeps 150.000 €, the bracket
			// 50.000,01–150.000 € that primaveraforense (single secondary source) gives for every level.
			// The schema requires basso ≤ medio ≤ alto.
			basso: { avvio: 110 * EURO, primoIncontro: 60 * EURO, valoreRiferimento: 1_000 * EURO },
			medio: { avvio: 110 * EURO, primoIncontro: 120 * EURO, valoreRiferimento: 50_000 * EURO },
			alto: { avvio: 110 * EURO, primoIncontro: 170 * EURO, valoreRiferimento: 150_000 * EURO }
		},
		importoMediazione: 'minimo',
		riduzione: {
			frazione: { numeratore: 1, denominatore: 5 },
			tipologie: ['obbligatoria', 'demandata'],
			// Art. 30 c.4 reduces the spese di mediazione; every organism table also reduces the
			// spese di avvio (40 -> 32, 75 -> 60, 110 -> 88): legal basis not confirmed.
			voci: { avvio: true, primoIncontro: true, mediazione: true }
		},
		maggiorazioni: {
			accordoPrimoIncontroBp: 1_000,
			accordoSuccessivoBp: 2_500,
			complessita: { massimoBp: 2_000, fasi: ['accordo_successivo'], tipologieEscluse: [] }
		},
		detraiPrimoIncontro: true,
		ivaBp: 2_200,
		norme: {
			deposito: 'art. 28 DM 150/2023',
			primoIncontroSenzaAccordo: 'art. 28 c.7 DM 150/2023',
			mediazione: 'art. 30 e Allegato A DM 150/2023',
			accordoPrimoIncontro: 'art. 30 c.1 DM 150/2023',
			accordoSuccessivo: 'art. 30 c.2 DM 150/2023',
			incontriSuccessivi: 'art. 30 c.3 DM 150/2023',
			riduzione: 'art. 30 c.4 DM 150/2023',
			complessita: 'art. 31 c.3 DM 150/2023'
		},
		avvertenze: [
			'Gli importi dell’Allegato A (minimi e massimi per scaglione) provengono da fonti secondarie e non sono ancora stati verificati sulla Gazzetta Ufficiale.',
			'La riga «oltre 5.000.000 €» (0,20% – 0,30% del valore) non è confermata da altre fonti.',
			'Per il valore indeterminabile le spese di mediazione successive al primo incontro usano un valore di riferimento per livello, configurabile dall’Organismo: ' +
				'basso 1.000 € (scaglione fino a 1.000 €), medio 50.000 € (25.000,01 – 50.000 €), alto 150.000 € (50.000,01 – 150.000 €). ' +
				'I valori predefiniti seguono le fasce delle spese per il primo incontro (art. 28 c.5) e una sola fonte secondaria: l’Organismo deve confermarli.',
			'La riduzione di un quinto delle spese di avvio è applicata da tutte le tabelle degli organismi, ma il fondamento normativo non è stato verificato.'
		]
	}
};

/** Tabella A of DM 180/2010: [upper bound in euro (null = oltre), table amount, reduction denominator for art. 16 c.4 lett. d]. */
const TABELLA_A_180: ReadonlyArray<[number | null, number, number]> = [
	[1_000, 65, 3],
	[5_000, 130, 3],
	[10_000, 240, 3],
	[25_000, 360, 3],
	[50_000, 600, 3],
	[250_000, 1_000, 3],
	[500_000, 2_000, 2],
	[2_500_000, 3_800, 2],
	[5_000_000, 5_200, 2],
	[null, 9_200, 2]
];

interface Dm180Versione {
	/** Spese di avvio for disputes above 250.000 € (art. 16 c.2). */
	avvioOltre250k: number;
	/** Success increase of art. 16 c.4 lett. b (one fifth at most until DM 145/2011, then one quarter), applied at its maximum. */
	successoBp: number;
	/** Art. 16 c.4 lett. d: the tipologie reduced by one third / half, with no increase but the success one. */
	tipologieRidotte: Tipologia[];
	avvertenze: string[];
}

/** The `dati` of one version of DM 180/2010 (the versions differ only in the fields of `Dm180Versione`). */
function dm180Dati(v: Dm180Versione): TariffaDati {
	return {
		formato: 1,
		scaglioni: TABELLA_A_180.map(([fino, importo, den], i) => ({
			finoA: fino === null ? null : fino * EURO,
			avvio: fino !== null && fino <= 250_000 ? 40 * EURO : v.avvioOltre250k * EURO,
			primoIncontro: 0,
			mediazione: imp(i === 0 ? 0 : TABELLA_A_180[i - 1][1], importo),
			riduzione: { numeratore: 1, denominatore: den }
		})),
		indeterminabile: {
			basso: { avvio: 40 * EURO, primoIncontro: 0, valoreRiferimento: 250_000 * EURO },
			medio: { avvio: 40 * EURO, primoIncontro: 0, valoreRiferimento: 250_000 * EURO },
			alto: { avvio: 40 * EURO, primoIncontro: 0, valoreRiferimento: 250_000 * EURO }
		},
		importoMediazione: 'massimo',
		riduzione: {
			frazione: { numeratore: 1, denominatore: 3 },
			tipologie: v.tipologieRidotte,
			voci: { avvio: false, primoIncontro: false, mediazione: true }
		},
		maggiorazioni: {
			accordoPrimoIncontroBp: v.successoBp,
			accordoSuccessivoBp: v.successoBp,
			// Art. 16 c.4 lett. a: up to one fifth; lett. d: no increase other than success for the reduced tipologie.
			complessita: {
				massimoBp: 2_000,
				fasi: ['incontri_successivi_senza_accordo', 'accordo_primo_incontro', 'accordo_successivo'],
				tipologieEscluse: v.tipologieRidotte
			},
			// Art. 16 c.4 lett. c: "deve essere aumentato di un quinto" when the mediator formulates the proposal (art. 11 D.Lgs. 28/2010).
			proposta: { percentualeBp: 2_000, tipologieEscluse: v.tipologieRidotte }
		},
		detraiPrimoIncontro: true,
		ivaBp: 2_200,
		norme: {
			deposito: 'art. 16 c.2 DM 180/2010',
			primoIncontroSenzaAccordo: 'art. 17 c.5-ter D.Lgs. 28/2010 (testo previgente)',
			mediazione: 'art. 16 c.4 e Tabella A DM 180/2010',
			accordoPrimoIncontro: 'art. 16 c.4 lett. b DM 180/2010',
			accordoSuccessivo: 'art. 16 c.4 lett. b DM 180/2010',
			incontriSuccessivi: 'art. 16 c.4 DM 180/2010',
			riduzione: 'art. 16 c.4 lett. d DM 180/2010',
			complessita: 'art. 16 c.4 lett. a DM 180/2010',
			proposta: 'art. 16 c.4 lett. c DM 180/2010'
		},
		avvertenze: [
			'Tariffa previgente ricostruita da fonti secondarie: verificare sulla Gazzetta Ufficiale prima dell’uso.',
			...v.avvertenze,
			'Per il valore indeterminabile l’Organismo stabilisce il valore di riferimento (fino a 250.000 €): qui lo scaglione 50.000,01 – 250.000 €.',
			'La maggiorazione per il successo è applicata nella misura massima consentita dalla versione della tariffa.'
		]
	};
}

const FONTE_180 =
	'DM 18 ottobre 2010 n. 180, art. 16 e Tabella A; art. 17 c.5-ter D.Lgs. 28/2010 ' +
	'(primo incontro senza accordo: nessun compenso per l’organismo). Si applica alle domande depositate prima del 15/11/2023. ' +
	'Importi della Tabella A (65, 130, 240, 360, 600, 1.000, 2.000, 3.800, 5.200, 9.200 €) da fonti secondarie concordi, testo GU non consultato. ' +
	'Da verificare: spese di avvio non detratte dalle spese di mediazione; ' +
	'valore indeterminabile (l’organismo sceglie un valore fino a 250.000 €: qui lo scaglione 50.000,01 – 250.000 €); ' +
	'maggiorazione per il successo applicata nella misura massima (un quinto fino al DM 145/2011, poi un quarto); ' +
	'aumento obbligatorio di un quinto per la proposta del mediatore (art. 16 c.4 lett. c). Tariffa provvisoria.';

/**
 * DM 18 ottobre 2010 n. 180, art. 16 and Tabella A, before DM 139/2014, with art. 17 c.5-ter
 * D.Lgs. 28/2010 (2013: no fee to the organism when the first meeting ends without agreement).
 * Tabella A gives one amount per bracket = the MAXIMUM (art. 16 c.5: minimum = maximum of the
 * previous bracket); public organisms applied the table amount, so `importoMediazione: 'massimo'`.
 * The reduction of art. 16 c.4 lett. d) concerns only the art. 5 c.1 (obbligatoria) cases.
 */
export const DM180_2010: TariffaDefault = {
	chiave: 'dm180-2010',
	nome: 'DM 180/2010 (tariffa previgente)',
	validaDal: '2010-11-05',
	provvisoria: true,
	fonte:
		`${FONTE_180} Testo originario (GU n. 258 del 04/11/2010): spese di avvio di 40 € per ogni valore; ` +
		'aumento per il successo non superiore a un quinto (art. 16 c.4 lett. b); data di inizio validità 05/11/2010.',
	dati: dm180Dati({
		avvioOltre250k: 40,
		successoBp: 2_000,
		tipologieRidotte: ['obbligatoria'],
		avvertenze: ['Testo originario: spese di avvio di 40 € per ogni valore; aumento per il successo fino a un quinto.']
	})
};

/**
 * DM 180/2010 as amended by DM 6 luglio 2011 n. 145: the success increase of art. 16 c.4 lett. b
 * becomes one quarter. In-force date 26/08/2011 (GU n. 197 del 25/08/2011) from memory of the
 * secondary sources: to be checked on the GU.
 */
export const DM180_2011: TariffaDefault = {
	chiave: 'dm180-2011',
	nome: 'DM 180/2010 come modificato dal DM 145/2011 (tariffa previgente)',
	validaDal: '2011-08-26',
	provvisoria: true,
	fonte:
		`${FONTE_180} Testo modificato dal DM 6 luglio 2011 n. 145: aumento per il successo fino a un quarto; spese di avvio di 40 € per ogni valore. ` +
		'Data di entrata in vigore del DM 145/2011 (26/08/2011) da verificare sulla Gazzetta Ufficiale.',
	dati: dm180Dati({
		avvioOltre250k: 40,
		successoBp: 2_500,
		tipologieRidotte: ['obbligatoria'],
		avvertenze: ['Data di entrata in vigore del DM 145/2011 (26/08/2011) da verificare.']
	})
};

/**
 * DM 180/2010 as amended by DM 4 agosto 2014 n. 139 (GU 23/09/2014, in force 24/09/2014), art. 7:
 * c.2 extends the reduction of art. 16 c.4 lett. d) — and the exclusion of every increase but the
 * success one — to the cases of art. 5 c.1-bis and c.2 D.Lgs. 28/2010 (demandate dal giudice).
 */
export const DM180_2014: TariffaDefault = {
	chiave: 'dm180-2014',
	nome: 'DM 180/2010 come modificato dal DM 139/2014 (tariffa previgente)',
	validaDal: '2014-09-24',
	provvisoria: true,
	fonte:
		`${FONTE_180} Testo modificato dal DM 4 agosto 2014 n. 139 (GU n. 221 del 23/09/2014, in vigore dal 24/09/2014), art. 7: ` +
		'spese di avvio di 80 € per le liti oltre 250.000 € (c.1); riduzione dell’art. 16 c.4 lett. d) ed esclusione degli altri aumenti estese alla mediazione demandata dal giudice (art. 5 cc. 1-bis e 2).',
	dati: dm180Dati({
		avvioOltre250k: 80,
		successoBp: 2_500,
		tipologieRidotte: ['obbligatoria', 'demandata'],
		avvertenze: [
			'Dal 24/09/2014 (DM 139/2014) le spese di avvio sono di 80 € per le liti oltre 250.000 €.',
			'Dal 24/09/2014 (DM 139/2014) la riduzione e l’esclusione degli aumenti si applicano anche alla mediazione demandata dal giudice.'
		]
	})
};

/** Default tariff versions inserted for every Organismo (oldest first). */
export const TARIFFE_DEFAULT: readonly TariffaDefault[] = [DM180_2010, DM180_2011, DM180_2014, DM150_2023];
