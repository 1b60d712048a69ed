import { z } from 'zod';
import type { Db } from '../client.ts';
import { coversSede, isStaff, sedeScope, type UserActor } from '../access/index.ts';
import { ESITI, STATI, TIPOLOGIE } from './labels.ts';
import { ftsQuery } from './search.ts';
import { optionalParam, paramWithDefault } from '../shared/query.ts';
import { cachedUntilWrite, statement } from '../statements.ts';

const optional = optionalParam;
const withDefault = paramWithDefault;

/** Filters of the registry list (from the URL query: every value is validated). */
export const ListFilters = z.object({
	anno: optional(z.coerce.number().int().min(2000).max(2100)),
	stato: optional(z.enum(STATI)),
	esito: optional(z.enum(ESITI)),
	tipologia: optional(z.enum(TIPOLOGIE)),
	materiaId: optional(z.string().max(80)),
	mediatoreId: optional(z.string().max(80)),
	sedeId: optional(z.string().max(80)),
	dal: optional(z.iso.date()),
	al: optional(z.iso.date()),
	q: optional(z.string().trim().max(200)),
	sort: withDefault(z.enum(['numero', 'deposito', 'stato', 'oggetto']), 'numero'),
	dir: withDefault(z.enum(['asc', 'desc']), 'desc'),
	page: withDefault(z.coerce.number().int().min(1).max(100000), 1),
	pageSize: withDefault(z.coerce.number().int().min(10).max(200), 25)
});
export type ListFilters = z.infer<typeof ListFilters>;

export interface ListRow {
	id: string;
	anno: number;
	numero: number;
	dataDeposito: string;
	stato: (typeof STATI)[number];
	esito: (typeof ESITI)[number] | null;
	tipologia: (typeof TIPOLOGIE)[number];
	modalita: string;
	oggetto: string;
	materia: string;
	sede: string;
	mediatore: string | null;
	parti: string;
}

const ORDER: Record<ListFilters['sort'], string> = {
	numero: 'p.anno %d, p.numero %d',
	deposito: 'p.data_deposito %d, p.numero %d',
	stato: 'p.stato %d, p.anno DESC, p.numero DESC',
	oggetto: 'p.oggetto COLLATE NOCASE %d, p.numero DESC'
};

/**
 * Where-clause of what the actor may see: staff see their Organismo (segreteria: its sedi);
 * mediators their assigned cases; parties, lawyers, CTU the cases they take part in.
 */
function visibility(actor: UserActor): { sql: string; params: unknown[] } {
	if (isStaff(actor)) {
		const sedeIds = sedeScope(actor);
		if (sedeIds)
			return {
				sql: `p.organismo_id = ? AND p.sede_id IN (${sedeIds.map(() => '?').join(',')})`,
				params: [actor.organismoId, ...sedeIds]
			};
		return { sql: 'p.organismo_id = ?', params: [actor.organismoId] };
	}
	return {
		sql: `p.organismo_id = ? AND (
			EXISTS (SELECT 1 FROM assegnazioni a WHERE a.procedimento_id = p.id AND a.mediatore_id = ? AND a.stato IN ('proposta','accettata'))
			OR EXISTS (SELECT 1 FROM soggetti s JOIN persone pe ON pe.id = s.persona_id WHERE s.procedimento_id = p.id AND pe.user_id = ?))`,
		params: [actor.organismoId, actor.id, actor.id]
	};
}

/**
 * How a text search meets the registry order. 'matches': the FTS5 matches drive the join (CROSS
 * JOIN fixes the loop order in SQLite) and are sorted, right for a selective search (a CF, a
 * number, a rare surname). 'registry': the registry index is read in the requested order and each
 * case tested against the match set, stopping at the page, right when many cases match (measured
 * at 100,000 cases: "rossi", 1,232 matches, 1.9 -> 0.9 ms; "ferr mar", ~11,000, 25.6 -> 6.6 ms;
 * a number search, 11 matches, 0.4 ms driven by matches but 11 ms driven by the registry).
 */
