import type { RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { canEditTrustStore } from '#db/access/index.ts';
import { FiduciarioRef, fileOf } from '#db/firma/schemas.ts';
import { elencoFiduciari, importaFiduciari, rimuoviFiduciario } from '#db/firma/service.ts';
import { invalid, ok } from '#db/shared/outcome.ts';
import { defineAction } from '$lib/server/action';
import { requireActor, requirePermission } from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import { remoteProvider } from '$lib/server/firma';
import type { Actions, PageServerLoad } from './$types';

const ONLY = 'Solo l’amministratore gestisce le autorità di certificazione fidate.';

function admin(event: Pick<RequestEvent, 'locals' | 'url'>) {
	const actor = requireActor(event);
	requirePermission(canEditTrustStore(actor), ONLY);
	return actor;
}

/** The Organismo's trust store: the CAs and TSAs signatures must chain to. */
export const load: PageServerLoad = (event) => {
	const actor = admin(event);
	return { fiduciari: elencoFiduciari(getDb(), actor.organismoId), remota: remoteProvider()?.nome ?? null };
};

export const actions = {
	importa: defineAction(
		z.object({}),
		async (_v, { guard, form }) => {
			const f = fileOf(form);
			if (!f.ok) return invalid(f.message, 'file');
			const r = importaFiduciari(getDb(), guard, f.file.name, new Uint8Array(await f.file.arrayBuffer()));
			if (!r.ok) return { ...r, field: 'file' };
			return {
				ok: true as const,
				message: `«${f.file.name}»: ${r.aggiunti === 1 ? 'aggiunto 1 certificato' : `aggiunti ${r.aggiunti} certificati`}${r.scartati ? `, ${r.scartati} scartati perché illeggibili` : ''}${r.aggiunti === 0 ? ' (erano già presenti)' : ''}.`
			};
		},
		{ form: 'importa', guard: admin }
	),
	rimuovi: defineAction(
		FiduciarioRef,
		(v, { guard }) => {
			const r = rimuoviFiduciario(getDb(), guard, v.id);
			return r.ok ? ok({ message: `Rimosso «${r.nome}» dalle autorità fidate.` }) : r;
		},
		{ form: 'rimuovi', guard: admin }
	)
} satisfies Actions;
