import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { writeTransaction } from '../client.ts';
import {
	canAskSostituzione,
	canConfigurePortale,
	canDecideSostituzione,
	canReportImparzialita,
	caseRoleOf,
	type CaseContext,
	type UserActor
} from '../access/index.ts';
import { appendAudit } from '../audit/repo.ts';
import { getMember, listActiveMembersByRole } from '../auth/memberships.ts';
import { getProcedimento } from '../procedimenti/repo.ts';
import { impostazioniPortale, persone, richiesteSostituzione, segnalazioniImparzialita, soggetti, users } from '../schema.ts';
import { newId } from '../shared/ids.ts';
import { conflict, forbidden, invalid, notFound, ok, type Outcome } from '../shared/outcome.ts';
import { romeIsoDate } from '../shared/time.ts';
import { avvisa, type AvvisiDeps } from './avvisi.ts';
import { ORGANO_PREDEFINITO, type Decisore } from './labels.ts';
import type { DecisioneInput, ImpostazioniPortaleInput, SegnalazioneInput, SostituzioneInput } from './schemas.ts';

/**
 * Requests and reports of the portals: a party's request to replace the mediator (art. 14 c.3
 * D.Lgs. 28/2010: the responsabile decides; when the mediator is the responsabile, the body the
 * Organismo's regolamento names, a setting) and the mediator's report of circumstances that may
 * affect impartiality (art. 14 c.2 b: to the responsabile and the parties). Audited and notified.
 */

export function impostazioni(db: Db, organismoId: string) {
	const row = db.select().from(impostazioniPortale).where(eq(impostazioniPortale.organismoId, organismoId)).get();
	return { organoSostituzione: row?.organoSostituzione ?? null, emailOrganoSostituzione: row?.emailOrganoSostituzione ?? null };
}

export function salvaImpostazioni(db: Db, actor: UserActor, input: ImpostazioniPortaleInput): Outcome {
	if (!canConfigurePortale(actor)) return forbidden('Solo l’amministratore configura i portali.');
	writeTransaction(db, () => {
		db.insert(impostazioniPortale)
			.values({ organismoId: actor.organismoId, ...input })
			.onConflictDoUpdate({ target: impostazioniPortale.organismoId, set: input })
			.run();
		appendAudit(db, {
			action: 'portale.impostazioni',
			organismoId: actor.organismoId,
			actorId: actor.id,
			entityType: 'organismo',
			entityId: actor.organismoId,
			details: { ...input }
		});
	});
	return ok();
}

const nome = (db: Db, userId: string) => {
	const u = db.select({ nome: users.nome, cognome: users.cognome }).from(users).where(eq(users.id, userId)).get();
	return u ? `${u.nome} ${u.cognome}`.trim() : '';
};
const numeroDi = (db: Db, procedimentoId: string) => {
	const p = getProcedimento(db, procedimentoId)!;
	return `${p.p.anno}/${p.p.numero}`;
};
const staff = (db: Db, organismoId: string) => [
	...listActiveMembersByRole(db, organismoId, 'responsabile').map((u) => u.id),
	...listActiveMembersByRole(db, organismoId, 'segreteria').map((u) => u.id)
];

/** Who decides: the responsabile, unless the mediator is the responsabile (then the regolamento's body). */
export function decisoreFor(db: Db, organismoId: string, mediatoreId: string): Decisore {
	return getMember(db, organismoId, mediatoreId)?.role === 'responsabile' ? 'organo' : 'responsabile';
}