export type SearchPlan = 'matches' | 'registry';

/** FROM + WHERE of a list query (see SearchPlan for the text search). */
function whereOf(
	actor: UserActor,
	f: ListFilters,
	plan: SearchPlan = 'matches'
): { from: string; where: string; params: unknown[] } | null {
	const v = visibility(actor);
	const parts = [v.sql];
	const params = [...v.params];
	const add = (cond: string, ...ps: unknown[]) => {
		parts.push(cond);
		params.push(...ps);
	};
	if (f.anno) add('p.anno = ?', f.anno);
	if (f.stato) add('p.stato = ?', f.stato);
	if (f.esito) add('p.esito = ?', f.esito);
	if (f.tipologia) add('p.tipologia = ?', f.tipologia);
	if (f.materiaId) add('p.materia_id = ?', f.materiaId);
	if (f.sedeId) add('p.sede_id = ?', f.sedeId);
	if (f.dal) add('p.data_deposito >= ?', f.dal);
	if (f.al) add('p.data_deposito <= ?', f.al);
	if (f.mediatoreId)
		add(
			`EXISTS (SELECT 1 FROM assegnazioni a WHERE a.procedimento_id = p.id AND a.mediatore_id = ? AND a.stato = 'accettata')`,
			f.mediatoreId
		);
	let from = 'procedimenti p';
	if (f.q) {
		const fts = ftsQuery(f.q);
		if (!fts) return null;
		if (plan === 'registry') {
			// "+" keeps SQLite from driving the loop by the rowid list.
			add('+p.rowid IN (SELECT rowid FROM procedimenti_fts WHERE procedimenti_fts MATCH ?)', fts);
		} else {
			from = 'procedimenti_fts CROSS JOIN procedimenti p ON p.rowid = procedimenti_fts.rowid';
			parts.unshift('procedimenti_fts MATCH ?');
			params.unshift(fts);
		}
	}
	return { from, where: parts.join(' AND '), params };
}

/** The row of the list, the parties' names and the accepted designated mediator included. */
const select = (
	from: string
) => `SELECT p.id, p.anno, p.numero, p.data_deposito AS dataDeposito, p.stato, p.esito, p.tipologia, p.modalita, p.oggetto,
	m.nome AS materia, s.nome AS sede,
	(SELECT group_concat(COALESCE(pe.denominazione, pe.cognome || ' ' || pe.nome), ', ' ORDER BY sg.ordine)
		FROM soggetti sg JOIN persone pe ON pe.id = sg.persona_id WHERE sg.procedimento_id = p.id AND sg.ruolo = 'parte') AS parti,
	(SELECT u.cognome || ' ' || u.nome FROM assegnazioni a JOIN users u ON u.id = a.mediatore_id
		WHERE a.procedimento_id = p.id AND a.stato = 'accettata' AND a.ruolo = 'designato' LIMIT 1) AS mediatore
	FROM ${from} JOIN materie m ON m.id = p.materia_id JOIN sedi s ON s.id = p.sede_id`;

const withParti = (r: Omit<ListRow, 'parti'> & { parti: string | null }): ListRow => ({ ...r, parti: r.parti ?? '' });

/** Counting stops here: beyond it the list says "più di 10.000" (an exact count costs a full scan). */
export const COUNT_CAP = 10_000;

/** Exact count (up to the cap), reused while nothing is written: paging through a result counts once. */
function countMatches(db: Db, from: string, where: string, params: unknown[]): number {
	const sql = `SELECT count(*) AS n FROM (SELECT 1 FROM ${from} WHERE ${where} LIMIT ${COUNT_CAP + 1})`;
	return cachedUntilWrite(
		db,
		`count\u0000${sql}\u0000${JSON.stringify(params)}`,
		() =>
			statement(db, sql)
				.pluck()
				.get(...params) as number
	);
}

