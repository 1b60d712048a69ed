import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { and, eq, isNull } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import type { Db } from '../client.ts';
import { sha256Hex } from '../shared/hash.ts';
import { accountTokens, memberships, users } from '../schema.ts';

/**
 * One-time links: invitations (an amministratore or the operator invites a person, who sets a
 * password) and password set-up links printed by the operator CLI. Only the SHA-256 of the random
 * 160-bit token is stored; a link works once, until it expires.
 */

export const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;
const TOKEN_SHAPE = /^[a-z2-7]{32}$/;

export function createAccountToken(
	db: Db,
	input: { userId: string; membershipId?: string | null; purpose: 'invito' | 'password'; createdBy?: string | null; ttlMs?: number },
	now = Date.now()
): string {
	const token = encodeBase32LowerCaseNoPadding(randomBytes(20));
	db.insert(accountTokens)
		.values({
			id: sha256Hex(token),
			userId: input.userId,
			membershipId: input.membershipId ?? null,
			purpose: input.purpose,
			createdBy: input.createdBy ?? null,
			expiresAt: new Date(now + (input.ttlMs ?? INVITE_TTL_MS)),
			createdAt: new Date(now)
		})
		.run();
	return token;
}

export type TokenCheck =
	| {
			ok: true;
			tokenId: string;
			userId: string;
			membershipId: string | null;
			email: string;
			nome: string;
			cognome: string;
			organismoId: string | null;
	  }
	| { ok: false; message: string };

/** Reads a one-time link without using it (the acceptance page shows who it is for). */
export function checkAccountToken(db: Db, token: string, now = Date.now()): TokenCheck {
	if (!TOKEN_SHAPE.test(token)) return { ok: false, message: 'Collegamento non valido.' };
	const row = db
		.select({
			id: accountTokens.id,
			userId: accountTokens.userId,
			membershipId: accountTokens.membershipId,
			usedAt: accountTokens.usedAt,
			expiresAt: accountTokens.expiresAt,
			email: users.email,
			nome: users.nome,
			cognome: users.cognome,
			organismoId: memberships.organismoId
		})
		.from(accountTokens)
		.innerJoin(users, eq(users.id, accountTokens.userId))
		.leftJoin(memberships, eq(memberships.id, accountTokens.membershipId))
		.where(eq(accountTokens.id, sha256Hex(token)))
		.get();
	if (!row) return { ok: false, message: 'Collegamento non valido.' };
	if (row.usedAt) return { ok: false, message: 'Questo collegamento è già stato usato.' };
	if (now >= row.expiresAt.getTime()) return { ok: false, message: 'Il collegamento è scaduto: chiedi un nuovo invito.' };
	return {
		ok: true,
		tokenId: row.id,
		userId: row.userId,
		membershipId: row.membershipId,
		email: row.email,
		nome: row.nome,
		cognome: row.cognome,
		organismoId: row.organismoId ?? null
	};
}

/**
 * Uses a one-time link: sets the password (when given) and marks the link used, only if nobody used
 * it meanwhile (the update is conditional). Run inside a write transaction.
 */
export function consumeAccountToken(db: Db, tokenId: string, userId: string, passwordHash: string | null, now = Date.now()): boolean {
	const used = db
		.update(accountTokens)
		.set({ usedAt: new Date(now) })
		.where(and(eq(accountTokens.id, tokenId), isNull(accountTokens.usedAt)))
		.run().changes;
	if (used !== 1) return false;
	if (passwordHash) db.update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
	return true;
}
