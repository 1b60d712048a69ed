import { formatBp, formatNumberCents, formatSignedCents, mulDivHalfUp, percentOf } from './money.ts';
import { formatEuro } from '../shared/format.ts';
import { FASE_LABELS, type Fase, type ScaglioneDati, type TariffaDati, type Tipologia, type ValoreTipo } from './tables.ts';

/**
 * The fee engine: a pure function from (case data, tariff version) to a step-by-step computation of
 * the indennità di mediazione, per party (centro di interesse) and for all parties.
 *
 * Legal readings (DM 150/2023; the same structure, driven by data, serves the old DM 180/2010):
 * - PER PARTY. Spese di avvio and spese per il primo incontro (art. 28) are due by each party
 *   (centro di interesse: parties standing for one interest count once). The further spese di
 *   mediazione after the first meeting (art. 30) are read per party too, as every organism table
 *   states ("spesa per ciascuna parte", as in Tabella A of DM 180/2010). Case total = per party × centri.
 * - REDUCTION for obbligatoria/demandata (art. 30 c.4, "reduced by one fifth") is applied FIRST, to
 *   each table amount (avvio, primo incontro, Allegato A amount), as all organism tables do.
 * - INCREASES +10% (agreement at the first meeting, art. 30 c.1) / +25% (later, art. 30 c.2) and the
 *   optional complexity increase (art. 31 c.3, up to 20%, only for agreement in a later meeting)
 *   are computed on the FULL already-reduced table amount, before deducting what was paid for the
 *   first meeting (secondary tables: 440 × 0,8 = 352 -> +35,20 / +88,00). They are alternatives:
 *   only the one matching the fase applies (never 10% + 25%).
 * - PROPOSAL (DM 180/2010 art. 16 c.4 lett. c): +1/5 of the table amount when the mediator formulated
 *   a proposal, except for the tipologie of lett. d (no increase but the success one); DM 150 has none.
 * - DEDUCTION (art. 30 cc.1-3): the art. 28 c.5 amount already paid for the first meeting (by
 *   default the amount due, reduced where applicable) is subtracted; the result is never below 0.
 * - First meeting without agreement and no further meetings: nothing beyond art. 28 (art. 28 c.7).
 * - VAT 22% is computed per party on each invoice-able amount (at filing/adhesion; at the end) and
 *   rounded half-up to the cent; the case total multiplies per-party amounts by the centri.
 * Every rounding is half-up to the cent (db/fees/money.ts), once per product. Each line shown is
 * rounded and later lines use the rounded value, so the lines always add up to the totals (DM 180
 * example: 1.000 € − 1/3 = 666,67 €, +25% = 166,67 €, total 833,34 € — one cent above 833,33 €
 * computed in one go). The percentage row (> 5.000.000 €) is rounded the same way.
 */

export interface IndennitaInput {
	tipologia: Tipologia;
	valoreTipo: ValoreTipo;
	/** Value of the dispute in cents; required when valoreTipo is 'determinato'. */
	valoreCentesimi: number | null;
	/** Centri di interesse (parties paying), at least 1. */
	centri: number;
	fase: Fase;
	/** Optional complexity increase, 0..max of the table (20% for DM 150), up to two decimals. */
	maggiorazioneComplessitaPct: number;
	/** Spese per il primo incontro actually paid by each party (default: the amount due). */
	pagatoPrimoIncontroCentesimi?: number | null;
	/** The mediator formulated a proposal (art. 11 D.Lgs. 28/2010): DM 180/2010 art. 16 c.4 lett. c, +1/5. */
	propostaMediatore?: boolean;
	/**
	 * Centri di interesse admitted to the patrocinio a spese dello Stato (art. 15-bis ff. D.Lgs. 28/2010):
	 * they owe no indemnity; the Organismo recovers the amount as a tax credit (art. 20 c.4). 0..centri.
	 */
	ammessiGratuitoPatrocinio?: number;
}

export type StepKind = 'info' | 'sezione' | 'voce' | 'riduzione' | 'maggiorazione' | 'detrazione' | 'subtotale' | 'iva' | 'totale';

export interface Step {
	kind: StepKind;
	label: string;
	/** Signed amount per party in cents (null for information lines). */
	perParte: number | null;
	/** perParte × centri (null for information lines). */
	totale: number | null;
}

export interface Importi {
	imponibile: number;
	iva: number;
	totale: number;
}

