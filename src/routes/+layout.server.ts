import { listActiveMemberships } from '#db/auth/memberships.ts';
import { getDb } from '$lib/server/db';
import { navFor } from '$lib/server/nav';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	const u = locals.actor;
	const a = locals.account;
	// The header names the current Organismo and offers the switch when the person has several.
	const scelte = a ? listActiveMemberships(getDb(), a.id) : [];
	return {
		user: u ? { nome: u.nome, cognome: u.cognome, email: u.email, role: u.role } : null,
		nav: u ? navFor(u) : [],
		account: a ? { nome: a.nome, cognome: a.cognome, operatore: a.operatore } : null,
		organismo: u ? (scelte.find((m) => m.id === u.membershipId)?.denominazione ?? null) : null,
		puoCambiare: scelte.length > 1 || (a?.operatore ?? false)
	};
};
