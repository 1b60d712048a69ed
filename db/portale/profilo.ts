import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { writeTransaction } from '../client.ts';
import { canApproveProfili, canEditOwnProfile, hasProfessionalProfile, type UserActor } from '../access/index.ts';
import { notify } from '../agenda/notifications.ts';
import { appendAudit } from '../audit/repo.ts';
import { listActiveMembersByRole } from '../auth/memberships.ts';
import { materie, modificheProfilo, profili, users } from '../schema.ts';
import { newId } from '../shared/ids.ts';
import { conflict, forbidden, invalid, notFound, ok, type Outcome } from '../shared/outcome.ts';
import type { ContattiInput, DecisioneModificaInput, ProfessionaleInput } from './schemas.ts';

/**
 * Area riservata: a person's own data in the Organismo they work in. Contacts and billing data take
 * effect at once (audited); a mediator's professional data (languages, materie, training hours,
 * other organismi — at most five) are a proposal the segreteria approves or rejects, shown as
 * pending meanwhile. One pending proposal per person: a new one replaces it.
 */

export interface Professionale {
	lingue: string | null;
	altriOrganismi: string[];
	oreFormazione: number;
	materie: string[];
}

const parse = (s: string | null | undefined): Professionale | null => (s ? (JSON.parse(s) as Professionale) : null);

export function getProfilo(db: Db, actor: UserActor) {
	const row = db
		.select()
		.from(profili)
		.where(and(eq(profili.organismoId, actor.organismoId), eq(profili.userId, actor.id)))
		.get();
	const pending = db
		.select()
		.from(modificheProfilo)
		.where(and(eq(modificheProfilo.organismoId, actor.organismoId), eq(modificheProfilo.userId, actor.id)))
		.orderBy(desc(modificheProfilo.createdAt))
		.limit(1)
		.get();
	return {
		contatti: {
			telefono: row?.telefono ?? null,
			pec: row?.pec ?? null,
			indirizzo: row?.indirizzo ?? null,
			codiceFiscale: row?.codiceFiscale ?? null,
			partitaIva: row?.partitaIva ?? null,
			codiceDestinatario: row?.codiceDestinatario ?? null,
			pecFatturazione: row?.pecFatturazione ?? null
		},
		professionale: parse(row?.professionale),
		ultimaModifica: pending ? { id: pending.id, stato: pending.stato, dati: parse(pending.dati)!, motivo: pending.motivo } : null,
		materie: db
			.select({ id: materie.id, nome: materie.nome })
			.from(materie)
			.where(and(eq(materie.organismoId, actor.organismoId), eq(materie.attiva, true)))
			.orderBy(asc(materie.ordine), asc(materie.nome))
			.all()
	};
}

function upsert(db: Db, organismoId: string, userId: string, set: Partial<typeof profili.$inferInsert>) {
	db.insert(profili)
		.values({ organismoId, userId, ...set, updatedAt: new Date() })
		.onConflictDoUpdate({ target: [profili.organismoId, profili.userId], set: { ...set, updatedAt: new Date() } })
		.run();
}

export function salvaContatti(db: Db, actor: UserActor, input: ContattiInput): Outcome {
	if (!canEditOwnProfile(actor)) return forbidden('Accedi per modificare i tuoi dati.');
	writeTransaction(db, () => {
		upsert(db, actor.organismoId, actor.id, input);
		appendAudit(db, {
			action: 'profilo.contatti',
			organismoId: actor.organismoId,
			actorId: actor.id,
			entityType: 'utente',
			entityId: actor.id,
			details: { campi: Object.keys(input) }
		});
	});
	return ok();
}

