import { and, desc, eq, isNull } from 'drizzle-orm';
import { writeTransaction, type Db } from '../client.ts';
import { appendAudit } from '../audit/repo.ts';
import { newId } from '../shared/ids.ts';
import { persone, procedimenti, soggetti, stanzaInviti, stanze } from '../schema.ts';
import type { GuestActor } from '../access/index.ts';
import { INVITO_RUOLI } from './labels.ts';
import { guestLinkKey, guestLinkVerificationKey, legacyGuestLinkSecret } from './secret.ts';
import { signGuestToken, verifyGuestToken } from './guest-token.ts';
import type { Outcome } from '../shared/outcome.ts';

export type InvitoRuolo = (typeof INVITO_RUOLI)[number];

export const GUEST_LINK_MESSAGES = {
	invalid: 'Il link di accesso alla stanza non è valido. Chiedi alla segreteria un nuovo link.',
	expired: 'Il link di accesso alla stanza è scaduto. Chiedi alla segreteria un nuovo link.',
	revoked: 'Il link di accesso è stato revocato dalla segreteria. Chiedi un nuovo link.',
	roomExpired: 'La stanza online di questo procedimento è scaduta: non è più possibile accedervi.'
} as const;

/** A person admitted by a guest link (no account): the guest actor of the access rules. */
export type GuestIdentity = GuestActor;

export type GuestCheck = Outcome<{ guest: GuestIdentity }>;

function displayName(p: { nome: string | null; cognome: string | null; denominazione: string | null }): string {
	return p.denominazione?.trim() || [p.nome, p.cognome].filter(Boolean).join(' ').trim() || 'Partecipante';
}

export interface InvitoInput {
	procedimentoId: string;
	/** A person of the case, or null with nome + ruolo for an observer invited by name. */
	soggettoId: string | null;
	nome?: string;
	ruolo?: InvitoRuolo;
	/** Default: the expiry of the stanza. */
	expiresAt?: Date;
}

export type CreateInvitoResult = Outcome<{ id: string; token: string }>;

/** Creates a personal link; audited. The caller has checked canManageCase. */
export function createInvito(db: Db, actor: { id: string; organismoId: string }, input: InvitoInput, now = new Date()): CreateInvitoResult {
	const secret = guestLinkKey(db, caseOrganismo(db, input.procedimentoId) ?? actor.organismoId);
	return writeTransaction(db, () => {
		const stanza = db.select().from(stanze).where(eq(stanze.procedimentoId, input.procedimentoId)).get();
		if (!stanza) return { ok: false, code: 'invalid', message: 'La stanza online di questo procedimento non è ancora stata creata.' };
		if (stanza.expiresAt.getTime() <= now.getTime()) return { ok: false, code: 'invalid', message: GUEST_LINK_MESSAGES.roomExpired };
		let nome: string;
		let ruolo: InvitoRuolo;
		if (input.soggettoId) {
			const s = db
				.select({ ruolo: soggetti.ruolo, persona: persone })
				.from(soggetti)
				.innerJoin(persone, eq(soggetti.personaId, persone.id))
				.where(and(eq(soggetti.id, input.soggettoId), eq(soggetti.procedimentoId, input.procedimentoId)))
				.get();
			if (!s) return { ok: false, code: 'not_found', message: 'La persona indicata non partecipa a questo procedimento.' };
			nome = displayName(s.persona);
			ruolo = s.ruolo;
		} else {
			nome = input.nome?.trim() ?? '';
			ruolo = input.ruolo ?? 'uditore';
			if (nome.length < 2) return { ok: false, code: 'invalid', message: 'Indica il nome della persona da invitare.' };
		}
		const expiresAt = input.expiresAt ?? stanza.expiresAt;
		const id = newId();
		db.insert(stanzaInviti)
			.values({ id, stanzaId: stanza.id, soggettoId: input.soggettoId, nome, ruolo, createdBy: actor.id, createdAt: now, expiresAt })
			.run();
		appendAudit(db, {
			action: 'stanza.invito.creato',
			organismoId: actor.organismoId,
			actorId: actor.id,
			entityType: 'procedimento',
			entityId: input.procedimentoId,
			details: { invitoId: id, nome, ruolo, scadenza: expiresAt.toISOString() }
		});
		return { ok: true, id, token: signGuestToken(secret, { i: id, s: stanza.id, e: expiresAt.getTime() }) };
	});
}

