import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { getProcedimento, listParti } from '../procedimenti/repo.ts';
import { assegnazioni, incontri, organismi, sedi, users } from '../schema.ts';
import { MODALITA_LABELS, VALORE_LABELS } from '../procedimenti/labels.ts';
import { formatEuro } from '../shared/format.ts';
import { formatData, formatGiorno } from '../shared/time.ts';

/** One person who signs the verbale (a signature field in the PDF). */
export interface Firmatario {
	nome: string;
	qualifica: string;
}

/** What the templates and the PDF header need to know about a procedimento. */
export interface VerbaleCaseData {
	organismo: string;
	organismoRegistro: string;
	numero: string;
	oggetto: string;
	materia: string;
	valore: string;
	sede: string;
	modalita: string;
	dataDeposito: string;
	dataPrimoIncontro: string;
	/** Parties in order (istanti first), each with their lawyers and their centre's adhesion. */
	parti: { nome: string; ruolo: 'istante' | 'invitata' | null; avvocati: string[]; adesione?: string | null }[];
	/** Invited parties that did not adhere (absent): the verbale records them. */
	assenti?: string[];
	/** Every adhering party is assisted by a lawyer: the agreement is an enforceable title (art. 12). */
	partiAssistite?: boolean;
	avvocati: string[];
	mediatore: string;
	/** Parties, representatives, lawyers, other participants, then the mediator (last, as art. 8-bis wants). */
	firmatari: Firmatario[];
}

function personName(p: { tipo: string; nome: string | null; cognome: string | null; denominazione: string | null }): string {
	if (p.tipo === 'giuridica') return p.denominazione?.trim() || 'Persona giuridica';
	return [p.nome, p.cognome].filter(Boolean).join(' ').trim() || 'Persona fisica';
}

/** Loads the case facts used by templates and exports; null when the procedimento does not exist. */
export function loadVerbaleCaseData(db: Db, procedimentoId: string): VerbaleCaseData | null {
	const row = getProcedimento(db, procedimentoId);
	if (!row) return null;
	const { p } = row;
	const org = db.select().from(organismi).where(eq(organismi.id, p.organismoId)).get();
	const sede = db.select().from(sedi).where(eq(sedi.id, p.sedeId)).get();
	const soggetti = listParti(db, procedimentoId);

	const parti: VerbaleCaseData['parti'] = [];
	const byCentro = new Map<string, VerbaleCaseData['parti'][number]>();
	for (const s of soggetti) {
		if (s.ruolo !== 'parte') continue;
		const entry = { nome: personName(s.persona), ruolo: s.centroRuolo ?? null, avvocati: [] as string[], adesione: s.adesione ?? null };
		parti.push(entry);
		if (s.centroId && !byCentro.has(s.centroId)) byCentro.set(s.centroId, entry);
	}
	const avvocati: string[] = [];
	for (const s of soggetti) {
		if (s.ruolo !== 'avvocato') continue;
		const nome = personName(s.persona);
		avvocati.push(nome);
		if (s.centroId) byCentro.get(s.centroId)?.avvocati.push(nome);
	}

	const med = db
		.select({ nome: users.nome, cognome: users.cognome })
		.from(assegnazioni)
		.innerJoin(users, eq(assegnazioni.mediatoreId, users.id))
		.where(and(eq(assegnazioni.procedimentoId, procedimentoId), eq(assegnazioni.stato, 'accettata')))
		.orderBy(asc(assegnazioni.ruolo))
		.all();
	const mediatore = med.map((m) => `${m.nome} ${m.cognome}`).join(', ');
	const primo = db
		.select({ inizio: incontri.inizio })
		.from(incontri)
		.where(and(eq(incontri.procedimentoId, procedimentoId), eq(incontri.tipo, 'primo')))
		.orderBy(asc(incontri.inizio))
		.get();

	// Art. 11 c.3: parties, their lawyers and the other participants sign; the mediator certifies.
	const rappresentanti = soggetti.filter((s) => s.ruolo === 'rappresentante').map((s) => personName(s.persona));
	const altri = soggetti.filter((s) => s.ruolo === 'ctu').map((s) => personName(s.persona));
	// Invited parties that refused or never answered are absent; an adhesion not recorded yet counts as present.
	const absent = (x: (typeof parti)[number]) => x.ruolo === 'invitata' && (x.adesione === 'rifiutato' || x.adesione === 'nessuna_risposta');
	const aderenti = parti.filter((x) => !absent(x));
	const assenti = parti.filter(absent).map((x) => x.nome);
	const firmatari: Firmatario[] = [
		...aderenti.map((x) => ({ nome: x.nome, qualifica: 'Parte' })),
		...rappresentanti.map((nome) => ({ nome, qualifica: 'Rappresentante' })),
		...avvocati.map((nome) => ({ nome, qualifica: 'Avvocato' })),
		...altri.map((nome) => ({ nome, qualifica: 'Altro partecipante' })),
		...med.map((m) => ({ nome: `${m.nome} ${m.cognome}`, qualifica: 'Mediatore' }))
	];
	if (med.length === 0) firmatari.push({ nome: '', qualifica: 'Mediatore' });

	return {
		organismo: org?.denominazione ?? '',
		organismoRegistro: org?.numeroRegistro ?? '',
		numero: `${p.anno}/${p.numero}`,
		oggetto: p.oggetto,
		materia: row.materia,
		valore: p.valoreTipo === 'determinato' ? formatEuro(p.valoreCentesimi) : VALORE_LABELS[p.valoreTipo],
		sede: sede ? `${sede.nome}, ${sede.indirizzo}, ${sede.comune} (${sede.provincia})` : row.sede,
		modalita: MODALITA_LABELS[p.modalita],
		dataDeposito: formatGiorno(p.dataDeposito),
		dataPrimoIncontro: primo ? formatData(primo.inizio) : '',
		parti,
		assenti,
		partiAssistite: aderenti.length > 0 && aderenti.every((x) => x.avvocati.length > 0),
		avvocati,
		mediatore,
		firmatari
	};
}
