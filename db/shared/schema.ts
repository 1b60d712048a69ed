import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { organismi } from '../organismi/schema.ts';

/** Contatori: gap-free progressive numbers per Organismo, register and year (procedimenti, protocollo). */
export const contatori = sqliteTable(
	'contatori',
	{
		organismoId: text('organismo_id')
			.notNull()
			.references(() => organismi.id),
		registro: text('registro').notNull(),
		anno: integer('anno').notNull(),
		ultimo: integer('ultimo').notNull()
	},
	(t) => [primaryKey({ columns: [t.organismoId, t.registro, t.anno] })]
);