/** Active and past invitations of the case's stanza, newest first, with their link tokens. */
export function listInviti(db: Db, procedimentoId: string) {
	const organismoId = caseOrganismo(db, procedimentoId);
	if (!organismoId) return [];
	const secret = guestLinkKey(db, organismoId);
	const rows = db
		.select({ invito: stanzaInviti })
		.from(stanzaInviti)
		.innerJoin(stanze, eq(stanzaInviti.stanzaId, stanze.id))
		.where(eq(stanze.procedimentoId, procedimentoId))
		.orderBy(desc(stanzaInviti.createdAt))
		.all();
	return rows.map(({ invito }) => ({
		...invito,
		token: signGuestToken(secret, { i: invito.id, s: invito.stanzaId, e: invito.expiresAt.getTime() })
	}));
}

export function revokeInvito(db: Db, actor: { id: string; organismoId: string }, procedimentoId: string, invitoId: string): boolean {
	return writeTransaction(db, () => {
		const row = db
			.select({ id: stanzaInviti.id })
			.from(stanzaInviti)
			.innerJoin(stanze, eq(stanzaInviti.stanzaId, stanze.id))
			.where(and(eq(stanzaInviti.id, invitoId), eq(stanze.procedimentoId, procedimentoId), isNull(stanzaInviti.revokedAt)))
			.get();
		if (!row) return false;
		db.update(stanzaInviti).set({ revokedAt: new Date() }).where(eq(stanzaInviti.id, invitoId)).run();
		appendAudit(db, {
			action: 'stanza.invito.revocato',
			organismoId: actor.organismoId,
			actorId: actor.id,
			entityType: 'procedimento',
			entityId: procedimentoId,
			details: { invitoId }
		});
		return true;
	});
}

function caseOrganismo(db: Db, procedimentoId: string): string | null {
	return db.select({ o: procedimenti.organismoId }).from(procedimenti).where(eq(procedimenti.id, procedimentoId)).get()?.o ?? null;
}

/**
 * Checks a guest link token: signature with the key it names (which must belong to the invitation's
 * Organismo: one Organismo's key never admits to another's room), expiry, revocation, stanza open.
 */
export function resolveGuestToken(db: Db, token: unknown, now = new Date()): GuestCheck {
	const signer: { organismoId: string | null } = { organismoId: null };
	const check = verifyGuestToken(
		(kid) => {
			if (kid === null) return legacyGuestLinkSecret(db);
			const k = guestLinkVerificationKey(db, kid);
			signer.organismoId = k?.organismoId ?? null;
			return k?.key ?? null;
		},
		token,
		now.getTime()
	);
	if (!check.ok)
		return { ok: false, code: 'invalid', message: check.reason === 'expired' ? GUEST_LINK_MESSAGES.expired : GUEST_LINK_MESSAGES.invalid };
	const row = db
		.select({ invito: stanzaInviti, stanza: stanze, organismoId: procedimenti.organismoId })
		.from(stanzaInviti)
		.innerJoin(stanze, eq(stanzaInviti.stanzaId, stanze.id))
		.innerJoin(procedimenti, eq(stanze.procedimentoId, procedimenti.id))
		.where(and(eq(stanzaInviti.id, check.payload.i), eq(stanzaInviti.stanzaId, check.payload.s)))
		.get();
	if (!row) return { ok: false, code: 'invalid', message: GUEST_LINK_MESSAGES.invalid };
	if (check.kid !== null && signer.organismoId !== row.organismoId)
		return { ok: false, code: 'invalid', message: GUEST_LINK_MESSAGES.invalid };
	if (row.invito.revokedAt) return { ok: false, code: 'invalid', message: GUEST_LINK_MESSAGES.revoked };
	if (row.invito.expiresAt.getTime() <= now.getTime()) return { ok: false, code: 'invalid', message: GUEST_LINK_MESSAGES.expired };
	if (row.stanza.expiresAt.getTime() <= now.getTime()) return { ok: false, code: 'invalid', message: GUEST_LINK_MESSAGES.roomExpired };
	return {
		ok: true,
		guest: {
			kind: 'guest',
			invitoId: row.invito.id,
			stanzaId: row.stanza.id,
			procedimentoId: row.stanza.procedimentoId,
			organismoId: row.organismoId,
			soggettoId: row.invito.soggettoId,
			nome: row.invito.nome,
			ruolo: row.invito.ruolo
		}
	};
}
