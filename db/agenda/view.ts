import type { Db } from '../client.ts';
import { getStanza, stanzaPath } from '../rooms/repo.ts';
import { users } from '../schema.ts';
import { inArray } from 'drizzle-orm';
import { fineMs, parseIds } from './occupazioni.ts';
import { soggettiCaso } from './occupazioni.ts';
import { listSale } from './sale.ts';
import { formatRange, formatRome, romeParts } from '../shared/time.ts';
import type { incontri } from '../schema.ts';
import { MODALITA_LABELS, STATO_INCONTRO_LABELS, TIPO_LABELS } from './labels.ts';

type Row = typeof incontri.$inferSelect;

/** Display data of a case's meetings (Italian labels, Rome times, names). */
export function describeIncontri(db: Db, organismoId: string, procedimentoId: string, rows: readonly Row[]) {
	const people = new Map(soggettiCaso(db, procedimentoId).map((s) => [s.id, s]));
	const saleById = new Map(listSale(db, organismoId).map((s) => [s.id, s.nome]));
	const medIds = [...new Set(rows.map((r) => r.mediatoreId).filter((x): x is string => Boolean(x)))];
	const meds = new Map(
		(medIds.length
			? db.select({ id: users.id, nome: users.nome, cognome: users.cognome }).from(users).where(inArray(users.id, medIds)).all()
			: []
		).map((u) => [u.id, `${u.nome} ${u.cognome}`])
	);
	const stanza = getStanza(db, procedimentoId);
	return rows.map((r) => {
		const start = Date.parse(r.inizio);
		const end = fineMs(r.inizio, r.durataMinuti);
		const a = romeParts(start);
		const b = romeParts(end);
		const convocati = parseIds(r.convocati);
		const remoti = r.modalita === 'telematica' ? convocati : parseIds(r.remoti);
		return {
			id: r.id,
			inizio: r.inizio,
			quando: formatRange(start, end),
			quandoEsteso: formatRome(start),
			data: a.date,
			dalle: a.time,
			alle: b.time,
			durataMinuti: r.durataMinuti,
			tipo: r.tipo,
			tipoLabel: TIPO_LABELS[r.tipo],
			modalita: r.modalita,
			modalitaLabel: MODALITA_LABELS[r.modalita],
			stato: r.stato,
			statoLabel: STATO_INCONTRO_LABELS[r.stato],
			motivoRinvio: r.motivoRinvio,
			note: r.note,
			salaId: r.salaId,
			sala: r.salaId ? (saleById.get(r.salaId) ?? '') : null,
			mediatoreId: r.mediatoreId,
			mediatore: r.mediatoreId ? (meds.get(r.mediatoreId) ?? '') : null,
			convocati: convocati.map((id) => people.get(id)?.nome ?? '').filter(Boolean),
			convocatiIds: convocati,
			remoti: remoti.map((id) => people.get(id)?.nome ?? '').filter(Boolean),
			remotiIds: remoti,
			stanza: r.modalita !== 'presenza' && stanza ? stanzaPath(procedimentoId) : null,
			passato: end < Date.now()
		};
	});
}