export interface IndennitaResult {
	steps: Step[];
	/** "da 1.000,01 a 5.000,00 €" or "Valore indeterminabile – medio". */
	scaglione: string;
	/** Allegato A bracket used for the spese di mediazione (differs for indeterminabile values). */
	scaglioneMediazione: string;
	avvisi: string[];
	totals: {
		centri: number;
		/** Art. 28: paid at filing (istante) or adhesion (invited parties), per party. */
		deposito: Importi;
		/** Art. 30: further spese di mediazione at the end, per party. */
		ulteriori: Importi;
		/** deposito + ulteriori, per party. */
		perParte: Importi;
		/** perParte × the centri that pay (admitted parties excluded). */
		complessivo: Importi;
		/** Centri admitted to the gratuito patrocinio (owe nothing). */
		ammessiGratuitoPatrocinio: number;
		/** perParte × admitted centri: not collected, the Organismo's tax credit (art. 20 c.4 D.Lgs. 28/2010). */
		creditoOrganismo: Importi;
	};
}

const TIPOLOGIA_RIDUZIONE: Record<Tipologia, string> = {
	obbligatoria: 'mediazione obbligatoria',
	demandata: 'mediazione demandata dal giudice',
	clausola: 'mediazione da clausola contrattuale',
	volontaria: 'mediazione volontaria'
};

const INDETERMINABILE_LABEL = { basso: 'basso', medio: 'medio', alto: 'alto' } as const;

function frazioneLabel(num: number, den: number): string {
	if (num === 1 && den === 2) return 'della metà';
	const nomi: Record<number, string> = { 3: 'un terzo', 4: 'un quarto', 5: 'un quinto', 10: 'un decimo' };
	if (num === 1 && nomi[den]) return `di ${nomi[den]}`;
	return `di ${num}/${den}`;
}

/** Index of the bracket containing the value (inclusive upper bounds; last bracket = "oltre"). */
export function scaglioneIndex(table: TariffaDati, valoreCentesimi: number): number {
	const i = table.scaglioni.findIndex((s) => s.finoA === null || valoreCentesimi <= s.finoA);
	return i === -1 ? table.scaglioni.length - 1 : i;
}

/** "fino a 1.000,00 €", "da 1.000,01 a 5.000,00 €", "oltre 5.000.000,00 €". */
export function scaglioneLabel(table: TariffaDati, i: number): string {
	const s = table.scaglioni[i];
	const prev = i > 0 ? table.scaglioni[i - 1].finoA : null;
	if (s.finoA === null) return prev === null ? 'qualsiasi valore' : `oltre ${formatEuro(prev)}`;
	if (prev === null) return `fino a ${formatEuro(s.finoA)}`;
	return `da ${formatNumberCents(prev + 1)} a ${formatEuro(s.finoA)}`;
}

function assertInput(input: IndennitaInput, table: TariffaDati): void {
	if (!Number.isSafeInteger(input.centri) || input.centri < 1)
		throw new RangeError('Il numero delle parti (centri di interesse) deve essere un intero di almeno 1.');
	if (input.valoreTipo === 'determinato') {
		const v = input.valoreCentesimi;
		if (v === null || !Number.isSafeInteger(v) || v < 0) throw new RangeError('Valore della lite mancante o non valido.');
	}
	const p = input.maggiorazioneComplessitaPct;
	const max = table.maggiorazioni.complessita.massimoBp;
	if (!Number.isFinite(p) || p < 0 || Math.round(p * 100) > max)
		throw new RangeError(`La maggiorazione per complessità deve essere tra 0 e ${formatBp(max)}.`);
	if (Math.abs(p * 100 - Math.round(p * 100)) > 1e-9)
		throw new RangeError('La maggiorazione per complessità ammette al massimo due decimali.');
	const ammessi = input.ammessiGratuitoPatrocinio ?? 0;
	if (!Number.isSafeInteger(ammessi) || ammessi < 0 || ammessi > input.centri)
		throw new RangeError('Le parti ammesse al patrocinio a spese dello Stato devono essere tra 0 e il numero delle parti.');
	const paid = input.pagatoPrimoIncontroCentesimi;
	if (paid !== undefined && paid !== null && (!Number.isSafeInteger(paid) || paid < 0))
		throw new RangeError('Importo versato per il primo incontro non valido.');
}

