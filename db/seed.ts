import { count } from 'drizzle-orm';
import type { Db } from './client.ts';
import { hashPassword } from './auth/password.ts';
import { appendAudit } from './audit.ts';
import { organismi, sedi, userSedi, users } from './schema/index.ts';
import type { Role } from './roles.ts';

/** Demo password of every demo account (printed at startup; change it from "Il mio account"). */
export const DEMO_PASSWORD = 'Accordo.Demo.2026';

export const DEMO_USERS: ReadonlyArray<{ id: string; email: string; nome: string; cognome: string; role: Role }> = [
	{ id: 'demo-admin', email: 'admin@demo.accordo.it', nome: 'Alessandra', cognome: 'Ferri', role: 'amministratore' },
	{ id: 'demo-responsabile', email: 'responsabile@demo.accordo.it', nome: 'Giorgio', cognome: 'Bellini', role: 'responsabile' },
	{ id: 'demo-segreteria', email: 'segreteria@demo.accordo.it', nome: 'Chiara', cognome: 'Russo', role: 'segreteria' },
	{ id: 'demo-mediatore', email: 'mediatore@demo.accordo.it', nome: 'Niccolò', cognome: 'Della Valle', role: 'mediatore' },
	{ id: 'demo-avvocato', email: 'avvocato@demo.accordo.it', nome: 'Francesca', cognome: "D'Angelo", role: 'avvocato' },
	{ id: 'demo-parte', email: 'parte@demo.accordo.it', nome: 'Mario', cognome: 'Esposito', role: 'parte' },
	{ id: 'demo-ctu', email: 'ctu@demo.accordo.it', nome: 'Lucia', cognome: 'Martini', role: 'ctu' }
];

export const DEMO_ORGANISMO_ID = 'demo-organismo';

/**
 * Seeds the demo Organismo (with its number in the Ministry's register), two sedi and one user per
 * role, only when the database has no Organismo yet. Returns whether it seeded.
 */
export async function seedDemoIfEmpty(db: Db): Promise<boolean> {
	const existing = db.select({ n: count() }).from(organismi).get()?.n ?? 0;
	if (existing > 0) return false;
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	db.transaction((tx) => {
		tx.insert(organismi)
			.values({
				id: DEMO_ORGANISMO_ID,
				denominazione: 'Organismo di Mediazione Accordo (demo)',
				numeroRegistro: '1234',
				codiceFiscale: '00000000000',
				pec: 'organismo.demo@pec.accordo.it'
			})
			.run();
		tx.insert(sedi)
			.values([
				{
					id: 'demo-sede-milano',
					organismoId: DEMO_ORGANISMO_ID,
					nome: 'Sede di Milano',
					indirizzo: 'Corso di Porta Vittoria 10',
					comune: 'Milano',
					provincia: 'MI'
				},
				{
					id: 'demo-sede-roma',
					organismoId: DEMO_ORGANISMO_ID,
					nome: 'Sede di Roma',
					indirizzo: 'Via Cola di Rienzo 28',
					comune: 'Roma',
					provincia: 'RM'
				}
			])
			.run();
		tx.insert(users)
			.values(DEMO_USERS.map((u) => ({ ...u, organismoId: DEMO_ORGANISMO_ID, passwordHash })))
			.run();
		// The demo segreteria works at the Milano sede only.
		tx.insert(userSedi).values({ userId: 'demo-segreteria', sedeId: 'demo-sede-milano' }).run();
	});
	appendAudit(db, { action: 'demo.seeded', organismoId: DEMO_ORGANISMO_ID, details: { users: DEMO_USERS.length } });
	return true;
}
