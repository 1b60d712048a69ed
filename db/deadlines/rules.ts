import { z } from 'zod';
import { TIPOLOGIE } from '../procedimenti/labels.ts';
import { isIsoDate } from '../shared/time.ts';

/**
 * Deadline rules as data. Each version of a rule has its legal source (`fonte`) and the date from
 * which it applies (`validaDal`, compared with the filing date of the case); `tipologia` null means
 * every tipologia, and a row for a specific tipologia wins over the generic row of the same date.
 * The numbers live here and in the `regole_scadenze` table, never in the computation (compute.ts).
 *
 * To add a deadline (e.g. a payment term): add its codice to CODICI, a zod schema of its
 * parametri to PARAMETRI, its default versions to DEFAULT_REGOLE and one function in compute.ts.
 */

export const CODICI = ['primo_incontro', 'durata_massima', 'risposta_adesione'] as const;
export type Codice = (typeof CODICI)[number];
export type Tipologia = (typeof TIPOLOGIE)[number];

const giorni = (max: number) =>
	z.int('Numero di giorni non valido.').min(0, 'Il numero di giorni non può essere negativo.').max(max, `Al massimo ${max} giorni.`);
const mesi = z.int('Numero di mesi non valido.').min(1, 'Almeno un mese.').max(60, 'Al massimo 60 mesi.');

/** Fields every rule may carry. */
const comuni = {
	/** Numbers taken from secondary sources, not yet checked against the Gazzetta Ufficiale. */
	daVerificare: z.boolean().default(false),
	/** A later version with this flag also governs cases still pending on its validaDal. */
	applicaAiPendenti: z.boolean().default(false),
	/** Days before the end at which the deadline is shown as "in scadenza" (default in compute.ts). */
	preavvisoGiorni: giorni(90).optional()
};

export const PrimoIncontroParametri = z
	.object({
		minGiorni: giorni(365),
		maxGiorni: giorni(365),
		/** "salvo diversa concorde indicazione delle parti". */
		derogabileDalleParti: z.boolean().default(false),
		...comuni
	})
	.refine((p) => p.minGiorni <= p.maxGiorni, { message: 'Il minimo non può superare il massimo.', path: ['minGiorni'] });

export const DurataMassimaParametri = z.object({
	mesi,
	/** From the filing of the request, or (court referrals) from the filing of the judge's ordinanza. */
	decorrenza: z.enum(['deposito', 'ordinanza'], { error: 'Decorrenza non valida.' }),
	/** null: the law allows no extension. massimo null: extensions without a limit on their number. */
	proroga: z
		.object({
			mesi,
			massimo: z.int('Numero di proroghe non valido.').min(1, 'Almeno una proroga.').nullable(),
			accordoScritto: z.boolean().default(true)
		})
		.nullable(),
	...comuni
});

export const RispostaAdesioneParametri = z.discriminatedUnion(
	'decorrenza',
	[
		z.object({ decorrenza: z.literal('comunicazione'), giorni: giorni(180), sceltaOrganismo: z.boolean().default(true), ...comuni }),
		z.object({
			decorrenza: z.literal('primo_incontro'),
			/** Days before the first meeting. */
			giorniPrima: giorni(60),
			sceltaOrganismo: z.boolean().default(true),
			...comuni
		})
	],
	{ error: 'Decorrenza non valida.' }
);

export const PARAMETRI = {
	primo_incontro: PrimoIncontroParametri,
	durata_massima: DurataMassimaParametri,
	risposta_adesione: RispostaAdesioneParametri
} as const satisfies Record<Codice, z.ZodType>;

export type Parametri = { [C in Codice]: z.infer<(typeof PARAMETRI)[C]> };

export interface Regola<C extends Codice = Codice> {
	id: string;
	codice: C;
	validaDal: string;
	tipologia: Tipologia | null;
	parametri: Parametri[C];
	fonte: string;
}

/** A row of regole_scadenze as stored (parametri as JSON text). */
export interface RegolaRow {
	id: string;
	codice: string;
	validaDal: string;
	tipologia: string | null;
	parametri: string;
	fonte: string;
}

const RowSchema = z.object({
	id: z.string().min(1),
	codice: z.enum(CODICI, { error: 'Codice di regola sconosciuto.' }),
	validaDal: z.string().refine(isIsoDate, 'Data di validità non valida (AAAA-MM-GG).'),
	tipologia: z.enum(TIPOLOGIE, { error: 'Tipologia non valida.' }).nullable(),
	fonte: z.string().trim().min(10, 'Indica la fonte normativa o la delibera (almeno 10 caratteri).').max(2000)
});

/** Validates a stored row; a broken rule is an error to fix, never silently skipped. */
export function parseRegola(row: RegolaRow): Regola {
	const base = RowSchema.safeParse(row);
	if (!base.success) throw new Error(`Regola di scadenza «${row.id}» non valida: ${base.error.issues[0].message}`);
	let json: unknown;
	try {
		json = JSON.parse(row.parametri);
	} catch {
		throw new Error(`Regola di scadenza «${row.id}»: parametri non in formato JSON.`);
	}
	const parametri = PARAMETRI[base.data.codice].safeParse(json);
	if (!parametri.success)
		throw new Error(
			`Regola di scadenza «${row.id}»: ${parametri.error.issues[0].path.join('.') || 'parametri'}: ${parametri.error.issues[0].message}`
		);
	return { ...base.data, parametri: parametri.data } as Regola;
}

export function isRegola<C extends Codice>(r: Regola, codice: C): r is Regola<C> {
	return r.codice === codice;
}

