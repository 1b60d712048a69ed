import { and, eq, inArray, notInArray } from 'drizzle-orm';
import { sedeScope, type UserActor } from '../access/index.ts';
import type { Db } from '../client.ts';
import { computeScadenze, PREAVVISO_GIORNI_DEFAULT, type Scadenza } from '../deadlines/compute.ts';
import { addDays, diffDays, romeIsoDate } from '../shared/time.ts';
import { datiScadenze, ensureDefaultRegole, listRegole } from '../deadlines/repo.ts';
import { centriInteresse, movimenti, procedimenti, sedi } from '../schema.ts';
import { notify, staffOfSede } from './notifications.ts';

/**
 * The segreteria's deadlines dashboard: for every open case of the sedi the actor covers, the legal
 * deadlines computed by db/deadlines (first meeting, maximum duration, adhesion replies) plus the
 * payments of the indemnities, which db/deadlines does not model yet (see scadenzePagamento).
 */

export interface RigaScadenza {
	procedimentoId: string;
	numero: string;
	oggetto: string;
	sede: string;
	codice: string;
	label: string;
	al: string;
	dal?: string;
	giorni: number;
	stato: 'futura' | 'in_scadenza' | 'scaduta' | 'rispettata';
	fonte: string;
	note: string[];
}

const FONTE_PAGAMENTI =
	'Art. 28 DM 150/2023 (come riportato da fonti secondarie): le spese di avvio e di mediazione del primo incontro si versano al deposito della domanda (istante) e all’adesione (parte invitata).';

/**
 * Payments due by each centro d'interesse: the applicant at filing, each invited party that adhered
 * at adhesion; met by an "incasso" movement recorded for that centro (or, for the applicant, one
 * without centro). Pure over the rows given.
 */
export function scadenzePagamento(
	c: { dataDeposito: string; today: string },
	centri: readonly { id: string; ruolo: 'istante' | 'invitata'; adesione: string | null; dataAdesione: string | null }[],
	incassi: readonly { centroId: string | null; data: string }[]
): Omit<RigaScadenza, 'procedimentoId' | 'numero' | 'oggetto' | 'sede'>[] {
	const out: Omit<RigaScadenza, 'procedimentoId' | 'numero' | 'oggetto' | 'sede'>[] = [];
	const istanti = centri.filter((x) => x.ruolo === 'istante');
	const aderenti = centri.filter((x) => x.ruolo === 'invitata' && x.adesione === 'aderito' && x.dataAdesione);
	const due = [
		...(istanti.length
			? [{ ids: [...istanti.map((x) => x.id), null], al: c.dataDeposito, label: 'Pagamento spese di avvio — parte istante' }]
			: []),
		...aderenti.map((x, i) => ({
			ids: [x.id],
			al: x.dataAdesione!,
			label: `Pagamento spese di avvio — parte invitata${aderenti.length > 1 ? ` ${i + 1}` : ''}`
		}))
	];
	for (const d of due) {
		const paid = incassi.some((m) => d.ids.includes(m.centroId));
		if (paid) continue;
		const giorni = diffDays(c.today, d.al);
		out.push({
			codice: 'pagamento',
			label: d.label,
			al: d.al,
			giorni,
			stato: giorni < 0 ? 'scaduta' : giorni <= PREAVVISO_GIORNI_DEFAULT ? 'in_scadenza' : 'futura',
			fonte: FONTE_PAGAMENTI,
			note: ['Nessun incasso registrato per questa parte.']
		});
	}
	return out;
}