export function proponiProfessionale(db: Db, actor: UserActor, input: ProfessionaleInput): Outcome<{ id: string }> {
	if (!hasProfessionalProfile(actor)) return forbidden('I dati professionali sono dei mediatori.');
	const valid = input.materie.length
		? db
				.select({ id: materie.id })
				.from(materie)
				.where(and(eq(materie.organismoId, actor.organismoId), inArray(materie.id, input.materie)))
				.all().length
		: 0;
	if (valid !== new Set(input.materie).size) return invalid('Una delle materie indicate non è dell’Organismo.', 'materie');
	const id = newId();
	writeTransaction(db, () => {
		db.delete(modificheProfilo)
			.where(
				and(
					eq(modificheProfilo.organismoId, actor.organismoId),
					eq(modificheProfilo.userId, actor.id),
					eq(modificheProfilo.stato, 'in_attesa')
				)
			)
			.run();
		db.insert(modificheProfilo)
			.values({
				id,
				organismoId: actor.organismoId,
				userId: actor.id,
				dati: JSON.stringify({ ...input, materie: [...new Set(input.materie)] })
			})
			.run();
		appendAudit(db, {
			action: 'profilo.modifica_proposta',
			organismoId: actor.organismoId,
			actorId: actor.id,
			entityType: 'utente',
			entityId: actor.id,
			details: { modificaId: id }
		});
	});
	notify(
		db,
		listActiveMembersByRole(db, actor.organismoId, 'segreteria').map((u) => u.id),
		{
			organismoId: actor.organismoId,
			titolo: 'Dati di un mediatore da approvare',
			link: '/portale/approvazioni',
			chiave: `profilo:${id}`
		}
	);
	return ok({ id });
}

export function listModificheInAttesa(db: Db, actor: UserActor) {
	if (!canApproveProfili(actor)) return [];
	return db
		.select({
			id: modificheProfilo.id,
			dati: modificheProfilo.dati,
			createdAt: modificheProfilo.createdAt,
			nome: users.nome,
			cognome: users.cognome,
			userId: users.id
		})
		.from(modificheProfilo)
		.innerJoin(users, eq(users.id, modificheProfilo.userId))
		.where(and(eq(modificheProfilo.organismoId, actor.organismoId), eq(modificheProfilo.stato, 'in_attesa')))
		.orderBy(asc(modificheProfilo.createdAt))
		.all()
		.map((m) => ({ ...m, dati: parse(m.dati)! }));
}

export function decidiModifica(db: Db, actor: UserActor, input: DecisioneModificaInput): Outcome {
	if (!canApproveProfili(actor)) return forbidden('Solo la segreteria approva le modifiche dei dati.');
	const m = db
		.select()
		.from(modificheProfilo)
		.where(and(eq(modificheProfilo.id, input.modificaId), eq(modificheProfilo.organismoId, actor.organismoId)))
		.get();
	if (!m) return notFound('Modifica non trovata.');
	if (m.stato !== 'in_attesa') return conflict('La modifica è già stata decisa.');
	if (m.userId === actor.id) return forbidden('Non puoi approvare una modifica dei tuoi stessi dati.');
	writeTransaction(db, () => {
		db.update(modificheProfilo)
			.set({ stato: input.esito, motivo: input.motivo, decisoDa: actor.id, decisoIl: new Date() })
			.where(eq(modificheProfilo.id, m.id))
			.run();
		if (input.esito === 'approvata') upsert(db, actor.organismoId, m.userId, { professionale: m.dati });
		appendAudit(db, {
			action: 'profilo.modifica_decisa',
			organismoId: actor.organismoId,
			actorId: actor.id,
			entityType: 'utente',
			entityId: m.userId,
			details: { modificaId: m.id, esito: input.esito }
		});
	});
	notify(db, [m.userId], {
		organismoId: actor.organismoId,
		titolo:
			input.esito === 'approvata'
				? 'I tuoi dati professionali sono stati approvati'
				: 'La modifica dei tuoi dati professionali è stata respinta',
		testo: input.motivo ?? '',
		link: '/portale/dati',
		chiave: `profilo:${m.id}:decisa`
	});
	return ok();
}

/** The names of the Organismo's materie, by id (for showing a proposal). */
export function nomiMaterie(db: Db, organismoId: string): Map<string, string> {
	return new Map(
		db
			.select({ id: materie.id, nome: materie.nome })
			.from(materie)
			.where(eq(materie.organismoId, organismoId))
			.all()
			.map((m) => [m.id, m.nome])
	);
}
