import { eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { notify } from '../agenda/notifications.ts';
import { enqueueMessaggio } from '../comunicazioni/outbox.ts';
import { casellaPer } from '../comunicazioni/repo.ts';
import type { FileStore } from '../documents/storage.ts';
import { organismi, users } from '../schema.ts';
import { inArray } from 'drizzle-orm';

export interface AvvisiDeps {
	db: Db;
	store: FileStore;
	/** Public origin for links in e-mails (ORIGIN), else the path alone. */
	origin: string | null;
}

export interface Avviso {
	organismoId: string;
	procedimentoId: string;
	/** People with an account: a notice in the app and an e-mail to their account's address. */
	userIds: readonly string[];
	/** Addresses without an account (lawyers' PEC, the regolamento's body). */
	indirizzi?: ReadonlyArray<{ indirizzo: string; nome: string }>;
	titolo: string;
	testo: string;
	/** Path inside the app. */
	link: string;
	/** Deduplication: the same key never notifies or e-mails twice. */
	chiave: string;
	oggetto: string;
}

/**
 * Tells people about something that happened in a case: in the app, and by e-mail through the
 * outbox (the Organismo's e-mail account, else its PEC; none: the in-app notices only). Returns the
 * number of e-mails queued.
 */
export async function avvisa(deps: AvvisiDeps, a: Avviso): Promise<number> {
	const { db, store } = deps;
	const ids = [...new Set(a.userIds)];
	notify(db, ids, { organismoId: a.organismoId, titolo: a.titolo, testo: a.testo, link: a.link, chiave: a.chiave });
	const casella = casellaPer(db, a.organismoId, 'email') ?? casellaPer(db, a.organismoId, 'pec');
	if (!casella) return 0;
	const org = db.select({ d: organismi.denominazione }).from(organismi).where(eq(organismi.id, a.organismoId)).get();
	const to = new Map<string, string>();
	if (ids.length)
		for (const u of db
			.select({ email: users.email, nome: users.nome, cognome: users.cognome })
			.from(users)
			.where(inArray(users.id, ids))
			.all())
			to.set(u.email.toLowerCase(), `${u.nome} ${u.cognome}`.trim());
	for (const x of a.indirizzi ?? []) if (!to.has(x.indirizzo.toLowerCase())) to.set(x.indirizzo.toLowerCase(), x.nome);
	let queued = 0;
	for (const [indirizzo, nome] of to) {
		const m = await enqueueMessaggio(db, store, {
			casella,
			atto: 'altro',
			oggetto: a.oggetto,
			testo: `Gentile ${nome || 'utente'},\n\n${a.testo}\n\nPer i dettagli: ${deps.origin ?? ''}${a.link}\n\nDistinti saluti,\nla segreteria di ${org?.d ?? ''}`,
			destinatari: [{ indirizzo, nome }],
			procedimentoId: a.procedimentoId,
			richiestaId: `${a.chiave}:${indirizzo}`
		});
		if (!m.duplicate) queued++;
	}
	return queued;
}
