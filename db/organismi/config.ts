import { and, asc, count, eq, ne, sql } from 'drizzle-orm';
import { canConfigureOrganismo, type UserActor } from '../access/index.ts';
import { appendAudit } from '../audit/repo.ts';
import { writeTransaction, type Db } from '../client.ts';
import { materie, procedimenti, sale, sedi } from '../schema.ts';
import { newId } from '../shared/ids.ts';
import { conflict, forbidden, invalid, notFound, ok, type Outcome } from '../shared/outcome.ts';
import type { MateriaInput, SedeInput } from './schemas.ts';

/**
 * The amministratore's configuration of the Organismo: its sedi and materie. Every use case checks
 * the rule itself, finds rows only inside the actor's Organismo (another Organismo's id is "not
 * found", never changed) and writes an audit event in the same transaction.
 */

export type Esito = Outcome<{ message: string; id?: string }>;

const NOT_ALLOWED = "Solo l'amministratore configura sedi, materie e tariffe dell'organismo.";

function audit(db: Db, actor: UserActor, action: string, entityType: string, entityId: string, details: Record<string, unknown>) {
	appendAudit(db, { action, organismoId: actor.organismoId, actorId: actor.id, entityType, entityId, details });
}

/** The sedi with how many sale and cases each has (the page shows what depends on them). */
export function listSediConfig(db: Db, organismoId: string) {
	const saleN = new Map(
		db
			.select({ sedeId: sale.sedeId, n: count() })
			.from(sale)
			.where(eq(sale.organismoId, organismoId))
			.groupBy(sale.sedeId)
			.all()
			.map((r) => [r.sedeId, r.n])
	);
	const casi = new Map(
		db
			.select({ sedeId: procedimenti.sedeId, n: count() })
			.from(procedimenti)
			.where(eq(procedimenti.organismoId, organismoId))
			.groupBy(procedimenti.sedeId)
			.all()
			.map((r) => [r.sedeId, r.n])
	);
	return db
		.select()
		.from(sedi)
		.where(eq(sedi.organismoId, organismoId))
		.orderBy(sql`${sedi.nome} COLLATE NOCASE`)
		.all()
		.map((s) => ({ ...s, sale: saleN.get(s.id) ?? 0, procedimenti: casi.get(s.id) ?? 0 }));
}

function sedeNameTaken(db: Db, organismoId: string, nome: string, exceptId: string | null): boolean {
	const conds = [eq(sedi.organismoId, organismoId), sql`lower(${sedi.nome}) = ${nome.toLowerCase()}`];
	if (exceptId) conds.push(ne(sedi.id, exceptId));
	return Boolean(
		db
			.select({ id: sedi.id })
			.from(sedi)
			.where(and(...conds))
			.get()
	);
}

export function creaSede(db: Db, actor: UserActor, input: SedeInput): Esito {
	if (!canConfigureOrganismo(actor)) return forbidden(NOT_ALLOWED);
	return writeTransaction(db, () => {
		if (sedeNameTaken(db, actor.organismoId, input.nome, null)) return conflict(`C'è già una sede «${input.nome}».`, 'nome');
		const id = newId();
		db.insert(sedi)
			.values({ id, organismoId: actor.organismoId, ...input })
			.run();
		audit(db, actor, 'sede.creata', 'sede', id, { ...input });
		return ok({ id, message: `Sede «${input.nome}» aggiunta.` });
	});
}

export function modificaSede(db: Db, actor: UserActor, sedeId: string, input: SedeInput): Esito {
	if (!canConfigureOrganismo(actor)) return forbidden(NOT_ALLOWED);
	return writeTransaction(db, () => {
		const before = db
			.select()
			.from(sedi)
			.where(and(eq(sedi.id, sedeId), eq(sedi.organismoId, actor.organismoId)))
			.get();
		if (!before) return notFound('Sede non trovata.');
		if (sedeNameTaken(db, actor.organismoId, input.nome, sedeId)) return conflict(`C'è già una sede «${input.nome}».`, 'nome');
		const changed = (Object.keys(input) as (keyof SedeInput)[]).filter((k) => before[k] !== input[k]);
		if (!changed.length) return ok({ id: sedeId, message: 'Nessuna modifica.' });
		db.update(sedi).set(input).where(eq(sedi.id, sedeId)).run();
		audit(db, actor, 'sede.modificata', 'sede', sedeId, {
			da: Object.fromEntries(changed.map((k) => [k, before[k]])),
			a: Object.fromEntries(changed.map((k) => [k, input[k]]))
		});
		return ok({ id: sedeId, message: `Sede «${input.nome}» aggiornata.` });
	});
}

/** Every materia of the Organismo (active or not), in order, with how many cases use it. */
export function listMaterieConfig(db: Db, organismoId: string) {
	const casi = new Map(
		db
			.select({ materiaId: procedimenti.materiaId, n: count() })
			.from(procedimenti)
			.where(eq(procedimenti.organismoId, organismoId))
			.groupBy(procedimenti.materiaId)
			.all()
			.map((r) => [r.materiaId, r.n])
	);
	return db
		.select()
		.from(materie)
		.where(eq(materie.organismoId, organismoId))
		.orderBy(asc(materie.ordine), asc(materie.nome))
		.all()
		.map((m) => ({ ...m, procedimenti: casi.get(m.id) ?? 0 }));
}

