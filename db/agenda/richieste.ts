import { and, desc, eq, inArray } from 'drizzle-orm';
import type { UserActor } from '../access/index.ts';
import { appendAudit } from '../audit/repo.ts';
import { writeTransaction, type Db } from '../client.ts';
import { newId } from '../shared/ids.ts';
import { incontri, procedimenti, richiesteModifica, users } from '../schema.ts';
import { notify, staffOfSede } from './notifications.ts';
import { refuse, spostaIncontro, valutaSpostamento, type Esito } from './repo.ts';
import type { SpostaInput } from './schemas.ts';
import { romeParts } from '../shared/time.ts';

/**
 * A mediator's request to move a meeting (Organismo setting "richiesta"): checked like a move, saved
 * as a request, decided by the segreteria (approval applies the move, re-checking conflicts).
 */
export function richiediSpostamento(db: Db, actor: UserActor, incontroId: string, input: SpostaInput, now: number = Date.now()): Esito {
	return writeTransaction(db, () => {
		const v = valutaSpostamento(db, incontroId, input, now);
		if (v.errors.length || !v.piano || !v.inc || !v.proc) return refuse('conflict', v.errors, v.warnings);
		const pending = db
			.select({ id: richiesteModifica.id })
			.from(richiesteModifica)
			.where(and(eq(richiesteModifica.incontroId, incontroId), eq(richiesteModifica.stato, 'in_attesa')))
			.get();
		if (pending) return refuse('conflict', ['C’è già una richiesta di modifica in attesa per questo incontro.']);
		const id = newId();
		db.insert(richiesteModifica)
			.values({
				id,
				incontroId,
				richiedenteId: actor.id,
				nuovoInizio: new Date(v.piano.inizio).toISOString(),
				durataMinuti: Math.round((v.piano.fine - v.piano.inizio) / 60_000),
				motivo: input.motivo ?? ''
			})
			.run();
		appendAudit(db, {
			action: 'incontro.richiesta_modifica',
			organismoId: v.proc.organismoId,
			actorId: actor.id,
			entityType: 'incontro',
			entityId: incontroId,
			details: { richiestaId: id, nuovoInizio: new Date(v.piano.inizio).toISOString(), motivo: input.motivo }
		});
		notify(db, staffOfSede(db, v.proc.organismoId, v.proc.sedeId), {
			organismoId: v.proc.organismoId,
			titolo: `Richiesta di spostamento — procedimento n. ${v.proc.anno}/${v.proc.numero}`,
			testo: `Il mediatore chiede di spostare l'incontro. ${input.motivo}`.trim(),
			link: `/procedimenti/${v.proc.id}/incontri`
		});
		return { ok: true, id, message: 'Richiesta inviata alla segreteria.', warnings: v.warnings };
	});
}

export function richiesteInAttesa(db: Db, procedimentoId: string) {
	return db
		.select({
			id: richiesteModifica.id,
			incontroId: richiesteModifica.incontroId,
			nuovoInizio: richiesteModifica.nuovoInizio,
			durataMinuti: richiesteModifica.durataMinuti,
			motivo: richiesteModifica.motivo,
			richiedente: users.cognome,
			createdAt: richiesteModifica.createdAt
		})
		.from(richiesteModifica)
		.innerJoin(incontri, eq(richiesteModifica.incontroId, incontri.id))
		.innerJoin(users, eq(richiesteModifica.richiedenteId, users.id))
		.where(and(eq(incontri.procedimentoId, procedimentoId), inArray(richiesteModifica.stato, ['in_attesa'])))
		.orderBy(desc(richiesteModifica.createdAt))
		.all();
}

/** Approves (applying the move) or rejects a request; the mediator is notified either way. */
export function decidiRichiesta(db: Db, actor: UserActor, richiestaId: string, approva: boolean, now: number = Date.now()): Esito {
	return writeTransaction(db, () => {
		const r = db.select().from(richiesteModifica).where(eq(richiesteModifica.id, richiestaId)).get();
		if (!r || r.stato !== 'in_attesa') return refuse('not_found', ['Richiesta non trovata o già decisa.']);
		const proc = db
			.select({ id: procedimenti.id, organismoId: procedimenti.organismoId, anno: procedimenti.anno, numero: procedimenti.numero })
			.from(incontri)
			.innerJoin(procedimenti, eq(incontri.procedimentoId, procedimenti.id))
			.where(eq(incontri.id, r.incontroId))
			.get();
		if (!proc || proc.organismoId !== actor.organismoId) return refuse('not_found', ['Richiesta non trovata.']);
		if (approva) {
			const start = Date.parse(r.nuovoInizio);
			const a = romeParts(start);
			const b = romeParts(start + r.durataMinuti * 60_000);
			const res = spostaIncontro(
				db,
				actor,
				r.incontroId,
				{ data: a.date, dalle: a.time, alle: b.time, salaId: null, motivo: r.motivo, confermaAvvisi: true },
				now
			);
			if (!res.ok) return res;
		}
		db.update(richiesteModifica)
			.set({ stato: approva ? 'approvata' : 'respinta', decisaDa: actor.id, decisaAt: new Date(now) })
			.where(eq(richiesteModifica.id, r.id))
			.run();
		appendAudit(db, {
			action: approva ? 'incontro.richiesta_approvata' : 'incontro.richiesta_respinta',
			organismoId: proc.organismoId,
			actorId: actor.id,
			entityType: 'incontro',
			entityId: r.incontroId,
			details: { richiestaId: r.id }
		});
		notify(db, [r.richiedenteId], {
			organismoId: proc.organismoId,
			titolo: `Richiesta di spostamento ${approva ? 'approvata' : 'respinta'} — procedimento n. ${proc.anno}/${proc.numero}`,
			link: `/procedimenti/${proc.id}/incontri`
		});
		return { ok: true, id: r.id, message: approva ? 'Richiesta approvata: incontro spostato.' : 'Richiesta respinta.', warnings: [] };
	});
}
