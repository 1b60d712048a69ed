import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { organismi, sedi } from '../organismi/schema.ts';
import { ROLES } from './roles.ts';

export const users = sqliteTable(
	'users',
	{
		id: text('id').primaryKey(),
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		email: text('email').notNull().unique(),
		nome: text('nome').notNull(),
		cognome: text('cognome').notNull(),
		role: text('role', { enum: ROLES }).notNull(),
		passwordHash: text('password_hash').notNull(),
		active: integer('active', { mode: 'boolean' }).notNull().default(true),
		createdAt: integer('created_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch('subsec') * 1000)`)
	},
	(t) => [index('users_organismo_idx').on(t.organismoId)]
);

/** Segreteria limited to some sedi: no rows means "all sedi of the Organismo". */
export const userSedi = sqliteTable(
	'user_sedi',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		sedeId: text('sede_id')
			.notNull()
			.references(() => sedi.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.userId, t.sedeId] })]
);

/** Lucia-style sessions: the id is the SHA-256 (hex) of the random token; the token is never stored. */
export const sessions = sqliteTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
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
		success: integer('success', { mode: 'boolean' }).notNull(),
		at: integer('at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('login_attempts_ip_idx').on(t.ip, t.at), index('login_attempts_email_idx').on(t.email, t.at)]
);