export async function chiediSostituzione(deps: AvvisiDeps, actor: UserActor, ctx: CaseContext, input: SostituzioneInput, now = new Date()) {
	const { db } = deps;
	if (!canAskSostituzione(actor, ctx)) return forbidden('Solo le parti e i loro avvocati possono chiedere la sostituzione del mediatore.');
	if (!ctx.mediatorIds.includes(input.mediatoreId))
		return invalid('Il mediatore indicato non è il mediatore di questo procedimento.', 'mediatoreId');
	const pending = db
		.select({ id: richiesteSostituzione.id })
		.from(richiesteSostituzione)
		.where(
			and(
				eq(richiesteSostituzione.procedimentoId, ctx.procedimentoId),
				eq(richiesteSostituzione.mediatoreId, input.mediatoreId),
				eq(richiesteSostituzione.richiedenteId, actor.id),
				eq(richiesteSostituzione.stato, 'in_attesa')
			)
		)
		.get();
	if (pending) return conflict('Hai già una richiesta di sostituzione di questo mediatore in attesa di decisione.');
	const decisore = decisoreFor(db, ctx.organismoId, input.mediatoreId);
	const set = impostazioni(db, ctx.organismoId);
	const organo = decisore === 'organo' ? (set.organoSostituzione ?? ORGANO_PREDEFINITO) : null;
	const id = newId();
	writeTransaction(db, () => {
		db.insert(richiesteSostituzione)
			.values({
				id,
				organismoId: ctx.organismoId,
				procedimentoId: ctx.procedimentoId,
				mediatoreId: input.mediatoreId,
				richiedenteId: actor.id,
				motivo: input.motivo,
				decisore,
				organo,
				createdAt: now
			})
			.run();
		appendAudit(
			db,
			{
				action: 'sostituzione.richiesta',
				organismoId: ctx.organismoId,
				actorId: actor.id,
				entityType: 'procedimento',
				entityId: ctx.procedimentoId,
				details: { richiestaId: id, mediatoreId: input.mediatoreId, decisore, organo }
			},
			now
		);
	});
	const numero = numeroDi(db, ctx.procedimentoId);
	const chi = nome(db, actor.id);
	const mediatore = nome(db, input.mediatoreId);
	const decide =
		decisore === 'responsabile' ? 'il responsabile dell’Organismo' : `${organo} (il mediatore è il responsabile dell’Organismo)`;
	await avvisa(deps, {
		organismoId: ctx.organismoId,
		procedimentoId: ctx.procedimentoId,
		// The mediator concerned is told, but never decides.
		userIds: [...staff(db, ctx.organismoId), input.mediatoreId, actor.id],
		indirizzi: decisore === 'organo' && set.emailOrganoSostituzione ? [{ indirizzo: set.emailOrganoSostituzione, nome: organo! }] : [],
		titolo: `Richiesta di sostituzione del mediatore — n. ${numero}`,
		testo: `${chi} chiede la sostituzione del mediatore ${mediatore} nel procedimento n. ${numero} (art. 14 c.3 D.Lgs. 28/2010). Decide: ${decide}. Motivi: ${input.motivo}`,
		link: `/procedimenti/${ctx.procedimentoId}/richieste`,
		chiave: `sostituzione:${id}`,
		oggetto: `Procedimento di mediazione n. ${numero} — richiesta di sostituzione del mediatore`
	});
	return ok({ id, decisore, organo });
}

export async function decidiSostituzione(deps: AvvisiDeps, actor: UserActor, ctx: CaseContext, input: DecisioneInput, now = new Date()) {
	const { db } = deps;
	const r = db
		.select()
		.from(richiesteSostituzione)
		.where(and(eq(richiesteSostituzione.id, input.richiestaId), eq(richiesteSostituzione.procedimentoId, ctx.procedimentoId)))
		.get();
	if (!r) return notFound('Richiesta non trovata.');
	if (!canDecideSostituzione(actor, ctx, r))
		return forbidden(
			r.decisore === 'responsabile'
				? 'Decide il responsabile dell’Organismo.'
				: `Il mediatore è il responsabile: decide ${r.organo ?? ORGANO_PREDEFINITO}, la segreteria ne registra la decisione.`
		);
	if (r.stato !== 'in_attesa') return conflict('La richiesta è già stata decisa.');
	const decisoIl = romeIsoDate(now);
	const changed = writeTransaction(db, () => {
		const n = db
			.update(richiesteSostituzione)
			.set({ stato: input.esito, decisioneMotivazione: input.motivazione, decisoDa: actor.id, decisoIl })
			.where(and(eq(richiesteSostituzione.id, r.id), eq(richiesteSostituzione.stato, 'in_attesa')))
			.run().changes;
		if (n)
			appendAudit(
				db,
				{
					action: 'sostituzione.decisa',
					organismoId: ctx.organismoId,
					actorId: actor.id,
					entityType: 'procedimento',
					entityId: ctx.procedimentoId,
					details: { richiestaId: r.id, esito: input.esito, decisore: r.decisore }
				},
				now
			);
		return n;
	});
	if (!changed) return conflict('La richiesta è già stata decisa.');
	const numero = numeroDi(db, ctx.procedimentoId);
	await avvisa(deps, {
		organismoId: ctx.organismoId,
		procedimentoId: ctx.procedimentoId,
		userIds: [r.richiedenteId, r.mediatoreId, ...staff(db, ctx.organismoId)],
		titolo: `Sostituzione del mediatore ${input.esito} — n. ${numero}`,
		testo: `La richiesta di sostituzione del mediatore ${nome(db, r.mediatoreId)} nel procedimento n. ${numero} è stata ${input.esito}${r.decisore === 'organo' ? ` da ${r.organo}` : ' dal responsabile'}. Motivazione: ${input.motivazione}${input.esito === 'accolta' ? ' La segreteria procede alla designazione di un nuovo mediatore.' : ''}`,
		link: `/procedimenti/${ctx.procedimentoId}/richieste`,
		chiave: `sostituzione:${r.id}:decisa`,
		oggetto: `Procedimento di mediazione n. ${numero} — decisione sulla sostituzione del mediatore`
	});
	return ok();
}

