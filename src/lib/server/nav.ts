import {
	canConfigureOrganismo,
	canConfigurePortale,
	canApproveProfili,
	canEditOwnProfile,
	canEditModelli,
	canEditTrustStore,
	canManageCaselle,
	canManageSale,
	canManageUsers,
	canSeeAgendaInMenu,
	canSeeJobs,
	canSeeOrganismAgenda,
	canUsePostaInArrivo,
	canUseProtocollo,
	canViewAudit,
	canViewIncarichi,
	canViewRegistry,
	type Actor
} from '#db/access/index.ts';

export interface NavItem {
	href: string;
	label: string;
}

/** The main menu: only pages the actor may open, each decided by its named rule (db/access). Server-side. */
export function navFor(actor: Actor): NavItem[] {
	const items: NavItem[] = [
		{ href: '/dashboard', label: 'Cruscotto' },
		{ href: '/procedimenti', label: 'Procedimenti' }
	];
	if (canUseProtocollo(actor)) items.push({ href: '/protocollo', label: 'Protocollo' });
	if (canUsePostaInArrivo(actor)) items.push({ href: '/posta', label: 'Posta in arrivo' });
	if (canViewRegistry(actor)) items.push({ href: '/mediatori', label: 'Mediatori' });
	if (canViewIncarichi(actor)) items.push({ href: '/incarichi', label: 'Incarichi' });
	if (canSeeAgendaInMenu(actor)) items.push({ href: '/agenda', label: 'Agenda' });
	if (canSeeOrganismAgenda(actor)) items.push({ href: '/scadenze', label: 'Scadenze' });
	if (canManageSale(actor)) items.push({ href: '/sale', label: 'Sale e orari' });
	if (canManageUsers(actor)) items.push({ href: '/admin/utenti', label: 'Utenti' });
	if (canConfigureOrganismo(actor)) {
		items.push({ href: '/admin/sedi', label: 'Sedi' });
		items.push({ href: '/admin/materie', label: 'Materie' });
		items.push({ href: '/admin/tariffe', label: 'Tariffe' });
	}
	if (canConfigurePortale(actor)) items.push({ href: '/admin/portale', label: 'Portali' });
	if (canEditModelli(actor)) items.push({ href: '/admin/modelli', label: 'Modelli di verbale' });
	if (canManageCaselle(actor)) items.push({ href: '/admin/caselle', label: 'Caselle di posta' });
	if (canEditTrustStore(actor)) items.push({ href: '/admin/firma', label: 'Firma digitale' });
	if (canSeeJobs(actor)) items.push({ href: '/admin/operazioni', label: 'Operazioni' });
	if (canViewAudit(actor)) items.push({ href: '/admin/registro', label: 'Registro attività' });
	if (canApproveProfili(actor)) items.push({ href: '/portale/approvazioni', label: 'Dati da approvare' });
	if (canEditOwnProfile(actor)) items.push({ href: '/portale/dati', label: 'I miei dati' });
	items.push({ href: '/account', label: 'Il mio account' });
	return items;
}
