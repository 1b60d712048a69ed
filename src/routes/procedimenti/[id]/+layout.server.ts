import {
	canAssignMediator,
	canDepositAtti,
	canViewRichieste,
	canManageCase,
	canManageCaseProtocollo,
	canViewCaseDetails,
	canViewFascicolo,
	canViewFees,
	canViewRoomPage,
	canViewVerbali
} from '#db/access/index.ts';
import { getProcedimento } from '#db/procedimenti/repo.ts';
import { getDb } from '$lib/server/db';
import { requireCase } from '$lib/server/procedimento';
import { error } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = (event) => {
	const { actor, ctx, role } = requireCase(event);
	const row = getProcedimento(getDb(), event.params.id);
	if (!row) error(404, { message: 'Procedimento non trovato.' });
	const staff = canManageCase(actor, ctx);
	const full = canViewCaseDetails(actor, ctx);
	const tabs = [
		{ href: '', label: 'Dati' },
		...(full ? [{ href: '/parti', label: 'Parti' }] : []),
		...(canViewFascicolo(actor, ctx) ? [{ href: '/documenti', label: 'Documenti' }] : []),
		...(canDepositAtti(actor, ctx) ? [{ href: '/deposito', label: 'Deposito atti' }] : []),
		...(full ? [{ href: '/incontri', label: 'Incontri' }] : []),
		...(canViewRoomPage(actor, ctx) ? [{ href: '/stanza', label: 'Stanza online' }] : []),
		...(canViewVerbali(actor, ctx) ? [{ href: '/verbale', label: 'Verbale' }] : []),
		...(canViewFascicolo(actor, ctx) ? [{ href: '/firma', label: 'Firma' }] : []),
		...(canManageCaseProtocollo(actor, ctx) ? [{ href: '/protocollo', label: 'Protocollo' }] : []),
		...(canViewFees(actor, ctx) ? [{ href: '/indennita', label: 'Indennità' }] : []),
		...(canAssignMediator(actor, ctx) ? [{ href: '/mediatore', label: 'Mediatore' }] : []),
		...(canViewRichieste(actor, ctx) ? [{ href: '/richieste', label: 'Richieste' }] : []),
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