/** One page of the registry as the actor may see it. `plan` forces a search plan (tests); by default it is chosen. */
export function listProcedimenti(
	db: Db,
	actor: UserActor,
	f: ListFilters,
	plan?: SearchPlan
): { rows: ListRow[]; total: number; capped: boolean } {
	const w = whereOf(actor, f);
	if (!w) return { rows: [], total: 0, capped: false };
	const dir = f.dir === 'asc' ? 'ASC' : 'DESC';
	const order = ORDER[f.sort].replaceAll('%d', dir);
	const counted = countMatches(db, w.from, w.where, w.params);
	const capped = counted > COUNT_CAP;
	const total = Math.min(counted, COUNT_CAP);
	const offset = (f.page - 1) * f.pageSize;
	// Many matches and a page near the top, in an order an index gives: read the registry in order.
	const byRegistry = plan ? plan === 'registry' : f.q && f.sort !== 'oggetto' && counted >= 1000 && (offset + f.pageSize) * 4 <= counted;
	const page = byRegistry ? (whereOf(actor, f, 'registry') ?? w) : w;
	// Two steps: sort only the keys of the matches and pick the page, then read the page's 25 rows
	// with their joins (a search with 1,232 matches: 2.6 -> 1.8 ms).
	const rows = statement(
		db,
		`${select(`(SELECT p.rowid AS r FROM ${page.from} WHERE ${page.where} ORDER BY ${order} LIMIT ? OFFSET ?) page CROSS JOIN procedimenti p ON p.rowid = page.r`)}
		ORDER BY ${order}`
	).all(...page.params, f.pageSize, offset) as (Omit<ListRow, 'parti'> & { parti: string | null })[];
	return { rows: rows.map(withParti), total, capped };
}

export interface ListFilterOptions {
	materie: { id: string; nome: string }[];
	sedi: { id: string; nome: string }[];
	mediatori: { id: string; nome: string; cognome: string }[];
}

/** Choices of the staff filter form: the Organismo's materie, sedi (a segreteria's own) and mediators. */
export function listFilterOptions(db: Db, actor: UserActor): ListFilterOptions {
	const all = cachedUntilWrite(db, `filter-options\u0000${actor.organismoId}`, () => ({
		materie: statement(db, 'SELECT id, nome FROM materie WHERE organismo_id = ? ORDER BY ordine').all(
			actor.organismoId
		) as ListFilterOptions['materie'],
		sedi: statement(db, 'SELECT id, nome FROM sedi WHERE organismo_id = ? ORDER BY nome').all(
			actor.organismoId
		) as ListFilterOptions['sedi'],
		mediatori: statement(
			db,
			'SELECT u.id, u.nome, u.cognome FROM mediatori m JOIN users u ON u.id = m.user_id WHERE m.organismo_id = ? ORDER BY u.cognome, u.nome'
		).all(actor.organismoId) as ListFilterOptions['mediatori']
	}));
	return { ...all, sedi: all.sedi.filter((s) => coversSede(actor, s.id)) };
}

/** Every matching row (for the CSV export), in pages so memory stays bounded. */
export function* iterateProcedimenti(db: Db, actor: UserActor, f: ListFilters, max = 200_000): Generator<ListRow> {
	const w = whereOf(actor, f);
	if (!w) return;
	const dir = f.dir === 'asc' ? 'ASC' : 'DESC';
	const order = ORDER[f.sort].replaceAll('%d', dir);
	const stmt = statement(db, `${select(w.from)} WHERE ${w.where} ORDER BY ${order} LIMIT ? OFFSET ?`);
	for (let offset = 0; offset < max; offset += 500) {
		const rows = stmt.all(...w.params, 500, offset) as (Omit<ListRow, 'parti'> & { parti: string | null })[];
		yield* rows.map(withParti);
		if (rows.length < 500) return;
	}
}
