import { fail } from '@sveltejs/kit';
import { verifyAllAuditChains } from '#db/audit/repo.ts';
import { usageByOrganismo } from '#db/organismi/repo.ts';
import { NuovoOrganismo } from '#db/organismi/schemas.ts';
import { createOrganismo } from '#db/organismi/service.ts';
import { getDb } from '$lib/server/db';
import { liveSfuStats } from '$lib/server/live';
import { requireOperator } from '$lib/server/operator';
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

export const actions = {
	crea: async (event) => {
		const operatore = requireOperator(event);
		const fd = await event.request.formData();
		const raw = Object.fromEntries([...fd.entries()].filter((e): e is [string, string] => typeof e[1] === 'string'));
		const input = {
			denominazione: raw.denominazione,
			numeroRegistro: raw.numeroRegistro,
			slug: raw.slug,
			pec: raw.pec,
			sede: { nome: raw.sedeNome, indirizzo: raw.sedeIndirizzo, comune: raw.sedeComune, provincia: raw.sedeProvincia },
			amministratore: { email: raw.adminEmail, nome: raw.adminNome, cognome: raw.adminCognome }
		};
		const parsed = NuovoOrganismo.safeParse(input);
		if (!parsed.success) {
			const errors: Record<string, string> = {};
			for (const issue of parsed.error.issues) {
				const [a, b] = issue.path.map(String);
				const key =
					a === 'sede' ? `sede${b[0].toUpperCase()}${b.slice(1)}` : a === 'amministratore' ? `admin${b[0].toUpperCase()}${b.slice(1)}` : a;
				errors[key] ??= issue.message;
			}
			return fail(400, { errors, values: raw, link: null });
		}
		const r = createOrganismo(getDb(), operatore, parsed.data);
		if (!r.ok)
			return fail(r.code === 'forbidden' ? 403 : 400, { errors: { [r.field ?? 'denominazione']: r.message }, values: raw, link: null });
		return { errors: {}, values: {}, link: `${event.url.origin}/invito/${r.inviteToken}`, creato: parsed.data.denominazione };
	}
} satisfies Actions;
