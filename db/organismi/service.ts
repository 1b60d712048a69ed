import { appendAudit } from '../audit/repo.ts';
import { writeTransaction, type Db } from '../client.ts';
import type { UserActor } from '../access/index.ts';
import { findMembership, joinOrganismo, setMembershipSedi } from '../auth/memberships.ts';
import { hashPassword } from '../auth/password.ts';
import { passwordProblem } from '../auth/password-policy.ts';
import { getUserById } from '../auth/users.ts';
import { checkAccountToken, consumeAccountToken, createAccountToken } from '../auth/tokens.ts';
import { newId } from '../shared/ids.ts';
import { ensureReferenceData } from './reference-data.ts';
import { organismi } from '../schema.ts';
import { ROLE_LABELS } from '../auth/labels.ts';
import { insertSede, listSediOf, slugTaken } from './repo.ts';
import type { Invito, NuovoOrganismo } from './schemas.ts';

/**
 * Onboarding use cases: the platform operator creates an Organismo with its first sede and first
 * amministratore (invited by a one-time link); the amministratore invites the others; an invited
 * person accepts by setting a password (or, with an account already, just by opening the link).
 */

export type Esito<T> =
	({ ok: true } & T) | { ok: false; code: 'invalid' | 'forbidden' | 'not_found' | 'conflict'; field?: string; message: string };

export interface Operatore {
	id: string;
	operatore: boolean;
}

export function createOrganismo(
	db: Db,
	operatore: Operatore,
	input: NuovoOrganismo
): Esito<{ organismoId: string; inviteToken: string; adminUserId: string }> {
	if (!operatore.operatore) return { ok: false, code: 'forbidden', message: "Solo l'operatore della piattaforma crea un organismo." };
	if (slugTaken(db, input.slug))
		return { ok: false, code: 'conflict', field: 'slug', message: 'Questo indirizzo breve è già usato da un altro organismo.' };
	const organismoId = newId();
	const result = writeTransaction(db, () => {
		db.insert(organismi)
			.values({
				id: organismoId,
				denominazione: input.denominazione,
				numeroRegistro: input.numeroRegistro,
				slug: input.slug,
				pec: input.pec || null
			})
			.run();
		insertSede(db, organismoId, input.sede);
		ensureReferenceData(db, organismoId);
		const admin = joinOrganismo(db, { ...input.amministratore, organismoId, role: 'amministratore' });
		const inviteToken = createAccountToken(db, {
			userId: admin.userId,
			membershipId: admin.membershipId,
			purpose: 'invito',
			createdBy: operatore.id
		});
		// The platform chain records the operator's action; the Organismo's own chain opens with its genesis event.
		appendAudit(db, {
			action: 'organismo.created',
			actorId: operatore.id,
			entityType: 'organismo',
			entityId: organismoId,
			details: { denominazione: input.denominazione, numeroRegistro: input.numeroRegistro, slug: input.slug }
		});
		appendAudit(db, {
			action: 'organismo.chain_opened',
			organismoId,
			actorId: operatore.id,
			details: { amministratore: input.amministratore.email }
		});
		return { organismoId, inviteToken, adminUserId: admin.userId };
	});
	return { ok: true, ...result };
}

/**
 * The amministratore invites a person with a role (and, for the segreteria, sedi). A person who
 * already has an account (another Organismo) gets a membership here and keeps their password.
 */
export function inviteMember(
	db: Db,
	actor: UserActor,
	input: Invito
): Esito<{ userId: string; inviteToken: string | null; newAccount: boolean }> {
	if (actor.role !== 'amministratore') return { ok: false, code: 'forbidden', message: 'Operazione riservata agli amministratori.' };
	const sedi = new Set(listSediOf(db, actor.organismoId).map((s) => s.id));
	if (input.sedeIds.some((id) => !sedi.has(id))) return { ok: false, code: 'invalid', field: 'sedeIds', message: 'Sede non valida.' };
	return writeTransaction(db, () => {
		const existing = joinOrganismo(db, { ...input, organismoId: actor.organismoId, sedeIds: [] });
		if (!existing.newMembership) {
			const m = findMembership(db, existing.userId, actor.organismoId);
			return {
				ok: false as const,
				code: 'conflict' as const,
				field: 'email',
				message: `Questa persona fa già parte dell'organismo (${ROLE_LABELS[m!.role]}).`
			};
		}
		if (input.role === 'segreteria' && input.sedeIds.length) setMembershipSedi(db, existing.membershipId, input.sedeIds);
		// A new account sets its password through the link; an existing one only confirms it.
		const inviteToken = createAccountToken(db, {
			userId: existing.userId,
			membershipId: existing.membershipId,
			purpose: 'invito',
			createdBy: actor.id
		});
		appendAudit(db, {
			action: 'user.invited',
			organismoId: actor.organismoId,
			actorId: actor.id,
			entityType: 'user',
			entityId: existing.userId,
			details: { email: input.email, role: input.role, sedeIds: input.sedeIds, newAccount: existing.newAccount }
		});
		return { ok: true as const, userId: existing.userId, inviteToken, newAccount: existing.newAccount };
	});
}

/** Accepts a one-time link: a new account sets its password; the link cannot be used again. */
export async function acceptInvitation(
	db: Db,
	token: string,
	password: string | null
): Promise<Esito<{ userId: string; membershipId: string | null; organismoId: string | null }>> {
	const check = checkAccountToken(db, token);
	if (!check.ok) return { ok: false, code: 'not_found', message: check.message };
	if (password) {
		const problem = await passwordProblem(password, getUserById(db, check.userId) ?? {});
		if (problem) return { ok: false, code: 'invalid', field: 'password', message: problem };
	}
	const passwordHash = password ? await hashPassword(password) : null;
	return writeTransaction(db, () => {
		if (!consumeAccountToken(db, check.tokenId, check.userId, passwordHash))
			return { ok: false as const, code: 'conflict' as const, message: 'Questo collegamento è già stato usato.' };
		appendAudit(db, {
			action: 'user.invitation_accepted',
			organismoId: check.organismoId,
			actorId: check.userId,
			entityType: 'user',
			entityId: check.userId,
			details: { passwordSet: Boolean(passwordHash) }
		});
		return { ok: true as const, userId: check.userId, membershipId: check.membershipId, organismoId: check.organismoId };
	});
}
