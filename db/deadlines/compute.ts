import { addDays, addMonths, diffDays, type IsoDate, formatGiorno } from '../shared/time.ts';
import { isRegola, type Codice, type Regola, type Tipologia } from './rules.ts';

/**
 * Pure deadline computation: case dates + rule versions (rules.ts) -> deadlines. No database, no
 * clock: `today` is an input (the date in Italy, dates.ts romeIsoDate()).
 *
 * Which version applies: the newest version in force on the filing date (tipologia-specific rows
 * win over generic rows of the same date). Exception: a later version flagged `applicaAiPendenti`
 * (D.Lgs. 216/2024 for art. 6) governs a case that was still pending on its validaDal, i.e. not
 * concluded before that date, as long as that date is not after `today`.
 */

export type StatoScadenza = 'futura' | 'in_scadenza' | 'scaduta' | 'rispettata';

export interface DatiScadenze {
	/** Filing of the request (procedimenti.dataDeposito). */
	dataDeposito: IsoDate;
	tipologia: Tipologia;
	/** Filing of the judge's ordinanza (demandata); when unknown the term runs from the filing. */
	dataOrdinanza?: IsoDate | null;
	/** Extensions of the maximum duration agreed by the parties and registered. */
	proroghe: number;
	/** First communication sent to the invited parties. */
	dataComunicazione?: IsoDate | null;
	today: IsoDate;
	// Events that meet a deadline (optional; datiScadenze in repo.ts reads them from the incontri and the adesioni).
	/** Date of the first meeting (fixed or held). */
	dataPrimoIncontro?: IsoDate | null;
	/** Date by which every invited party had answered. */
	dataRisposte?: IsoDate | null;
	/** The case is closed (verbale conclusivo). */
	dataConclusione?: IsoDate | null;
}

export interface Scadenza {
	codice: Codice;
	label: string;
	/** Start of a window (first meeting: not before). */
	dal?: IsoDate;
	/** End of the term (last valid day). */
	al: IsoDate;
	stato: StatoScadenza;
	/** Days from today to `al`: negative when overdue. */
	giorni: number;
	/** The event that met the deadline, when there is one. */
	compiutaIl?: IsoDate;
	fonte: string;
	validaDal: IsoDate;
	regolaId: string;
	daVerificare: boolean;
	/** Explanations shown with the deadline (Italian). */
	note: string[];
}

export const PREAVVISO_GIORNI_DEFAULT = 7;

/** The newest version of `codice` in force on `date` for this tipologia, or null. */
export function selezionaRegola<C extends Codice>(
	rules: readonly Regola[],
	codice: C,
	tipologia: Tipologia | null,
	date: IsoDate
): Regola<C> | null {
	let best: Regola<C> | null = null;
	for (const r of rules) {
		if (!isRegola(r, codice) || r.validaDal > date) continue;
		if (r.tipologia !== null && r.tipologia !== tipologia) continue;
		const newer = !best || r.validaDal > best.validaDal;
		const moreSpecific = best && r.validaDal === best.validaDal && best.tipologia === null && r.tipologia !== null;
		if (newer || moreSpecific) best = r;
	}
	return best;
}

/** The version that governs this case (filing date, or a later version that covers pending cases). */
export function regolaApplicabile<C extends Codice>(rules: readonly Regola[], codice: C, dati: DatiScadenze): Regola<C> | null {
	const later = [...new Set(rules.filter((r) => r.codice === codice).map((r) => r.validaDal))]
		.filter((v) => v > dati.dataDeposito && v <= dati.today && (!dati.dataConclusione || dati.dataConclusione >= v))
		.sort()
		.reverse();
	for (const v of later) {
		const r = selezionaRegola(rules, codice, dati.tipologia, v);
		if (r && r.validaDal === v && r.parametri.applicaAiPendenti) return r;
	}
	return selezionaRegola(rules, codice, dati.tipologia, dati.dataDeposito);
}

function scadenza(
	r: Regola,
	dati: DatiScadenze,
	s: { label: string; al: IsoDate; dal?: IsoDate; compiutaIl?: IsoDate | null; note?: string[] }
): Scadenza {
	const giorni = diffDays(dati.today, s.al);
	const preavviso = r.parametri.preavvisoGiorni ?? PREAVVISO_GIORNI_DEFAULT;
	let stato: StatoScadenza;
	if (s.compiutaIl) stato = s.compiutaIl <= s.al ? 'rispettata' : 'scaduta';
	else if (giorni < 0) stato = 'scaduta';
	else if (giorni <= preavviso) stato = 'in_scadenza';
	else stato = 'futura';
	return {
		codice: r.codice,
		label: s.label,
		...(s.dal ? { dal: s.dal } : {}),
		al: s.al,
		stato,
		giorni,
		...(s.compiutaIl ? { compiutaIl: s.compiutaIl } : {}),
		fonte: r.fonte,
		validaDal: r.validaDal,
		regolaId: r.id,
		daVerificare: r.parametri.daVerificare,
		note: s.note ?? []
	};
}

function primoIncontro(rules: readonly Regola[], dati: DatiScadenze): Scadenza | null {
	const r = regolaApplicabile(rules, 'primo_incontro', dati);
	if (!r || (dati.dataConclusione && !dati.dataPrimoIncontro)) return null;
	const p = r.parametri;
	const dal = p.minGiorni > 0 ? addDays(dati.dataDeposito, p.minGiorni) : undefined;
	const note: string[] = [];
	if (dal && dati.dataPrimoIncontro && dati.dataPrimoIncontro < dal)
		note.push(
			p.derogabileDalleParti
				? 'Primo incontro prima del termine minimo: ammesso solo su concorde indicazione delle parti.'
				: 'Primo incontro prima del termine minimo.'
		);
	return scadenza(r, dati, {
		label: 'Primo incontro',
		dal,
		al: addDays(dati.dataDeposito, p.maxGiorni),
		compiutaIl: dati.dataPrimoIncontro,
		note
	});
}

