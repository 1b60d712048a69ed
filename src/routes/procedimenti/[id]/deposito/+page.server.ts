import { redirect } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { canDepositAtti } from '#db/access/index.ts';
import { formatMegabytes, maxUploadBytes } from '#db/documents/repo.ts';
import { ESTENSIONI_AMMESSE } from '#db/documents/mime.ts';
import { fileStoreFor } from '#db/documents/storage.ts';
import { depositaAtti, listDepositi, MAX_FILE_DEPOSITO } from '#db/portale/deposito.ts';
import { DepositoFields } from '#db/portale/schemas.ts';
import { formatDataOra } from '#db/shared/time.ts';
import { getDb } from '$lib/server/db';
import { defineAction } from '$lib/server/action';
import { requirePermission } from '$lib/server/auth';
import { requireCase } from '$lib/server/procedimento';
import type { Actions, PageServerLoad } from './$types';

/** Deposito atti: the people of the case file documents, registered in the protocollo in entrata with a receipt. */
export const load: PageServerLoad = (event) => {
	const { actor, ctx } = requireCase(event);
	requirePermission(
		canDepositAtti(actor, ctx),
		'Il deposito atti è per le parti, i loro avvocati, il CTU e il mediatore del procedimento.'
	);
	const db = getDb();
	return {
		richiestaId: randomUUID(),
		maxLabel: formatMegabytes(maxUploadBytes(db, ctx.organismoId)),
		maxFile: MAX_FILE_DEPOSITO,
		estensioni: ESTENSIONI_AMMESSE.join(', '),
		depositi: listDepositi(db, actor, ctx.procedimentoId).map((d) => ({ ...d, registratoIl: formatDataOra(d.registratoIl) }))
	};
};

const guard = (event: Parameters<typeof requireCase>[0]) => {
	const access = requireCase(event);
	requirePermission(canDepositAtti(access.actor, access.ctx), 'Non puoi depositare atti in questo procedimento.');
	return access;
};

export const actions = {
	default: defineAction(
		DepositoFields,
		async (v, { form, guard, event }) => {
			const files = await Promise.all(
				form
					.getAll('file')
					.filter((f): f is File => typeof f !== 'string' && (f.size > 0 || f.name !== ''))
					.map(async (f) => ({ nome: f.name, bytes: new Uint8Array(await f.arrayBuffer()) }))
			);
			const db = getDb();
			const r = await depositaAtti(db, fileStoreFor(db), guard.actor, guard.ctx, { ...v, files });
			if (!r.ok) return r;
			redirect(303, `/procedimenti/${event.params.id}/deposito/${r.protocolloId}`);
		},
		{ guard, invalidMessage: 'Controlla i campi evidenziati.' }
	)
} satisfies Actions;