/** Open deadlines (overdue, or ending within `orizzonte` days) of the actor's cases, soonest first. */
export function scadenzeOrganismo(db: Db, actor: UserActor, opts: { today?: string; orizzonte?: number } = {}): RigaScadenza[] {
	const today = opts.today ?? romeIsoDate();
	const limite = addDays(today, opts.orizzonte ?? 30);
	if (listRegole(db).length === 0) ensureDefaultRegole(db);
	const regole = listRegole(db);
	const sedeIds = sedeScope(actor);
	const casi = db
		.select({
			id: procedimenti.id,
			anno: procedimenti.anno,
			numero: procedimenti.numero,
			oggetto: procedimenti.oggetto,
			sede: sedi.nome,
			dataDeposito: procedimenti.dataDeposito
		})
		.from(procedimenti)
		.innerJoin(sedi, eq(procedimenti.sedeId, sedi.id))
		.where(
			and(
				eq(procedimenti.organismoId, actor.organismoId),
				notInArray(procedimenti.stato, ['conclusa', 'archiviata']),
				sedeIds ? inArray(procedimenti.sedeId, [...sedeIds]) : undefined
			)
		)
		.all();
	if (casi.length === 0) return [];
	const ids = casi.map((c) => c.id);
	const centri = db.select().from(centriInteresse).where(inArray(centriInteresse.procedimentoId, ids)).all();
	const incassi = db
		.select({ procedimentoId: movimenti.procedimentoId, centroId: movimenti.centroId, data: movimenti.data })
		.from(movimenti)
		.where(and(inArray(movimenti.procedimentoId, ids), eq(movimenti.tipo, 'incasso')))
		.all();
	const out: RigaScadenza[] = [];
	for (const c of casi) {
		const head = { procedimentoId: c.id, numero: `n. ${c.anno}/${c.numero}`, oggetto: c.oggetto, sede: c.sede };
		const dati = datiScadenze(db, c.id, today);
		const legali: Scadenza[] = dati ? computeScadenze(dati, regole) : [];
		for (const s of legali)
			out.push({
				...head,
				codice: s.codice,
				label: s.label,
				al: s.al,
				dal: s.dal,
				giorni: s.giorni,
				stato: s.stato,
				fonte: s.fonte,
				note: s.note
			});
		for (const s of scadenzePagamento(
			{ dataDeposito: c.dataDeposito, today },
			centri.filter((x) => x.procedimentoId === c.id),
			incassi.filter((m) => m.procedimentoId === c.id)
		))
			out.push({ ...head, ...s });
	}
	return out
		.filter((r) => r.stato === 'scaduta' || (r.stato !== 'rispettata' && r.al <= limite))
		.sort((a, b) => (a.al < b.al ? -1 : a.al > b.al ? 1 : 0));
}

/**
 * In-app alerts for the segreteria of one Organismo: one notification per deadline and state
 * (overdue / due soon) to the staff covering the case's sede; repeated calls add nothing new
 * (dedup key). Run by the `scadenze.avvisi` job (db/agenda/jobs.ts), never by a page load.
 */
export function generaAvvisiScadenze(db: Db, organismo: { organismoId: string }, today: string = romeIsoDate()): number {
	// Every case of the Organismo, whoever covers it: the system reads as a responsabile would.
	const sistema: UserActor = { kind: 'user', id: 'sistema', organismoId: organismo.organismoId, role: 'responsabile', sedeIds: null };
	const righe = scadenzeOrganismo(db, sistema, { today, orizzonte: PREAVVISO_GIORNI_DEFAULT });
	let added = 0;
	const sedeDi = new Map(
		db
			.select({ id: procedimenti.id, sedeId: procedimenti.sedeId })
			.from(procedimenti)
			.where(
				inArray(
					procedimenti.id,
					righe.map((r) => r.procedimentoId)
				)
			)
			.all()
			.map((r) => [r.id, r.sedeId])
	);
	for (const r of righe) {
		if (r.stato !== 'scaduta' && r.stato !== 'in_scadenza') continue;
		const destinatari = staffOfSede(db, organismo.organismoId, sedeDi.get(r.procedimentoId)!);
		added += notify(db, destinatari, {
			organismoId: organismo.organismoId,
			titolo: `${r.stato === 'scaduta' ? 'Scaduto' : 'In scadenza'}: ${r.label} — procedimento ${r.numero}`,
			testo:
				r.stato === 'scaduta'
					? `Termine scaduto il ${r.al.split('-').reverse().join('/')}.`
					: `Termine: ${r.al.split('-').reverse().join('/')} (tra ${r.giorni} giorni).`,
			link: `/procedimenti/${r.procedimentoId}`,
			chiave: `scadenza:${r.procedimentoId}:${r.codice}:${r.label}:${r.al}:${r.stato}`
		});
	}
	return added;
}
