import { z } from 'zod';
import { verifyAllAuditChains } from '#db/audit/repo.ts';
import { usageByOrganismo } from '#db/organismi/repo.ts';
import { NuovoOrganismo } from '#db/organismi/schemas.ts';
import { createOrganismo } from '#db/organismi/service.ts';
import { getDb } from '$lib/server/db';
import { liveSfuStats } from '$lib/server/live';
import { requireOperator } from '$lib/server/operator';
import { defineAction } from '$lib/server/action';
import { ok } from '#db/shared/outcome.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * The platform operator's console: health (database, audit chains, live SFU counters) and usage
 * counts per Organismo, never case data; and the creation of a new Organismo.
 */
export const load: PageServerLoad = (event) => {
	requireOperator(event);
	const db = getDb();
	const organismi = usageByOrganismo(db);
	const nomi = new Map(organismi.map((o) => [o.id, o.denominazione]));
	const catene = verifyAllAuditChains(db).map((c) => ({
		nome:
			c.chain === 'platform'
				? 'Piattaforma'
				: c.chain === 'legacy'
					? 'Eventi precedenti alle catene per organismo'
					: (nomi.get(c.chain) ?? c.chain),
		ok: c.verification.ok,
		eventi: c.verification.rows
	}));
	return { organismi, catene, sfu: liveSfuStats() };
};

/** The new Organismo form: flat fields (sedeNome, adminEmail...) read as the nested input of NuovoOrganismo. */
const NuovoOrganismoForm = z.preprocess((v) => {
	const raw = (v ?? {}) as Record<string, string | undefined>;
	return {
		denominazione: raw.denominazione,
		numeroRegistro: raw.numeroRegistro,
		slug: raw.slug,
		pec: raw.pec,
		sede: { nome: raw.sedeNome, indirizzo: raw.sedeIndirizzo, comune: raw.sedeComune, provincia: raw.sedeProvincia },
		amministratore: { email: raw.adminEmail, nome: raw.adminNome, cognome: raw.adminCognome }
	};
}, NuovoOrganismo);

/** zod issue path -> form field: ['sede', 'nome'] -> 'sedeNome', ['amministratore', 'email'] -> 'adminEmail'. */
function fieldOf(path: readonly PropertyKey[]): string {
	const [a, b] = path.map(String);
	const cap = (x: string) => `${x[0].toUpperCase()}${x.slice(1)}`;
	return a === 'sede' && b ? `sede${cap(b)}` : a === 'amministratore' && b ? `admin${cap(b)}` : (a ?? 'form');
}

export const actions = {
	crea: defineAction(
		NuovoOrganismoForm,
		(input, { event, guard: operatore }) => {
			const r = createOrganismo(getDb(), operatore, input);
			if (!r.ok) return { ...r, field: r.field ?? 'denominazione' };
			return ok({ link: `${event.url.origin}/invito/${r.inviteToken}`, creato: input.denominazione });
		},
		{ guard: requireOperator, fieldOf }
	)
} satisfies Actions;
