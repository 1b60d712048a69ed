import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { organismi, sedi } from '../organismi/schema.ts';
import { ROLES } from './labels.ts';

/**
 * One account per person: one e-mail, one password, one session at a time. What the person may do
 * in an Organismo is a membership (below); `operatore` marks a platform operator, who belongs to no
 * Organismo and sees platform health and usage, never case data.
 */
export const users = sqliteTable('users', {
	id: text('id').primaryKey(),
	email: text('email').notNull().unique(),
	nome: text('nome').notNull(),
	cognome: text('cognome').notNull(),
	/** Null until an invited person sets a password with the one-time link. */
	passwordHash: text('password_hash'),
	/** The whole account (every membership); an Organismo deactivates its membership instead. */
	active: integer('active', { mode: 'boolean' }).notNull().default(true),
	operatore: integer('operatore', { mode: 'boolean' }).notNull().default(false),
	createdAt: integer('created_at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(unixepoch('subsec') * 1000)`)
});

/** A person's place in one Organismo: role, state and (segreteria) sedi. One per person and Organismo. */
export const memberships = sqliteTable(
	'memberships',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		role: text('role', { enum: ROLES }).notNull(),
		active: integer('active', { mode: 'boolean' }).notNull().default(true),
		createdAt: integer('created_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch('subsec') * 1000)`)
	},
	(t) => [
		uniqueIndex('memberships_user_organismo_uq').on(t.userId, t.organismoId),
		index('memberships_organismo_idx').on(t.organismoId, t.role)
	]
);

/** Segreteria limited to some sedi: no rows means "all sedi of the Organismo". */
export const membershipSedi = sqliteTable(
	'membership_sedi',
	{
		membershipId: text('membership_id')
			.notNull()
			.references(() => memberships.id, { onDelete: 'cascade' }),
		sedeId: text('sede_id')
			.notNull()
			.references(() => sedi.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.membershipId, t.sedeId] })]
);

/**
 * One-time links (invitations, password set-up): only the SHA-256 of the token is stored; used once,
 * then `usedAt` is set. An invitation names the membership it activates.
 */
export const accountTokens = sqliteTable(
	'account_tokens',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		membershipId: text('membership_id').references(() => memberships.id, { onDelete: 'cascade' }),
		purpose: text('purpose', { enum: ['invito', 'password'] }).notNull(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		usedAt: integer('used_at', { mode: 'timestamp_ms' }),
		createdBy: text('created_by'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('account_tokens_user_idx').on(t.userId)]
);

/** Lucia-style sessions: the id is the SHA-256 (hex) of the random token; the token is never stored. */
export const sessions = sqliteTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** The Organismo the person is working in now (picked after login, switchable); null = not picked yet. */
		membershipId: text('membership_id').references(() => memberships.id, { onDelete: 'set null' }),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

/** Every login attempt, for per-IP and per-account rate limiting. */
export const loginAttempts = sqliteTable(
	'login_attempts',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		ip: text('ip').notNull(),
		email: text('email').notNull(),
		/** The Organismo whose login page was used (null = the deployment's): per-IP limits are counted per Organismo. */
		scope: text('scope'),
		success: integer('success', { mode: 'boolean' }).notNull(),
		at: integer('at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('login_attempts_ip_idx').on(t.ip, t.scope, t.at), index('login_attempts_email_idx').on(t.email, t.at)]
);
