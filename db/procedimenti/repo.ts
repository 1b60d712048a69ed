import { and, asc, eq, or, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { writeTransaction, type Db } from '../client.ts';
import { coversSede, type UserActor } from '../access/index.ts';
import { appendAudit } from '../audit/repo.ts';
import { newId } from '../shared/ids.ts';
import { nextNumber } from '../shared/numbering.ts';
import { canTransition, type Esito, type Stato } from './stato.ts';
import { STATO_LABELS } from './labels.ts';
import { centriInteresse, materie, memberships, persone, procedimenti, sedi, soggetti, users } from '../schema.ts';
import type { ParteInput, ProcedimentoInput } from './schemas.ts';
import { reindexProcedimento } from './search.ts';
import type { Outcome } from '../shared/outcome.ts';

export type CreateResult = Outcome<{ id: string; anno: number; numero: number; duplicate: boolean }>;

/** Finds a reusable person record (same CF, or same P.IVA, or same PEC for lawyers) or creates one. */
function upsertPersona(
	db: Db,
	organismoId: string,
	p: {
		tipo: 'fisica' | 'giuridica';
		nome?: string | null;
		cognome?: string | null;
		codiceFiscale?: string | null;
		partitaIva?: string | null;
		denominazione?: string | null;
		pec?: string | null;
		email?: string | null;
		[k: string]: unknown;
	},
	linkRole: 'parte' | 'avvocato'
): string {
	const keys = [
		p.codiceFiscale ? eq(persone.codiceFiscale, p.codiceFiscale) : undefined,
		p.partitaIva ? eq(persone.partitaIva, p.partitaIva) : undefined,
		linkRole === 'avvocato' && p.pec ? eq(persone.pec, p.pec) : undefined
	].filter((k) => k !== undefined);
	const existing = keys.length
		? db
				.select({ id: persone.id, userId: persone.userId })
				.from(persone)
				.where(and(eq(persone.organismoId, organismoId), or(...keys)))
				.get()
		: undefined;
	// People with an account (portals) are linked by e-mail or PEC to a user of the matching role.
	const contact = [p.email, p.pec].filter((x): x is string => Boolean(x));
	const account = contact.length
		? db
				.select({ id: users.id })
				.from(users)
				.innerJoin(memberships, eq(memberships.userId, users.id))
				.where(
					and(
						eq(memberships.organismoId, organismoId),
						eq(memberships.role, linkRole),
						or(...contact.map((c) => sql`lower(${users.email}) = ${c.toLowerCase()}`))
					)
				)
				.get()
		: undefined;
	if (existing) {
		if (!existing.userId && account) db.update(persone).set({ userId: account.id }).where(eq(persone.id, existing.id)).run();
		return existing.id;
	}
	const id = newId();
	db.insert(persone)
		.values({
			id,
			organismoId,
			tipo: p.tipo,
			nome: p.nome ?? null,
			cognome: p.cognome ?? null,
			codiceFiscale: p.codiceFiscale ?? null,
			dataNascita: (p.dataNascita as string | null) ?? null,
			residenza: (p.residenza as string | null) ?? null,
			denominazione: p.denominazione ?? null,
			partitaIva: p.partitaIva ?? null,
			sedeLegale: (p.sedeLegale as string | null) ?? null,
			legaleRappresentante: (p.legaleRappresentante as string | null) ?? null,
			email: p.email ?? null,
			pec: p.pec ?? null,
			telefono: (p.telefono as string | null) ?? null,
			codiceDestinatario: (p.codiceDestinatario as string | null) ?? null,
			foro: (p.foro as string | null) ?? null,
			userId: account?.id ?? null
		})
		.run();
	return id;
}

function addParte(db: Db, organismoId: string, procedimentoId: string, centroId: string, p: ParteInput, ordine: number) {
	const personaId = upsertPersona(db, organismoId, p, 'parte');
	db.insert(soggetti).values({ id: newId(), procedimentoId, centroId, personaId, ruolo: 'parte', ordine }).run();
	if (p.avvCognome) {
		const avvId = upsertPersona(
			db,
			organismoId,
			{
				tipo: 'fisica',
				nome: p.avvNome,
				cognome: p.avvCognome,
				codiceFiscale: p.avvCodiceFiscale,
				pec: p.avvPec,
				email: p.avvEmail,
				foro: p.avvForo
			},
			'avvocato'
		);
		db.insert(soggetti).values({ id: newId(), procedimentoId, centroId, personaId: avvId, ruolo: 'avvocato', ordine }).run();
	}
}

/**
 * Registers a new procedimento with its parties and lawyers, in one IMMEDIATE transaction: the
 * number `anno/numero` is progressive per Organismo and year, without gaps or duplicates. The same
 * form submission (richiestaId) twice returns the first case.
 */
export function createProcedimento(db: Db, actor: UserActor, input: ProcedimentoInput, now = new Date()): CreateResult {
	const dup = db
		.select({ id: procedimenti.id, anno: procedimenti.anno, numero: procedimenti.numero })
		.from(procedimenti)
		.where(and(eq(procedimenti.organismoId, actor.organismoId), eq(procedimenti.richiestaId, input.richiestaId)))
		.get();
	if (dup) return { ok: true, ...dup, duplicate: true };
	const sede = db.select().from(sedi).where(eq(sedi.id, input.sedeId)).get();
	if (!sede || sede.organismoId !== actor.organismoId) return { ok: false, code: 'invalid', field: 'sedeId', message: 'Sede non valida.' };
	if (!coversSede(actor, sede.id)) return { ok: false, code: 'forbidden', field: 'sedeId', message: 'Non operi presso questa sede.' };
	const materia = db.select().from(materie).where(eq(materie.id, input.materiaId)).get();
	if (!materia || materia.organismoId !== actor.organismoId || !materia.attiva)
		return { ok: false, code: 'invalid', field: 'materiaId', message: 'Materia non valida.' };
	if (input.tipologia === 'obbligatoria' && !materia.obbligatoria)
		return {
			ok: false,
			code: 'invalid',
			field: 'materiaId',
			message: `«${materia.nome}» non è tra le materie di mediazione obbligatoria (art. 5 c.1 D.Lgs. 28/2010): scegli un'altra tipologia.`
		};
	const anno = Number(input.dataDeposito.slice(0, 4));
	const id = newId();
	const numero = db.transaction(
		() => {
			const numero = nextNumber(db, actor.organismoId, 'procedimenti', anno);
			db.insert(procedimenti)
				.values({
					id,
					organismoId: actor.organismoId,
					sedeId: sede.id,
					anno,
					numero,
					codiceIstanza: randomUUID(),
					dataDeposito: input.dataDeposito,
					modalita: input.modalita,
					tipologia: input.tipologia,
					riferimentoGiudizio: input.riferimentoGiudizio,
					materiaId: materia.id,
					oggetto: input.oggetto,
					descrizione: input.descrizione,
					valoreTipo: input.valoreTipo,
					valoreCentesimi: input.valoreTipo === 'determinato' ? input.valore : null,
					richiestaId: input.richiestaId,
					createdBy: actor.id,
					createdAt: now,
					updatedAt: now
				})
				.run();
			// Centri di interesse: one per (ruolo, centro number) pair, in order of appearance.
			const centri = new Map<string, string>();
			input.parti.forEach((p, i) => {
				const key = `${p.ruolo}:${p.centro}`;
				let centroId = centri.get(key);
				if (!centroId) {
					centroId = newId();
					centri.set(key, centroId);
					db.insert(centriInteresse)
						.values({
							id: centroId,
							procedimentoId: id,
							ruolo: p.ruolo,
							ordine: centri.size,
							adesione: p.ruolo === 'invitata' ? 'in_attesa' : null,
							codiceAdesione: p.ruolo === 'invitata' ? newId(10) : null
						})
						.run();
				}
				addParte(db, actor.organismoId, id, centroId, p, i);
			});
			reindexProcedimento(db, id);
			appendAudit(db, {
				action: 'procedimento.created',
				organismoId: actor.organismoId,
				actorId: actor.id,
				entityType: 'procedimento',
				entityId: id,
				details: { numero: `${anno}/${numero}`, parti: input.parti.length }
			});
			return numero;
		},
		{ behavior: 'immediate' }
	);
	return { ok: true, id, anno, numero, duplicate: false };
}

export function getProcedimento(db: Db, id: string) {
	return db
		.select({
			p: procedimenti,
			materia: materie.nome,
			materiaObbligatoria: materie.obbligatoria,
			sede: sedi.nome
		})
		.from(procedimenti)
		.innerJoin(materie, eq(procedimenti.materiaId, materie.id))
		.innerJoin(sedi, eq(procedimenti.sedeId, sedi.id))
		.where(eq(procedimenti.id, id))
		.get();
}

export function listParti(db: Db, procedimentoId: string) {
	return db
		.select({
			soggettoId: soggetti.id,
			ruolo: soggetti.ruolo,
			centroId: soggetti.centroId,
			centroRuolo: centriInteresse.ruolo,
			centroOrdine: centriInteresse.ordine,
			adesione: centriInteresse.adesione,
			dataAdesione: centriInteresse.dataAdesione,
			dataInvioComunicazione: centriInteresse.dataInvioComunicazione,
			persona: persone
		})
		.from(soggetti)
		.innerJoin(persone, eq(soggetti.personaId, persone.id))
		.leftJoin(centriInteresse, eq(soggetti.centroId, centriInteresse.id))
		.where(eq(soggetti.procedimentoId, procedimentoId))
		.orderBy(asc(centriInteresse.ordine), asc(soggetti.ordine))
		.all();
}

export type TransitionResult = Outcome;

/** Moves a procedimento to another state if the state machine allows it; audited. */
export function changeStato(
	db: Db,
	actor: UserActor,
	id: string,
	to: Stato,
	opts: { esito?: Esito | null; esitoNote?: string | null; dataConclusione?: string | null } = {}
): TransitionResult {
	const cur = db
		.select({ stato: procedimenti.stato, organismoId: procedimenti.organismoId })
		.from(procedimenti)
		.where(eq(procedimenti.id, id))
		.get();
	if (!cur || cur.organismoId !== actor.organismoId) return { ok: false, code: 'not_found', message: 'Procedimento non trovato.' };
	if (!canTransition(cur.stato, to))
		return { ok: false, code: 'invalid', message: `Passaggio non consentito: da «${STATO_LABELS[cur.stato]}» a «${STATO_LABELS[to]}».` };
	if (to === 'conclusa' && !opts.esito) return { ok: false, code: 'invalid', message: "Per concludere il procedimento indica l'esito." };
	writeTransaction(db, () => {
		db.update(procedimenti)
			.set({
				stato: to,
				updatedAt: new Date(),
				...(to === 'conclusa'
					? {
							esito: opts.esito ?? null,
							esitoNote: opts.esitoNote ?? null,
							dataConclusione: opts.dataConclusione ?? new Date().toISOString().slice(0, 10)
						}
					: {})
			})
			.where(eq(procedimenti.id, id))
			.run();
		appendAudit(db, {
			action: 'procedimento.stato',
			organismoId: actor.organismoId,
			actorId: actor.id,
			entityType: 'procedimento',
			entityId: id,
			details: { da: cur.stato, a: to, esito: opts.esito ?? null }
		});
	});
	return { ok: true };
}

export type AdesioneUpdate =
	{ kind: 'comunicazione'; data: string } | { kind: 'risposta'; adesione: 'aderito' | 'rifiutato' | 'nessuna_risposta'; data: string };

/** Records the communication sent to an invited centro di interesse, or its answer. Audited. */
export function updateAdesione(db: Db, actor: UserActor, procedimentoId: string, centroId: string, u: AdesioneUpdate): TransitionResult {
	const centro = db.select().from(centriInteresse).where(eq(centriInteresse.id, centroId)).get();
	if (!centro || centro.procedimentoId !== procedimentoId)
		return { ok: false, code: 'not_found', message: 'Parte non trovata in questo procedimento.' };
	if (centro.ruolo !== 'invitata') return { ok: false, code: 'invalid', message: "L'adesione riguarda solo le parti invitate." };
	if (u.kind === 'risposta' && !centro.dataInvioComunicazione)
		return { ok: false, code: 'invalid', message: 'Registra prima la data di invio della comunicazione alla parte.' };
	if (u.kind === 'risposta' && centro.dataInvioComunicazione && u.data < centro.dataInvioComunicazione)
		return { ok: false, code: 'invalid', message: 'La data della risposta non può precedere quella della comunicazione.' };
	writeTransaction(db, () => {
		db.update(centriInteresse)
			.set(u.kind === 'comunicazione' ? { dataInvioComunicazione: u.data } : { adesione: u.adesione, dataAdesione: u.data })
			.where(eq(centriInteresse.id, centroId))
			.run();
		appendAudit(db, {
			action: u.kind === 'comunicazione' ? 'procedimento.comunicazione' : 'procedimento.adesione',
			organismoId: actor.organismoId,
			actorId: actor.id,
			entityType: 'procedimento',
			entityId: procedimentoId,
			details: { centroId, ...u }
		});
	});
	return { ok: true };
}
