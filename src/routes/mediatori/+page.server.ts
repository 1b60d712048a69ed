import { ensureMediatori, listMaterie, listMediatori } from '#db/mediatori/registry.ts';
import { canEditRegistry, canViewRegistry } from '#db/access/index.ts';
import { getDb } from '$lib/server/db';
import { requireActor, requirePermission } from '$lib/server/auth';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = requireActor(event);
	requirePermission(canViewRegistry(actor), 'Il registro dei mediatori è riservato al personale dell’Organismo.');
	const db = getDb();
	ensureMediatori(db, actor.organismoId);
	const materie = listMaterie(db, actor.organismoId);
	return {
		mediatori: listMediatori(db, actor.organismoId),
		materie: materie.map((m) => ({ id: m.id, nome: m.nome })),
		canEdit: canEditRegistry(actor)
	};
};
