import { formatRange } from '../shared/time.ts';

/** An existing booking, as the conflict check sees it (instants in ms). */
export interface Occupazione {
	id: string;
	procedimentoId: string;
	/** "n. 2026/1". */
	numero: string;
	inizio: number;
	fine: number;
	salaId: string | null;
	salaNome?: string | null;
	mediatoreId: string | null;
	/** Persone (not soggetti) convoked: the same lawyer is one persona across cases. */
	persone: readonly { id: string; nome: string }[];
}

export interface Candidato {
	/** When moving an existing meeting: its id (it does not conflict with itself). */
	id?: string;
	inizio: number;
	fine: number;
	salaId: string | null;
	salaNome?: string | null;
	mediatoreId: string | null;
	mediatoreNome?: string | null;
	persone: readonly { id: string; nome: string }[];
}

export interface Indisponibilita {
	inizio: number;
	fine: number;
	motivo: string;
}

export interface Conflitti {
	/** Refuse the booking. */
	errors: string[];
	/** Booking allowed after confirmation (a party or lawyer already booked elsewhere). */
	warnings: string[];
}

const overlaps = (a: { inizio: number; fine: number }, b: { inizio: number; fine: number }) => a.inizio < b.fine && b.inizio < a.fine;

/**
 * Same sala or same mediator at overlapping times: errors. The mediator's declared unavailability:
 * error. A convoked person already convoked elsewhere at that time: warning. Meetings that merely
 * touch (one ends at 12:00, the next starts at 12:00) do not conflict.
 */
export function findConflicts(c: Candidato, existing: readonly Occupazione[], indisponibilita: readonly Indisponibilita[] = []): Conflitti {
	const errors: string[] = [];
	const warnings: string[] = [];
	const mine = new Map(c.persone.map((p) => [p.id, p.nome]));
	for (const o of existing) {
		if (o.id === c.id || !overlaps(c, o)) continue;
		const quando = formatRange(o.inizio, o.fine);
		if (c.salaId && o.salaId === c.salaId)
			errors.push(`La sala «${c.salaNome ?? o.salaNome ?? ''}» è già occupata il ${quando} dall'incontro del procedimento ${o.numero}.`);
		if (c.mediatoreId && o.mediatoreId === c.mediatoreId)
			errors.push(
				`${c.mediatoreNome ? `Il mediatore ${c.mediatoreNome}` : 'Il mediatore'} ha già un incontro il ${quando} (procedimento ${o.numero}).`
			);
		for (const p of o.persone) {
			const nome = mine.get(p.id);
			if (nome) warnings.push(`${nome} è già convocato/a il ${quando} in un altro incontro (procedimento ${o.numero}).`);
		}
	}
	if (c.mediatoreId)
		for (const u of indisponibilita)
			if (overlaps(c, u))
				errors.push(
					`${c.mediatoreNome ? `Il mediatore ${c.mediatoreNome}` : 'Il mediatore'} ha dichiarato di non essere disponibile il ${formatRange(u.inizio, u.fine)}${u.motivo ? ` (${u.motivo})` : ''}.`
				);
	return { errors, warnings: [...new Set(warnings)] };
}
