import type { Role } from '../auth/labels.ts';
import type { INVITO_RUOLI } from '../rooms/labels.ts';

/**
 * Who acts: a user with an account (a role in one Organismo), or a guest admitted by a personal
 * link (a room invitation: one person, one procedimento, no account). Every rule of db/access/
 * takes an Actor; rules that need an account say so by taking a UserActor.
 */
export interface UserActor {
	kind: 'user';
	id: string;
	organismoId: string;
	role: Role;
	/** Segreteria limited to these sedi; null or empty = every sede of the Organismo. */
	sedeIds?: readonly string[] | null;
}

export type GuestRuolo = (typeof INVITO_RUOLI)[number];

/** A person admitted by a personal link (stanza_inviti row): valid for one procedimento only. */
export interface GuestActor {
	kind: 'guest';
	invitoId: string;
	stanzaId: string;
	procedimentoId: string;
	organismoId: string;
	/** The person of the case the link was made for, or null for an observer invited by name. */
	soggettoId: string | null;
	nome: string;
	ruolo: GuestRuolo;
}

export type Actor = UserActor | GuestActor;

/** A user as an Actor (pure); loadActor (db/access/load.ts) adds the sedi from the database. */
export function userActor<U extends { id: string; organismoId: string; role: Role }>(
	user: U,
	sedeIds: readonly string[] | null = null
): U & UserActor {
	return { ...user, kind: 'user', sedeIds };
}

export function isUser(actor: Actor): actor is UserActor {
	return actor.kind === 'user';
}

export function isGuest(actor: Actor): actor is GuestActor {
	return actor.kind === 'guest';
}

const STAFF: readonly Role[] = ['amministratore', 'responsabile', 'segreteria'];

/** Staff of the Organismo: they see its whole registry (segreteria possibly limited to some sedi). */
export function isStaff(actor: Actor): boolean {
	return actor.kind === 'user' && STAFF.includes(actor.role);
}

/** The amministratore or the responsabile: the Organismo's management. */
export function isManagement(actor: Actor): boolean {
	return actor.kind === 'user' && (actor.role === 'amministratore' || actor.role === 'responsabile');
}

/** A mediator's account (whatever their role in a given case). */
export function isMediatore(actor: Actor): boolean {
	return actor.kind === 'user' && actor.role === 'mediatore';
}

/** The segreteria works per sede: its rights may be limited to some sedi of the Organismo. */
export function worksPerSede(actor: Actor): boolean {
	return actor.kind === 'user' && actor.role === 'segreteria';
}

/** The sedi the actor is limited to, or null when they cover every sede of their Organismo. */
export function sedeScope(actor: Actor): readonly string[] | null {
	if (actor.kind !== 'user' || actor.role !== 'segreteria' || !actor.sedeIds?.length) return null;
	return actor.sedeIds;
}

/** Whether the actor's rights reach this sede (of their own Organismo). */
export function coversSede(actor: Actor, sedeId: string): boolean {
	const scope = sedeScope(actor);
	return scope === null || scope.includes(sedeId);
}