/** The parties' and lawyers' addresses without an account (the report reaches them too). */
function partiSenzaAccount(db: Db, procedimentoId: string) {
	return db
		.select({ nome: persone.nome, cognome: persone.cognome, denominazione: persone.denominazione, pec: persone.pec, email: persone.email })
		.from(soggetti)
		.innerJoin(persone, eq(persone.id, soggetti.personaId))
		.where(
			and(
				eq(soggetti.procedimentoId, procedimentoId),
				inArray(soggetti.ruolo, ['parte', 'rappresentante', 'avvocato']),
				isNull(persone.userId)
			)
		)
		.all()
		.flatMap((p) => {
			const indirizzo = p.pec ?? p.email;
			return indirizzo ? [{ indirizzo, nome: p.denominazione ?? `${p.nome ?? ''} ${p.cognome ?? ''}`.trim() }] : [];
		});
}

export async function segnalaImparzialita(
	deps: AvvisiDeps,
	actor: UserActor,
	ctx: CaseContext,
	input: SegnalazioneInput,
	now = new Date()
) {
	const { db } = deps;
	if (!canReportImparzialita(actor, ctx)) return forbidden('Solo il mediatore del procedimento può fare questa segnalazione.');
	const id = newId();
	writeTransaction(db, () => {
		db.insert(segnalazioniImparzialita)
			.values({
				id,
				organismoId: ctx.organismoId,
				procedimentoId: ctx.procedimentoId,
				mediatoreId: actor.id,
				testo: input.testo,
				createdAt: now
			})
			.run();
		appendAudit(
			db,
			{
				action: 'imparzialita.segnalata',
				organismoId: ctx.organismoId,
				actorId: actor.id,
				entityType: 'procedimento',
				entityId: ctx.procedimentoId,
				details: { segnalazioneId: id }
			},
			now
		);
	});
	const numero = numeroDi(db, ctx.procedimentoId);
	const email = await avvisa(deps, {
		organismoId: ctx.organismoId,
		procedimentoId: ctx.procedimentoId,
		userIds: [...staff(db, ctx.organismoId), ...ctx.partyUserIds, ...ctx.lawyerUserIds],
		indirizzi: partiSenzaAccount(db, ctx.procedimentoId),
		titolo: `Segnalazione del mediatore sull’imparzialità — n. ${numero}`,
		testo: `Il mediatore ${nome(db, actor.id)} segnala, nel procedimento n. ${numero}, circostanze sopravvenute che possono incidere sulla sua imparzialità (art. 14 c.2 lett. b D.Lgs. 28/2010): ${input.testo}`,
		link: `/procedimenti/${ctx.procedimentoId}/richieste`,
		chiave: `imparzialita:${id}`,
		oggetto: `Procedimento di mediazione n. ${numero} — segnalazione del mediatore sull’imparzialità`
	});
	return ok({ id, email });
}

/** What the actor sees on the page: the reports (everyone of the page) and the requests (their own; staff and mediator all). */
export function listRichieste(db: Db, actor: UserActor, ctx: CaseContext) {
	const r = caseRoleOf(actor, ctx);
	const all = r === 'staff' || r === 'mediatore';
	const richieste = db
		.select()
		.from(richiesteSostituzione)
		.where(
			and(eq(richiesteSostituzione.procedimentoId, ctx.procedimentoId), all ? undefined : eq(richiesteSostituzione.richiedenteId, actor.id))
		)
		.orderBy(desc(richiesteSostituzione.createdAt))
		.all()
		.map((x) => ({
			...x,
			richiedente: nome(db, x.richiedenteId),
			mediatore: nome(db, x.mediatoreId),
			puoDecidere: x.stato === 'in_attesa' && canDecideSostituzione(actor, ctx, x)
		}));
	const segnalazioni = db
		.select()
		.from(segnalazioniImparzialita)
		.where(eq(segnalazioniImparzialita.procedimentoId, ctx.procedimentoId))
		.orderBy(desc(segnalazioniImparzialita.createdAt))
		.all()
		.map((x) => ({ ...x, mediatore: nome(db, x.mediatoreId) }));
	return { richieste, segnalazioni, mediatori: ctx.mediatorIds.map((id) => ({ id, nome: nome(db, id) })) };
}
