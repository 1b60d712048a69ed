import type { Role } from '../../db/auth/roles.ts';

export interface NavItem {
	href: string;
	label: string;
}

/** Role-aware navigation: only pages the role may open. */
export function navFor(role: Role): NavItem[] {
	const items: NavItem[] = [
		{ href: '/dashboard', label: 'Cruscotto' },
		{ href: '/procedimenti', label: 'Procedimenti' }
	];
	if (role === 'amministratore' || role === 'responsabile' || role === 'segreteria')
		items.push({ href: '/protocollo', label: 'Protocollo' });
	if (role === 'amministratore' || role === 'responsabile' || role === 'segreteria') items.push({ href: '/mediatori', label: 'Mediatori' });
	if (role === 'mediatore') items.push({ href: '/incarichi', label: 'Incarichi' });
	if (role === 'amministratore' || role === 'responsabile' || role === 'segreteria')
		items.push({ href: '/agenda', label: 'Agenda' }, { href: '/scadenze', label: 'Scadenze' }, { href: '/sale', label: 'Sale e orari' });
	if (role === 'mediatore') items.push({ href: '/agenda', label: 'Agenda' });
	if (role === 'amministratore') items.push({ href: '/admin/utenti', label: 'Utenti' });
	if (role === 'amministratore') items.push({ href: '/admin/modelli', label: 'Modelli di verbale' });
	if (role === 'amministratore' || role === 'responsabile') items.push({ href: '/admin/registro', label: 'Registro attività' });
	items.push({ href: '/account', label: 'Il mio account' });
	return items;
}