function materiaNameTaken(db: Db, organismoId: string, nome: string, exceptId: string | null): boolean {
	const conds = [eq(materie.organismoId, organismoId), sql`lower(${materie.nome}) = ${nome.toLowerCase()}`];
	if (exceptId) conds.push(ne(materie.id, exceptId));
	return Boolean(
		db
			.select({ id: materie.id })
			.from(materie)
			.where(and(...conds))
			.get()
	);
}

export function creaMateria(db: Db, actor: UserActor, input: Pick<MateriaInput, 'nome' | 'obbligatoria'>): Esito {
	if (!canConfigureOrganismo(actor)) return forbidden(NOT_ALLOWED);
	return writeTransaction(db, () => {
		if (materiaNameTaken(db, actor.organismoId, input.nome, null)) return conflict(`C'è già una materia «${input.nome}».`, 'nome');
		const last =
			db
				.select({ max: sql<number | null>`max(${materie.ordine})` })
				.from(materie)
				.where(eq(materie.organismoId, actor.organismoId))
				.get()?.max ?? -1;
		const id = newId();
		db.insert(materie)
			.values({ id, organismoId: actor.organismoId, nome: input.nome, obbligatoria: input.obbligatoria, attiva: true, ordine: last + 1 })
			.run();
		audit(db, actor, 'materia.creata', 'materia', id, { nome: input.nome, obbligatoria: input.obbligatoria });
		return ok({ id, message: `Materia «${input.nome}» aggiunta.` });
	});
}

/**
 * Renames a materia, marks it as a condizione di procedibilità or not, and takes it out of use (or
 * back). A materia is never deleted: the cases filed under it keep it; one out of use is no longer
 * offered for new cases.
 */
export function modificaMateria(db: Db, actor: UserActor, materiaId: string, input: MateriaInput): Esito {
	if (!canConfigureOrganismo(actor)) return forbidden(NOT_ALLOWED);
	return writeTransaction(db, () => {
		const before = db
			.select()
			.from(materie)
			.where(and(eq(materie.id, materiaId), eq(materie.organismoId, actor.organismoId)))
			.get();
		if (!before) return notFound('Materia non trovata.');
		if (materiaNameTaken(db, actor.organismoId, input.nome, materiaId)) return conflict(`C'è già una materia «${input.nome}».`, 'nome');
		if (before.attiva && !input.attiva) {
			const attive =
				db
					.select({ n: count() })
					.from(materie)
					.where(and(eq(materie.organismoId, actor.organismoId), eq(materie.attiva, true)))
					.get()?.n ?? 0;
			if (attive <= 1) return invalid('Serve almeno una materia in uso: i nuovi procedimenti ne scelgono una.', 'attiva');
		}
		const changed = (['nome', 'obbligatoria', 'attiva'] as const).filter((k) => before[k] !== input[k]);
		if (!changed.length) return ok({ id: materiaId, message: 'Nessuna modifica.' });
		db.update(materie).set(input).where(eq(materie.id, materiaId)).run();
		audit(db, actor, 'materia.modificata', 'materia', materiaId, {
			da: Object.fromEntries(changed.map((k) => [k, before[k]])),
			a: Object.fromEntries(changed.map((k) => [k, input[k]]))
		});
		return ok({ id: materiaId, message: `Materia «${input.nome}» aggiornata.` });
	});
}

/** Moves a materia one place up or down in the list offered by the new-case form. */
export function spostaMateria(db: Db, actor: UserActor, materiaId: string, verso: 'su' | 'giu'): Esito {
	if (!canConfigureOrganismo(actor)) return forbidden(NOT_ALLOWED);
	return writeTransaction(db, () => {
		const list = db
			.select({ id: materie.id, nome: materie.nome })
			.from(materie)
			.where(eq(materie.organismoId, actor.organismoId))
			.orderBy(asc(materie.ordine), asc(materie.nome))
			.all();
		const i = list.findIndex((m) => m.id === materiaId);
		if (i < 0) return notFound('Materia non trovata.');
		const j = verso === 'su' ? i - 1 : i + 1;
		if (j < 0 || j >= list.length) return ok({ id: materiaId, message: 'Nessuna modifica.' });
		[list[i], list[j]] = [list[j], list[i]];
		// Renumber the whole list: older data may have equal positions.
		list.forEach((m, ordine) => db.update(materie).set({ ordine }).where(eq(materie.id, m.id)).run());
		audit(db, actor, 'materia.spostata', 'materia', materiaId, { nome: list[j].nome, posizione: j + 1 });
		return ok({ id: materiaId, message: `Materia «${list[j].nome}» spostata ${verso === 'su' ? 'in alto' : 'in basso'}.` });
	});
}