interface DurataCalcolata {
	regola: Regola<'durata_massima'>;
	/** End of the term with the extensions that count. */
	al: IsoDate;
	proroghe: number;
	note: string[];
}

function durata(rules: readonly Regola[], dati: DatiScadenze): DurataCalcolata | null {
	const r = regolaApplicabile(rules, 'durata_massima', dati);
	if (!r) return null;
	const p = r.parametri;
	const note: string[] = [];
	let inizio = dati.dataDeposito;
	if (p.decorrenza === 'ordinanza') {
		if (dati.dataOrdinanza) inizio = dati.dataOrdinanza;
		else note.push('Data dell’ordinanza del giudice non indicata: termine calcolato dal deposito della domanda.');
	}
	let proroghe = Math.max(0, Math.trunc(dati.proroghe));
	if (proroghe > 0 && !p.proroga) {
		note.push(
			`La disciplina applicabile non prevede proroghe: ${proroghe === 1 ? 'la proroga registrata non è considerata' : `le ${proroghe} proroghe registrate non sono considerate`}.`
		);
		proroghe = 0;
	} else if (p.proroga?.massimo != null && proroghe > p.proroga.massimo) {
		note.push(`Registrate ${proroghe} proroghe, ma ne è ammessa al massimo ${p.proroga.massimo}: considerate solo quelle ammesse.`);
		proroghe = p.proroga.massimo;
	}
	// Each extension runs from the end of the term it extends (31/08 + 6 months = 28/02, + 3 months = 28/05).
	let al = addMonths(inizio, p.mesi);
	for (let i = 0; i < proroghe; i++) al = addMonths(al, p.proroga!.mesi);
	return { regola: r, al, proroghe, note };
}

function durataMassima(rules: readonly Regola[], dati: DatiScadenze): Scadenza | null {
	const c = durata(rules, dati);
	if (!c) return null;
	const label =
		c.proroghe === 0
			? 'Durata massima del procedimento'
			: `Durata massima del procedimento (con ${c.proroghe === 1 ? '1 proroga' : `${c.proroghe} proroghe`})`;
	return scadenza(c.regola, dati, { label, al: c.al, compiutaIl: dati.dataConclusione, note: c.note });
}

function rispostaAdesione(rules: readonly Regola[], dati: DatiScadenze): Scadenza | null {
	const r = regolaApplicabile(rules, 'risposta_adesione', dati);
	if (!r || (dati.dataConclusione && !dati.dataRisposte)) return null;
	const p = r.parametri;
	const base = p.decorrenza === 'comunicazione' ? dati.dataComunicazione : dati.dataPrimoIncontro;
	if (!base) return null; // the term has not started yet
	const al = p.decorrenza === 'comunicazione' ? addDays(base, p.giorni) : addDays(base, -p.giorniPrima);
	return scadenza(r, dati, {
		label: 'Risposta delle parti invitate (adesione)',
		al,
		compiutaIl: dati.dataRisposte,
		note: p.sceltaOrganismo ? ['Termine stabilito dal regolamento dell’Organismo, non dalla legge.'] : []
	});
}

/**
 * Every deadline of a case that can be computed today, ordered by end date. Deadlines whose term
 * has not started (no communication sent yet) are left out, and so are, in a closed case, the ones
 * whose event never happened (they no longer run).
 */
export function computeScadenze(dati: DatiScadenze, rules: readonly Regola[]): Scadenza[] {
	return [rispostaAdesione(rules, dati), primoIncontro(rules, dati), durataMassima(rules, dati)]
		.filter((s): s is Scadenza => s !== null)
		.sort((a, b) => (a.al < b.al ? -1 : a.al > b.al ? 1 : 0));
}

export type EsitoProroga = { ok: true; mesi: number; scadenzaAttuale: IsoDate; nuovaScadenza: IsoDate } | { ok: false; message: string };

/**
 * Whether the parties may extend the maximum duration on `dati.today` (the date of their written
 * agreement), and the new end of the term. Refused when the applicable version has no extension,
 * when its maximum number is reached (demandata after 216/2024: one), after the current term has
 * expired, or when the case is closed.
 */
export function valutaProroga(dati: DatiScadenze, rules: readonly Regola[]): EsitoProroga {
	if (dati.dataConclusione) return { ok: false, message: 'Il procedimento è concluso: la durata non si può più prorogare.' };
	const c = durata(rules, dati);
	if (!c) return { ok: false, message: 'Nessuna regola sulla durata applicabile a questo procedimento.' };
	const proroga = c.regola.parametri.proroga;
	if (!proroga) return { ok: false, message: 'La disciplina applicabile a questo procedimento non prevede proroghe della durata.' };
	if (proroga.massimo !== null && dati.proroghe >= proroga.massimo)
		return {
			ok: false,
			message:
				proroga.massimo === 1
					? 'La durata di questo procedimento è prorogabile una sola volta e la proroga è già stata registrata.'
					: `La durata di questo procedimento è prorogabile al massimo ${proroga.massimo} volte: proroghe già registrate.`
		};
	if (dati.today > c.al)
		return { ok: false, message: `La proroga va concordata prima della scadenza del termine, scaduto il ${formatGiorno(c.al)}.` };
	return { ok: true, mesi: proroga.mesi, scadenzaAttuale: c.al, nuovaScadenza: addMonths(c.al, proroga.mesi) };
}