interface RegolaDefault<C extends Codice = Codice> {
	id: string;
	codice: C;
	validaDal: string;
	tipologia: Tipologia | null;
	parametri: z.input<(typeof PARAMETRI)[C]>;
	fonte: string;
}

const d = <C extends Codice>(r: RegolaDefault<C>): RegolaDefault => r as unknown as RegolaDefault;

/**
 * Default versions. Dates: D.Lgs. 28/2010 in force 20/03/2010; D.L. 69/2013 art. 84 applies 30 days
 * after the entry into force (21/08/2013) of conversion law 98/2013, i.e. from 20/09/2013; D.Lgs.
 * 149/2022 mediation rules effective for procedures started from 30/06/2023; D.Lgs. 216/2024 in force
 * 25/01/2025, its art. 6 also for procedures pending without a final verbale on that date.
 */
export const DEFAULT_REGOLE: readonly RegolaDefault[] = [
	d({
		id: 'primo_incontro-2010-03-20',
		codice: 'primo_incontro',
		validaDal: '2010-03-20',
		tipologia: null,
		parametri: { minGiorni: 0, maxGiorni: 15 },
		fonte: 'Art. 8 c.1 D.Lgs. 28/2010, testo originario: primo incontro «non oltre quindici giorni dal deposito della domanda».'
	}),
	d({
		id: 'primo_incontro-2013-09-20',
		codice: 'primo_incontro',
		validaDal: '2013-09-20',
		tipologia: null,
		parametri: { minGiorni: 0, maxGiorni: 30 },
		fonte:
			'Art. 8 c.1 D.Lgs. 28/2010 come modificato dall’art. 84 D.L. 69/2013 (conv. L. 98/2013): primo incontro «non oltre trenta giorni dal deposito della domanda».'
	}),
	d({
		id: 'primo_incontro-2023-06-30',
		codice: 'primo_incontro',
		validaDal: '2023-06-30',
		tipologia: null,
		parametri: { minGiorni: 20, maxGiorni: 40, derogabileDalleParti: true },
		fonte:
			'Art. 8 c.1 D.Lgs. 28/2010 come riformato dal D.Lgs. 149/2022: primo incontro «non prima di venti e non oltre quaranta giorni dal deposito della domanda, salvo diversa concorde indicazione delle parti».'
	}),
	d({
		id: 'durata_massima-2010-03-20',
		codice: 'durata_massima',
		validaDal: '2010-03-20',
		tipologia: null,
		parametri: { mesi: 4, decorrenza: 'deposito', proroga: null },
		fonte:
			'Art. 6 D.Lgs. 28/2010, testo originario: durata non superiore a quattro mesi dal deposito della domanda, non soggetta a sospensione feriale.'
	}),
	d({
		id: 'durata_massima-2013-09-20',
		codice: 'durata_massima',
		validaDal: '2013-09-20',
		tipologia: null,
		parametri: { mesi: 3, decorrenza: 'deposito', proroga: null },
		fonte:
			'Art. 6 D.Lgs. 28/2010 come modificato dall’art. 84 D.L. 69/2013 (conv. L. 98/2013): durata non superiore a tre mesi dal deposito della domanda.'
	}),
	d({
		id: 'durata_massima-2023-06-30',
		codice: 'durata_massima',
		validaDal: '2023-06-30',
		tipologia: null,
		parametri: { mesi: 3, decorrenza: 'deposito', proroga: { mesi: 3, massimo: 1 } },
		fonte:
			'Art. 6 D.Lgs. 28/2010 come riformato dal D.Lgs. 149/2022: tre mesi dal deposito, prorogabili di ulteriori tre mesi con accordo scritto delle parti, prima della scadenza.'
	}),
	d({
		id: 'durata_massima-2025-01-25',
		codice: 'durata_massima',
		validaDal: '2025-01-25',
		tipologia: null,
		parametri: {
			mesi: 6,
			decorrenza: 'deposito',
			proroga: { mesi: 3, massimo: null },
			applicaAiPendenti: true,
			daVerificare: true
		},
		fonte:
			'Art. 6 D.Lgs. 28/2010 come modificato dal D.Lgs. 216/2024 (in vigore dal 25/01/2025, applicabile anche ai procedimenti pendenti senza verbale conclusivo): sei mesi dal deposito, prorogabili con accordo scritto delle parti per periodi di tre mesi, senza limite al numero delle proroghe.'
	}),
	d({
		id: 'durata_massima-2025-01-25-demandata',
		codice: 'durata_massima',
		validaDal: '2025-01-25',
		tipologia: 'demandata',
		parametri: {
			mesi: 6,
			decorrenza: 'ordinanza',
			proroga: { mesi: 3, massimo: 1 },
			applicaAiPendenti: true,
			daVerificare: true
		},
		fonte:
			'Art. 6 D.Lgs. 28/2010 come modificato dal D.Lgs. 216/2024, mediazione demandata dal giudice: sei mesi dal deposito dell’ordinanza, prorogabili una sola volta di tre mesi con accordo scritto delle parti.'
	}),
	d({
		id: 'risposta_adesione-default',
		codice: 'risposta_adesione',
		validaDal: '2010-03-20',
		tipologia: null,
		parametri: { decorrenza: 'comunicazione', giorni: 15, sceltaOrganismo: true },
		fonte:
			'Regolamento dell’Organismo (termine scelto dall’Organismo, non previsto dalla legge): la parte invitata comunica se aderisce entro 15 giorni dall’invio della comunicazione.'
	})
];

/** The default versions as validated rules (what ensureDefaultRegole stores). */
export function regoleDefault(): Regola[] {
	return DEFAULT_REGOLE.map((r) => parseRegola({ ...r, parametri: JSON.stringify(r.parametri) }));
}
