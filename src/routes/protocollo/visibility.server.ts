import { canViewCase, type Actor } from '#db/access/index.ts';
import type { Db } from '#db/client.ts';
import { loadCaseContext } from '#db/procedimenti/context.ts';

/** Adds `procVisibile` to register rows: link the case only when the viewer may open it. */
export function withCaseVisibility<R extends { procedimentoId: string | null }>(
	db: Db,
	actor: Actor,
	rows: R[]
): (R & { procVisibile: boolean })[] {
	const seen = new Map<string, boolean>();
	const visible = (id: string) => {
		if (!seen.has(id)) {
			const ctx = loadCaseContext(db, id);
			seen.set(id, ctx !== null && canViewCase(actor, ctx));
		}
		return seen.get(id)!;
	};
	return rows.map((r) => ({ ...r, procVisibile: r.procedimentoId !== null && visible(r.procedimentoId) }));
}
