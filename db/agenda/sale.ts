import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { festivitaLocali, orariSede, sale, sedi } from '../schema.ts';
import { holidayLookup } from './holidays.ts';
import { orarioFromRows, type OrarioSettimanale } from './worktime.ts';

export interface SedeCalendario {
	sedeId: string;
	sedeNome: string;
	orario: OrarioSettimanale;
	festivo: (date: string) => string | undefined;
}

/** Opening hours (default Mon–Fri 09–19 when none configured) and holidays of a sede. */
export function sedeCalendario(db: Db, sedeId: string): SedeCalendario {
	const sede = db.select({ nome: sedi.nome }).from(sedi).where(eq(sedi.id, sedeId)).get();
	const rows = db.select().from(orariSede).where(eq(orariSede.sedeId, sedeId)).all();
	const locali = db.select().from(festivitaLocali).where(eq(festivitaLocali.sedeId, sedeId)).all();
	return { sedeId, sedeNome: sede?.nome ?? '', orario: orarioFromRows(rows), festivo: holidayLookup(locali) };
}

export function listSale(db: Db, organismoId: string, opts: { sedeId?: string; soloAttive?: boolean } = {}) {
	return db
		.select({
			id: sale.id,
			sedeId: sale.sedeId,
			sedeNome: sedi.nome,
			nome: sale.nome,
			capienza: sale.capienza,
			dotazioni: sale.dotazioni,
			attiva: sale.attiva
		})
		.from(sale)
		.innerJoin(sedi, eq(sale.sedeId, sedi.id))
		.where(
			and(
				eq(sale.organismoId, organismoId),
				opts.sedeId ? eq(sale.sedeId, opts.sedeId) : undefined,
				opts.soloAttive ? eq(sale.attiva, true) : undefined
			)
		)
		.orderBy(asc(sedi.nome), asc(sale.nome))
		.all();
}

export function getSala(db: Db, id: string) {
	return db.select().from(sale).where(eq(sale.id, id)).get() ?? null;
}

export function listOrari(db: Db, sedeId: string) {
	return db.select().from(orariSede).where(eq(orariSede.sedeId, sedeId)).orderBy(asc(orariSede.giorno), asc(orariSede.dalle)).all();
}

export function listFestivitaLocali(db: Db, sedeId: string) {
	return db.select().from(festivitaLocali).where(eq(festivitaLocali.sedeId, sedeId)).orderBy(asc(festivitaLocali.data)).all();
}

export function listSedi(db: Db, organismoId: string, sedeIds?: readonly string[] | null) {
	const all = db.select({ id: sedi.id, nome: sedi.nome }).from(sedi).where(eq(sedi.organismoId, organismoId)).orderBy(asc(sedi.nome)).all();
	return sedeIds && sedeIds.length ? all.filter((s) => sedeIds.includes(s.id)) : all;
}
