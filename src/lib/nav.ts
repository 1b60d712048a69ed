import type { Role } from '../../db/roles.ts';

export interface NavItem {
	href: string;
	label: string;
}

/** Role-aware navigation: only pages the role may open. */
export function navFor(role: Role): NavItem[] {
	const items: NavItem[] = [{ href: '/dashboard', label: 'Cruscotto' }];
	if (role === 'amministratore') items.push({ href: '/admin/utenti', label: 'Utenti' });
	if (role === 'amministratore' || role === 'responsabile') items.push({ href: '/admin/registro', label: 'Registro attività' });
	items.push({ href: '/account', label: 'Il mio account' });
	return items;
}
