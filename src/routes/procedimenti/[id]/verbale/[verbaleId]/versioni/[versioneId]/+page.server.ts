import { error } from '@sveltejs/kit';
import { formatDataOraSecondi } from '#db/shared/time.ts';
import { verbaleAccess } from '#db/access/index.ts';
import { renderVerbaleHtml } from '#db/verbali/render-html.ts';
import { getVerbale, getVersione } from '#db/verbali/repo.ts';
import { getDb } from '$lib/server/db';
import { requireCase } from '$lib/server/procedimento';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { actor, ctx } = requireCase(event);
	const db = getDb();
	const verbale = getVerbale(db, event.params.id, event.params.verbaleId);
	if (!verbale || verbaleAccess(actor, ctx, { locked: verbale.locked }) === 'none') error(404, { message: 'Verbale non trovato.' });
	const v = getVersione(db, verbale.id, event.params.versioneId);
	if (!v) error(404, { message: 'Versione non trovata.' });
	return {
		verbale: { id: verbale.id, titolo: verbale.titolo },
		versione: { numero: v.numero, nome: v.nome, quando: formatDataOraSecondi(v.createdAt) },
		html: renderVerbaleHtml(JSON.parse(v.contenuto))
	};
};
