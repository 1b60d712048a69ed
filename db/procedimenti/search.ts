import { eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { persone, procedimenti, soggetti } from '../schema.ts';

/**
 * Rebuilds the full-text row of one procedimento (number, people, CF/P.IVA, oggetto). Safe inside
 * a db.transaction callback: better-sqlite3 runs every statement of the connection in it.
 */
export function reindexProcedimento(db: Db, procedimentoId: string): void {
	const p = db
		.select({ anno: procedimenti.anno, numero: procedimenti.numero, oggetto: procedimenti.oggetto })
		.from(procedimenti)
		.where(eq(procedimenti.id, procedimentoId))
		.get();
	const client = db.$client;
	client.prepare('DELETE FROM procedimenti_fts WHERE procedimento_id = ?').run(procedimentoId);
	if (!p) return;
	const people = db
		.select({
			nome: persone.nome,
			cognome: persone.cognome,
			denominazione: persone.denominazione,
			cf: persone.codiceFiscale,
			piva: persone.partitaIva
		})
		.from(soggetti)
		.innerJoin(persone, eq(soggetti.personaId, persone.id))
		.where(eq(soggetti.procedimentoId, procedimentoId))
		.all();
	const parti = people.map((x) => [x.nome, x.cognome, x.denominazione].filter(Boolean).join(' ')).join(' ; ');
	const codici = people.flatMap((x) => [x.cf, x.piva].filter(Boolean)).join(' ');
	// rowid = the procedimento's rowid, so searches join on an integer key (see migration 0009).
	client
		.prepare(
			'INSERT INTO procedimenti_fts (rowid, procedimento_id, numero, parti, codici, oggetto) VALUES ((SELECT rowid FROM procedimenti WHERE id = ?), ?, ?, ?, ?, ?)'
		)
		.run(procedimentoId, procedimentoId, `${p.anno}/${p.numero} ${p.numero}/${p.anno} ${p.numero}`, parti, codici, p.oggetto);
}

/**
 * Turns what a user typed into a safe FTS5 query: every word becomes a quoted prefix term, all
 * required ("rossi mar" finds "Mario Rossi"). "2026/15" matches the case number. Returns null
 * when nothing searchable is left.
 */
export function ftsQuery(input: string): string | null {
	const terms = input
		.normalize('NFKC')
		// Control characters too: FTS5 ends a string at NUL ("unterminated string", a 500).
		.split(/[\p{Cc}\s,;:()"'*^+\-/\\]+/u)
		.map((t) => t.trim())
		.filter((t) => t.length > 0)
		.slice(0, 8);
	if (terms.length === 0) return null;
	return terms.map((t) => `"${t.replace(/"/g, '""')}"*`).join(' AND ');
}

/**
 * The FTS rowids mirror the procedimenti rowids. SQLite's VACUUM may renumber the rowids of a
 * table without an INTEGER PRIMARY KEY, so at startup any mismatch triggers a full rebuild.
 * Returns the number of rows reindexed (0 when the index is consistent).
 */
export function ensureSearchIndex(db: Db): number {
	const c = db.$client;
	const stale = c
		.prepare(
			`SELECT (SELECT count(*) FROM procedimenti_fts f LEFT JOIN procedimenti p ON p.rowid = f.rowid AND p.id = f.procedimento_id WHERE p.id IS NULL)
			      + (SELECT count(*) FROM procedimenti) - (SELECT count(*) FROM procedimenti_fts) AS n`
		)
		.get() as { n: number };
	if (stale.n === 0) return 0;
	const ids = c.prepare('SELECT id FROM procedimenti').pluck().all() as string[];
	c.transaction(() => {
		c.exec('DELETE FROM procedimenti_fts');
		for (const id of ids) reindexProcedimento(db, id);
	})();
	return ids.length;
}
