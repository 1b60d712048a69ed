import { eq } from 'drizzle-orm';
import { appendAudit } from '../audit/repo.ts';
import { writeTransaction, type Db } from '../client.ts';
import { newId } from '../shared/ids.ts';
import { users } from '../schema.ts';
import { findAccountByEmail } from './memberships.ts';
import { createAccountToken } from './tokens.ts';

/**
 * Platform operators: accounts outside any Organismo that create Organismi and watch the platform's
 * health and usage, never case data. Created only from the command line (`npm run operator`), and
 * by the demo seed when ACCORDO_SEED=demo.
 */
export function createOperator(
	db: Db,
	input: { email: string; nome?: string; cognome?: string; passwordHash?: string | null },
	opts: { linkTtlMs?: number } = {}
): { userId: string; created: boolean; setupToken: string | null } {
	const email = input.email.trim().toLowerCase();
	return writeTransaction(db, () => {
		const existing = findAccountByEmail(db, email);
		let userId: string;
		if (existing) {
			userId = existing.id;
			db.update(users)
				.set({ operatore: true, active: true, ...(input.passwordHash ? { passwordHash: input.passwordHash } : {}) })
				.where(eq(users.id, userId))
				.run();
		} else {
			userId = newId();
			db.insert(users)
				.values({
					id: userId,
					email,
					nome: input.nome ?? 'Operatore',
					cognome: input.cognome ?? 'Piattaforma',
					passwordHash: input.passwordHash ?? null,
					operatore: true
				})
				.run();
		}
		const hasPassword = Boolean(input.passwordHash ?? existing?.passwordHash);
		const setupToken = hasPassword
			? null
			: createAccountToken(db, { userId, purpose: 'password', ttlMs: opts.linkTtlMs ?? 24 * 3600 * 1000 });
		appendAudit(db, {
			action: 'operator.created',
			actorId: null,
			entityType: 'user',
			entityId: userId,
			details: { email, existing: Boolean(existing), via: 'cli' }
		});
		return { userId, created: !existing, setupToken };
	});
}

export function listOperators(db: Db) {
	return db.select({ id: users.id, email: users.email, active: users.active }).from(users).where(eq(users.operatore, true)).all();
}