function importi(imponibile: number, ivaBp: number): Importi {
	const iva = percentOf(imponibile, ivaBp);
	return { imponibile, iva, totale: imponibile + iva };
}

function sum(a: Importi, b: Importi): Importi {
	return { imponibile: a.imponibile + b.imponibile, iva: a.iva + b.iva, totale: a.totale + b.totale };
}

function times(a: Importi, n: number): Importi {
	return { imponibile: a.imponibile * n, iva: a.iva * n, totale: a.totale * n };
}

/** Allegato A amount of a bracket for this value: min or max as configured, or % of the value. */
function importoTabella(table: TariffaDati, s: ScaglioneDati, valore: number): { importo: number; descr: string } {
	const quale = table.importoMediazione;
	if (s.mediazione.tipo === 'importo')
		return { importo: quale === 'minimo' ? s.mediazione.minimo : s.mediazione.massimo, descr: `${quale} dello scaglione` };
	const pctBp = quale === 'minimo' ? s.mediazione.minimoBp : s.mediazione.massimoBp;
	return { importo: percentOf(valore, pctBp), descr: `${quale}: ${formatBp(pctBp)} di ${formatEuro(valore)}` };
}

export function computeIndennita(input: IndennitaInput, table: TariffaDati): IndennitaResult {
	assertInput(input, table);
	const n = input.centri;
	const parti = `${n} ${n === 1 ? 'parte' : 'parti'}`;
	const steps: Step[] = [];
	const avvisi: string[] = [];
	const info = (label: string) => steps.push({ kind: 'info', label, perParte: null, totale: null });
	const sezione = (label: string) => steps.push({ kind: 'sezione', label, perParte: null, totale: null });
	const money = (kind: StepKind, label: string, perParte: number) => steps.push({ kind, label, perParte, totale: perParte * n });

	// ---- bracket(s)
	let avvio: number;
	let primoIncontro: number;
	let scaglione: string;
	let iMed: number;
	let valoreMed: number;
	if (input.valoreTipo === 'determinato') {
		const v = input.valoreCentesimi as number;
		const i = scaglioneIndex(table, v);
		({ avvio, primoIncontro } = table.scaglioni[i]);
		scaglione = scaglioneLabel(table, i);
		iMed = i;
		valoreMed = v;
		info(`Valore della lite: ${formatEuro(v)}`);
		info(`Scaglione: ${scaglione}`);
	} else {
		const livello = input.valoreTipo.replace('indeterminabile_', '') as keyof typeof INDETERMINABILE_LABEL;
		const row = table.indeterminabile[livello];
		({ avvio, primoIncontro } = row);
		scaglione = `Valore indeterminabile – ${INDETERMINABILE_LABEL[livello]}`;
		iMed = scaglioneIndex(table, row.valoreRiferimento);
		valoreMed = row.valoreRiferimento;
		info(`Scaglione: ${scaglione}`);
		info(
			`Per le spese di mediazione successive al primo incontro l’Organismo usa lo scaglione ${scaglioneLabel(table, iMed)} ` +
				`(valore di riferimento ${formatEuro(row.valoreRiferimento)})`
		);
	}
	const scaglioneMediazione = scaglioneLabel(table, iMed);
	const sMed = table.scaglioni[iMed];

	// ---- reduction (obbligatoria/demandata): fraction of the table, or of the bracket (DM 180)
	const riduce = table.riduzione.tipologie.includes(input.tipologia);
	const frazione = sMed.riduzione ?? table.riduzione.frazione;
	type Frazione = { numeratore: number; denominatore: number };
	/** Adds the amount and its reduction (if any) as steps; returns the net amount per party. */
	const voceRidotta = (label: string, base: number, applica: boolean, f: Frazione, norma?: string): number => {
		money('voce', label, base);
		if (!applica || base === 0) return base;
		const r = mulDivHalfUp(base, f.numeratore, f.denominatore);
		const motivo = [TIPOLOGIA_RIDUZIONE[input.tipologia], norma].filter(Boolean).join(', ');
		money('riduzione', `Riduzione ${frazioneLabel(f.numeratore, f.denominatore)} (${motivo}): ${formatSignedCents(-r)}`, -r);
		return base - r;
	};

	// ---- art. 28: at filing / adhesion
	sezione(`Al deposito della domanda (parte istante) o all’adesione (parti invitate) — ${table.norme.deposito}`);
	// The art. 28 amounts use the table-wide fraction (DM 150: one fifth). A bracket-specific
	// fraction (DM 180: one third / half) only concerns the spese di mediazione.
	const avvioNetto =
		avvio > 0
			? voceRidotta(
					`Spese di avvio: ${formatEuro(avvio)} × ${parti}`,
					avvio,
					riduce && table.riduzione.voci.avvio,
					table.riduzione.frazione
				)
			: 0;
	const primoDovuto =
		primoIncontro > 0
			? voceRidotta(
					`Spese di mediazione per il primo incontro: ${formatEuro(primoIncontro)} × ${parti}`,
					primoIncontro,
					riduce && table.riduzione.voci.primoIncontro,
					table.riduzione.frazione
				)
			: 0;
	const deposito = importi(avvioNetto + primoDovuto, table.ivaBp);
	money('subtotale', `Imponibile al deposito / all’adesione: ${formatEuro(deposito.imponibile)} per parte`, deposito.imponibile);
	money('iva', `IVA ${formatBp(table.ivaBp)} su ${formatEuro(deposito.imponibile)}: ${formatEuro(deposito.iva)}`, deposito.iva);
	money('totale', `Totale al deposito / all’adesione: ${formatEuro(deposito.totale)} per parte`, deposito.totale);

	// ---- art. 30: further spese di mediazione
	let ulterioriImponibile = 0;
	const complessitaBp = Math.round(input.maggiorazioneComplessitaPct * 100);
	if (input.fase === 'avvio') {
		info('Fase di avvio: gli ulteriori importi dipendono dall’esito degli incontri (scegli la fase per vederli).');
		if (complessitaBp > 0) avvisi.push('La maggiorazione per complessità non si applica alla fase di avvio.');
	} else if (input.fase === 'primo_incontro_senza_accordo') {
		sezione(`Primo incontro concluso senza accordo e senza incontri successivi — ${table.norme.primoIncontroSenzaAccordo}`);
		info('Non è dovuto alcun importo ulteriore rispetto a quanto versato al deposito o all’adesione (oltre alle spese vive documentate).');
		if (complessitaBp > 0)
			avvisi.push('La maggiorazione per complessità non si applica quando il procedimento si chiude al primo incontro senza accordo.');
	} else {
		const norma =
			input.fase === 'accordo_primo_incontro'
				? table.norme.accordoPrimoIncontro
				: input.fase === 'accordo_successivo'
					? table.norme.accordoSuccessivo
					: table.norme.incontriSuccessivi;
		sezione(`Ulteriori spese di mediazione — ${norma}`);
		const tab = importoTabella(table, sMed, valoreMed);
		const base = voceRidotta(
			`Importo della tabella (${table.norme.mediazione}, ${tab.descr}): ${formatEuro(tab.importo)}`,
			tab.importo,
			riduce && table.riduzione.voci.mediazione,
			frazione,
			table.norme.riduzione
		);
		if (base !== tab.importo) money('subtotale', `Importo della tabella ridotto: ${formatEuro(base)}`, base);
		let lordo = base;
		const aumentoBp =
			input.fase === 'accordo_primo_incontro'
				? table.maggiorazioni.accordoPrimoIncontroBp
				: input.fase === 'accordo_successivo'
					? table.maggiorazioni.accordoSuccessivoBp
					: 0;
		if (aumentoBp > 0) {
			const a = percentOf(base, aumentoBp);
			const motivo = input.fase === 'accordo_primo_incontro' ? 'accordo al primo incontro' : 'accordo in un incontro successivo al primo';
			money('maggiorazione', `Maggiorazione ${formatBp(aumentoBp)} (${motivo}) su ${formatEuro(base)}: ${formatSignedCents(a)}`, a);
			lordo += a;
		}
		if (complessitaBp > 0) {
			const c = table.maggiorazioni.complessita;
			if (!c.fasi.includes(input.fase))
				avvisi.push(
					c.fasi.length
						? `La maggiorazione per complessità (${table.norme.complessita}) si applica solo a: ${c.fasi.map((f) => FASE_LABELS[f].toLowerCase()).join('; ')}.`
						: 'Questa tariffa non prevede la maggiorazione per complessità.'
				);
			else if (c.tipologieEscluse.includes(input.tipologia))
				avvisi.push(
					`La maggiorazione per complessità non si applica alla ${TIPOLOGIA_RIDUZIONE[input.tipologia]} (${table.norme.complessita}).`
				);
			else {
				const a = percentOf(base, complessitaBp);
				money(
					'maggiorazione',
					`Maggiorazione ${formatBp(complessitaBp)} per complessità (${table.norme.complessita}) su ${formatEuro(base)}: ${formatSignedCents(a)}`,
					a
				);
				lordo += a;
			}
		}
		if (input.propostaMediatore) {
			const pr = table.maggiorazioni.proposta;
			const normaP = table.norme.proposta ?? 'proposta del mediatore';
			if (!pr || pr.percentualeBp === 0) avvisi.push('Questa tariffa non prevede un aumento per la proposta del mediatore.');
			else if (pr.tipologieEscluse.includes(input.tipologia))
				avvisi.push(
					`L’aumento per la proposta del mediatore non si applica alla ${TIPOLOGIA_RIDUZIONE[input.tipologia]} (${table.norme.riduzione}).`
				);
			else {
				const a = percentOf(base, pr.percentualeBp);
				money(
					'maggiorazione',
					`Maggiorazione ${formatBp(pr.percentualeBp)} per la proposta del mediatore (${normaP}) su ${formatEuro(base)}: ${formatSignedCents(a)}`,
					a
				);
				lordo += a;
			}
		}
		if (table.detraiPrimoIncontro) {
			const paid = input.pagatoPrimoIncontroCentesimi ?? primoDovuto;
			if (paid > 0) {
				const label =
					input.pagatoPrimoIncontroCentesimi === undefined || input.pagatoPrimoIncontroCentesimi === null
						? 'Detratte le spese per il primo incontro'
						: 'Detratte le spese per il primo incontro effettivamente versate';
				money('detrazione', `${label}: ${formatSignedCents(-paid)}`, -paid);
			}
			if (paid > lordo)
				avvisi.push('Le spese già versate per il primo incontro superano l’importo dovuto: non è dovuto alcun importo ulteriore.');
			ulterioriImponibile = Math.max(0, lordo - paid);
		} else ulterioriImponibile = lordo;
		const ult = importi(ulterioriImponibile, table.ivaBp);
		money('subtotale', `Ulteriori spese di mediazione: ${formatEuro(ult.imponibile)} per parte`, ult.imponibile);
		money('iva', `IVA ${formatBp(table.ivaBp)} su ${formatEuro(ult.imponibile)}: ${formatEuro(ult.iva)}`, ult.iva);
		money('totale', `Totale ulteriori spese: ${formatEuro(ult.totale)} per parte`, ult.totale);
	}

	const ulteriori = importi(ulterioriImponibile, table.ivaBp);
	const perParte = sum(deposito, ulteriori);
	const ammessi = input.ammessiGratuitoPatrocinio ?? 0;
	const paganti = n - ammessi;
	const complessivo = times(perParte, paganti);
	const creditoOrganismo = times(perParte, ammessi);
	sezione('Riepilogo');
	money('subtotale', `Imponibile per parte: ${formatEuro(perParte.imponibile)}`, perParte.imponibile);
	money('iva', `IVA per parte: ${formatEuro(perParte.iva)}`, perParte.iva);
	if (ammessi === 0)
		money('totale', `Totale per parte: ${formatEuro(perParte.totale)} — per ${parti}: ${formatEuro(complessivo.totale)}`, perParte.totale);
	else {
		money(
			'totale',
			`Totale per parte: ${formatEuro(perParte.totale)} — dovuto da ${paganti} ${paganti === 1 ? 'parte' : 'parti'}: ${formatEuro(complessivo.totale)}`,
			perParte.totale
		);
		info(
			`${ammessi} ${ammessi === 1 ? 'parte ammessa' : 'parti ammesse'} al patrocinio a spese dello Stato (art. 15-bis e ss. D.Lgs. 28/2010): ` +
				`nessuna indennità dovuta; ${formatEuro(creditoOrganismo.totale)} costituiscono il credito d’imposta dell’Organismo (art. 20 c.4 D.Lgs. 28/2010).`
		);
	}
	return {
		steps,
		scaglione,
		scaglioneMediazione,
		avvisi,
		totals: { centri: n, deposito, ulteriori, perParte, complessivo, ammessiGratuitoPatrocinio: ammessi, creditoOrganismo }
	};
}
