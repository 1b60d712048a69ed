import { canManageCase, canViewDocument, meetingPermissions, verbaleAccess } from '../../../../db/access.ts';
import { getProcedimento } from '../../../../db/procedimenti/repo.ts';
import { getDb } from '$lib/server/db';
import { requireCase } from '$lib/server/procedimento';
import { error } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = (event) => {
	const { actor, ctx, role } = requireCase(event);
	const row = getProcedimento(getDb(), event.params.id);
	if (!row) error(404, { message: 'Procedimento non trovato.' });
	const staff = canManageCase(actor, ctx);
	const full = role !== 'mediatore_proposto';
	const tabs = [
		{ href: '', label: 'Dati' },
		...(full ? [{ href: '/parti', label: 'Parti' }] : []),
		...(full && canViewDocument(actor, ctx, { riservato: false }) ? [{ href: '/documenti', label: 'Documenti' }] : []),
		...(full ? [{ href: '/incontri', label: 'Incontri' }] : []),
		...(staff || meetingPermissions(actor, ctx).join ? [{ href: '/stanza', label: 'Stanza online' }] : []),
		...(verbaleAccess(actor, ctx, { locked: false }) !== 'none' ? [{ href: '/verbale', label: 'Verbale' }] : []),
		...(staff ? [{ href: '/protocollo', label: 'Protocollo' }] : []),
		...(staff || role === 'mediatore' ? [{ href: '/indennita', label: 'Indennità' }] : []),
		...(staff ? [{ href: '/mediatore', label: 'Mediatore' }] : []),
		...(staff ? [{ href: '/storico', label: 'Storico' }] : [])
	];
	return {
		caso: {
			id: row.p.id,
			anno: row.p.anno,
			numero: row.p.numero,
			stato: row.p.stato,
			oggetto: row.p.oggetto,
			materia: row.materia,
			sede: row.sede
		},
		caseRole: role,
		tabs
	};
};
