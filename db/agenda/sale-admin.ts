import { and, eq } from 'drizzle-orm';
import { coversSede, type UserActor } from '../access/index.ts';
import { appendAudit } from '../audit/repo.ts';
import { writeTransaction, type Db } from '../client.ts';
import { newId } from '../shared/ids.ts';
import { festivitaLocali, orariSede, sale, sedi } from '../schema.ts';
import type { Outcome } from '../shared/outcome.ts';

/** Staff edits of sale, opening hours and local holidays; every change audited. */

export type Risultato = Outcome<{ message: string }>;

/** The sede exists in the actor's Organismo and, for a limited segreteria, is one of theirs. */
export function sedeGestibile(db: Db, actor: UserActor, sedeId: string): boolean {
	const s = db.select({ organismoId: sedi.organismoId }).from(sedi).where(eq(sedi.id, sedeId)).get();
	if (!s || s.organismoId !== actor.organismoId) return false;
	return coversSede(actor, sedeId);
}

function audit(db: Db, actor: UserActor, action: string, entityId: string, details: Record<string, unknown>) {
	appendAudit(db, { action, organismoId: actor.organismoId, actorId: actor.id, entityType: 'sede', entityId, details });
}

export function creaSala(db: Db, actor: UserActor, v: { sedeId: string; nome: string; capienza: number; dotazioni: string }): Risultato {
	if (!sedeGestibile(db, actor, v.sedeId)) return { ok: false, code: 'not_found', field: 'sedeId', message: 'Sede non trovata.' };
	return writeTransaction(db, () => {
		const dup = db
			.select({ id: sale.id })
			.from(sale)
			.where(and(eq(sale.sedeId, v.sedeId), eq(sale.nome, v.nome)))
			.get();
		if (dup) return { ok: false, code: 'conflict', field: 'nome', message: `Nella sede c'è già una sala «${v.nome}».` };
		const id = newId();
		db.insert(sale)
			.values({ id, organismoId: actor.organismoId, ...v })
			.run();
		audit(db, actor, 'sala.creata', v.sedeId, { salaId: id, ...v });
		return { ok: true, message: `Sala «${v.nome}» aggiunta.` };
	});
}

export function impostaSalaAttiva(db: Db, actor: UserActor, salaId: string, attiva: boolean): Risultato {
	return writeTransaction(db, () => {
		const s = db.select().from(sale).where(eq(sale.id, salaId)).get();
		if (!s || !sedeGestibile(db, actor, s.sedeId)) return { ok: false, code: 'not_found', message: 'Sala non trovata.' };
		db.update(sale).set({ attiva }).where(eq(sale.id, salaId)).run();
		audit(db, actor, attiva ? 'sala.riattivata' : 'sala.disattivata', s.sedeId, { salaId });
		return { ok: true, message: `Sala «${s.nome}» ${attiva ? 'di nuovo in uso' : 'non più in uso'}.` };
	});
}

export function aggiungiOrario(db: Db, actor: UserActor, sedeId: string, v: { giorno: number; dalle: string; alle: string }): Risultato {
	if (!sedeGestibile(db, actor, sedeId)) return { ok: false, code: 'invalid', message: 'Sede non valida.' };
	return writeTransaction(db, () => {
		const same = db
			.select()
			.from(orariSede)
			.where(and(eq(orariSede.sedeId, sedeId), eq(orariSede.giorno, v.giorno)))
			.all();
		if (same.some((o) => o.dalle < v.alle && v.dalle < o.alle))
			return {
				ok: false,
				code: 'conflict',
				field: 'dalle',
				message: `L'orario ${v.dalle}–${v.alle} si sovrappone a un orario già inserito per quel giorno.`
			};
		db.insert(orariSede)
			.values({ id: newId(), sedeId, ...v })
			.run();
		audit(db, actor, 'sede.orario_aggiunto', sedeId, v);
		return { ok: true, message: 'Orario aggiunto.' };
	});
}

export function rimuoviOrario(db: Db, actor: UserActor, id: string): Risultato {
	return writeTransaction(db, () => {
		const o = db.select().from(orariSede).where(eq(orariSede.id, id)).get();
		if (!o || !sedeGestibile(db, actor, o.sedeId)) return { ok: false, code: 'not_found', message: 'Orario non trovato.' };
		db.delete(orariSede).where(eq(orariSede.id, id)).run();
		audit(db, actor, 'sede.orario_rimosso', o.sedeId, { giorno: o.giorno, dalle: o.dalle, alle: o.alle });
		return { ok: true, message: 'Orario rimosso.' };
	});
}

export function aggiungiFestivita(db: Db, actor: UserActor, sedeId: string, v: { data: string; descrizione: string }): Risultato {
	if (!sedeGestibile(db, actor, sedeId)) return { ok: false, code: 'invalid', message: 'Sede non valida.' };
	return writeTransaction(db, () => {
		const dup = db
			.select()
			.from(festivitaLocali)
			.where(and(eq(festivitaLocali.sedeId, sedeId), eq(festivitaLocali.data, v.data)))
			.get();
		if (dup)
			return {
				ok: false,
				code: 'conflict',
				field: 'data',
				message: `La data ${v.data} è già una festività della sede (${dup.descrizione}).`
			};
		db.insert(festivitaLocali)
			.values({ id: newId(), sedeId, ...v })
			.run();
		audit(db, actor, 'sede.festivita_aggiunta', sedeId, v);
		return { ok: true, message: `Festività «${v.descrizione}» aggiunta.` };
	});
}

export function rimuoviFestivita(db: Db, actor: UserActor, id: string): Risultato {
	return writeTransaction(db, () => {
		const f = db.select().from(festivitaLocali).where(eq(festivitaLocali.id, id)).get();
		if (!f || !sedeGestibile(db, actor, f.sedeId)) return { ok: false, code: 'not_found', message: 'Festività non trovata.' };
		db.delete(festivitaLocali).where(eq(festivitaLocali.id, id)).run();
		audit(db, actor, 'sede.festivita_rimossa', f.sedeId, { data: f.data, descrizione: f.descrizione });
		return { ok: true, message: 'Festività rimossa.' };
	});
}
