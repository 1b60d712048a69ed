import { readFile } from 'node:fs/promises';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { writeTransaction, type Db } from '../client.ts';
import { canManageCaselle, canManageCase, isStaff, type UserActor as Actor } from '../access/index.ts';
import { appendAudit } from '../audit/repo.ts';
import type { FileStore } from '../documents/storage.ts';
import { addDocument } from '../documents/repo.ts';
import { newId } from '../shared/ids.ts';
import { findProcedimentoByNumero, registraProtocollo } from '../protocollo/repo.ts';
import { formatDataOra, formatGiorno } from '../shared/time.ts';
import { loadCaseContext } from '../procedimenti/context.ts';
import { getProcedimento } from '../procedimenti/repo.ts';
import { centriInteresse, incontri, organismi, persone, protocollo, soggetti } from '../schema.ts';
import { describeTransportError } from './errors.ts';
import { CANALE_LABELS } from './labels.ts';
import { composeEml, enqueueMessaggio, imapConfig, readerOf, smtpConfig, transportOf, type MailDeps } from './outbox.ts';
import { casellaPer, getArrivo, getCasella, template } from './repo.ts';
import { ensureCodiciAdesione } from '../adesioni/repo.ts';
import { casellePosta, postaArrivo } from './schema.ts';
import type { CasellaInput, InvioInput } from './schemas.ts';
import { encryptSecret, MISSING_KEY_MESSAGE } from './secret.ts';
import { DEFAULT_TEMPLATES, fillTemplate } from './templates.ts';
import { failure, type Failure, type Outcome, type OutcomeCode } from '../shared/outcome.ts';

/** Use cases of the comunicazioni module that span repos: accounts, test message, sending a case's communication. */

export type { Outcome };

const fail = (code: OutcomeCode, message: string, field?: string): Failure => failure(code, message, field ? { field } : {});

export { canManageCaselle };

/**
 * Creates or updates a sender account; the password is encrypted with the configuration's key
 * (ACCORDO_CREDENTIALS_KEY; null when it is not set) and kept when left empty.
 */
export function saveCasella(db: Db, actor: Actor, input: CasellaInput, key: Buffer | null): Outcome<{ id: string }> {
	if (!canManageCaselle(actor)) return fail('forbidden', "Solo l'amministratore e il responsabile configurano le caselle di posta.");
	// Saving an address the Organismo already has updates that account (a corrected password, port…).
	const existing = input.id
		? getCasella(db, input.id)
		: db
				.select()
				.from(casellePosta)
				.where(
					and(
						eq(casellePosta.organismoId, actor.organismoId),
						eq(casellePosta.canale, input.canale),
						eq(casellePosta.indirizzo, input.indirizzo)
					)
				)
				.get();
	if (input.id && (!existing || existing.organismoId !== actor.organismoId)) return fail('not_found', 'Casella non trovata.');
	if (!existing && !input.password) return fail('invalid', 'Indica la password della casella.', 'password');
	if (input.canale === 'pec' && !input.imapHost)
		return fail('invalid', 'Per una casella PEC indica il server IMAP: serve a leggere le ricevute.', 'imapHost');
	if (!key) return fail('invalid', MISSING_KEY_MESSAGE, 'password');
	const id = existing?.id ?? newId();
	const values = {
		canale: input.canale,
		nome: input.nome,
		indirizzo: input.indirizzo,
		smtpHost: input.smtpHost,
		smtpPort: input.smtpPort,
		smtpSicurezza: input.smtpSicurezza,
		imapHost: input.imapHost ?? null,
		imapPort: input.imapHost ? (input.imapPort ?? null) : null,
		imapSicurezza: input.imapHost ? (input.imapSicurezza ?? null) : null,
		utente: input.utente,
		gestoriFidati: input.gestoriFidati ?? '',
		attiva: input.attiva,
		...(input.password ? { passwordCifrata: encryptSecret(input.password, key, id) } : {})
	};
	writeTransaction(db, () => {
		if (existing) db.update(casellePosta).set(values).where(eq(casellePosta.id, id)).run();
		else
			db.insert(casellePosta)
				.values({ id, organismoId: actor.organismoId, passwordCifrata: '', ...values })
				.run();
		appendAudit(db, {
			action: existing ? 'casella.modificata' : 'casella.creata',
			organismoId: actor.organismoId,
			actorId: actor.id,
			entityType: 'casella',
			entityId: id,
			details: {
				canale: input.canale,
				indirizzo: input.indirizzo,
				smtp: `${input.smtpHost}:${input.smtpPort}`,
				password: input.password ? 'cambiata' : 'invariata'
			}
		});
	});
	return { ok: true, id };
}

/**
 * "Invia messaggio di prova": connects and authenticates (SMTP, and IMAP for PEC), then sends a short
 * message to the account itself, synchronously, and says in Italian what went wrong.
 */
export async function testCasella(db: Db, actor: Actor, id: string, deps: Omit<MailDeps, 'store'>): Promise<Outcome<{ message: string }>> {
	if (!canManageCaselle(actor)) return fail('forbidden', "Solo l'amministratore e il responsabile configurano le caselle di posta.");
	const c = getCasella(db, id);
	if (!c || c.organismoId !== actor.organismoId) return fail('not_found', 'Casella non trovata.');
	const smtpName = `${c.smtpHost}:${c.smtpPort}`;
	let cfg;
	try {
		cfg = smtpConfig(c, deps.key);
	} catch (err) {
		return fail('invalid', (err as Error).message);
	}
	const t = transportOf(deps as MailDeps)(cfg);
	try {
		await t.verify();
		const org = db.select({ d: organismi.denominazione }).from(organismi).where(eq(organismi.id, c.organismoId)).get();
		const tpl = DEFAULT_TEMPLATES.prova;
		const values = { casella: c.indirizzo, organismo: org?.d ?? '' };
		const raw = await composeEml({
			from: { name: c.nome, address: c.indirizzo },
			to: [{ name: c.nome, address: c.indirizzo }],
			subject: fillTemplate(tpl.oggetto, values),
			text: fillTemplate(tpl.testo, values),
			messageId: `<prova-${newId()}@${c.indirizzo.split('@')[1] ?? 'accordo.invalid'}>`,
			date: new Date()
		});
		await t.send(raw, { from: c.indirizzo, to: [c.indirizzo] });
	} catch (err) {
		return fail('invalid', describeTransportError(err, smtpName).message);
	} finally {
		t.close();
	}
	const imap = imapConfig(c, deps.key);
	if (imap) {
		try {
			await readerOf(deps as MailDeps)(imap).fetchNew({ uidValidity: c.imapUidValidity, lastUid: Number.MAX_SAFE_INTEGER - 1 }, 1);
		} catch (err) {
			return fail(
				'invalid',
				`Invio riuscito, ma la lettura IMAP non funziona: ${describeTransportError(err, `${imap.host}:${imap.port}`).message}`
			);
		}
	}
	return { ok: true, message: `Messaggio di prova inviato a ${c.indirizzo}${imap ? ' e casella IMAP raggiungibile' : ''}.` };
}

export interface DestinatarioScelta {
	soggettoId: string;
	personaId: string;
	nome: string;
	ruolo: string;
	centroId: string | null;
	pec: string | null;
	email: string | null;
	/** PEC when the person has one, e-mail otherwise. */
	canale: 'pec' | 'email' | null;
}

/** The invited parties (and their lawyers) a case's communication can go to, with the default channel. */
export function destinatariComunicazione(db: Db, procedimentoId: string): DestinatarioScelta[] {
	return db
		.select({ s: soggetti, p: persone, centroRuolo: centriInteresse.ruolo })
		.from(soggetti)
		.innerJoin(persone, eq(persone.id, soggetti.personaId))
		.innerJoin(centriInteresse, eq(centriInteresse.id, soggetti.centroId))
		.where(
			and(
				eq(soggetti.procedimentoId, procedimentoId),
				eq(centriInteresse.ruolo, 'invitata'),
				inArray(soggetti.ruolo, ['parte', 'rappresentante', 'avvocato'])
			)
		)
		.orderBy(asc(centriInteresse.ordine), asc(soggetti.ordine))
		.all()
		.map(({ s, p }) => ({
			soggettoId: s.id,
			personaId: p.id,
			nome: p.tipo === 'giuridica' ? (p.denominazione ?? '') : `${p.nome ?? ''} ${p.cognome ?? ''}`.trim(),
			ruolo: s.ruolo,
			centroId: s.centroId,
			pec: p.pec,
			email: p.email,
			canale: p.pec ? 'pec' : p.email ? 'email' : null
		}));
}

function primoIncontro(db: Db, procedimentoId: string): string {
	const i = db
		.select()
		.from(incontri)
		.where(and(eq(incontri.procedimentoId, procedimentoId), eq(incontri.stato, 'fissato')))
		.orderBy(asc(incontri.inizio))
		.get();
	if (!i) return '';
	const [giorno, ora] = formatDataOra(i.inizio).split(' ');
	return `Il primo incontro è fissato il giorno ${giorno} alle ore ${ora} (${i.modalita === 'telematica' ? 'in modalità telematica' : i.modalita === 'mista' ? 'in modalità mista' : 'in presenza'}).`;
}

/**
 * Queues the comunicazione dell'istanza (or the convocazione) to the chosen recipients: one message
 * each, with their centro's personal codice adesione, on the channel chosen for them. Only enqueues;
 * the same submission twice queues nothing new.
 */
export async function inviaComunicazione(
	db: Db,
	store: FileStore,
	actor: Actor,
	procedimentoId: string,
	input: InvioInput,
	now = new Date(),
	opts: { origin?: string | null } = {}
): Promise<Outcome<{ ids: string[]; duplicate: boolean }>> {
	const ctx = loadCaseContext(db, procedimentoId);
	if (!ctx || ctx.organismoId !== actor.organismoId) return fail('not_found', 'Procedimento non trovato.');
	if (!isStaff(actor) || !canManageCase(actor, ctx))
		return fail('forbidden', 'Solo la segreteria invia le comunicazioni del procedimento.');
	const possibili = destinatariComunicazione(db, procedimentoId);
	const scelte = input.destinatari.map((s) => ({ ...s, d: possibili.find((p) => p.soggettoId === s.soggettoId) }));
	if (!scelte.length) return fail('invalid', 'Scegli almeno un destinatario.', 'destinatari');
	const caselle = { pec: casellaPer(db, actor.organismoId, 'pec'), email: casellaPer(db, actor.organismoId, 'email') };
	for (const s of scelte) {
		if (!s.d) return fail('invalid', 'Uno dei destinatari non è una parte invitata di questo procedimento.', 'destinatari');
		if (s.canale === 'pec' && !s.d.pec)
			return fail('invalid', `${s.d.nome} non ha un indirizzo PEC: scegli l'e-mail o aggiungi la PEC nei dati della parte.`, 'destinatari');
		if (s.canale === 'email' && !s.d.email)
			return fail(
				'invalid',
				`${s.d.nome} non ha un indirizzo e-mail ordinario: scegli la PEC o aggiungi l'e-mail nei dati della parte.`,
				'destinatari'
			);
		if (!caselle[s.canale])
			return fail(
				'invalid',
				`Nessuna casella ${CANALE_LABELS[s.canale]} configurata per l'Organismo: configurala in Impostazioni › Caselle di posta.`,
				'destinatari'
			);
	}
	// The personal codes are made when the comunicazione is prepared, for centri that have none yet.
	ensureCodiciAdesione(db, procedimentoId);
	const row = getProcedimento(db, procedimentoId)!;
	const org = db
		.select({ d: organismi.denominazione, slug: organismi.slug })
		.from(organismi)
		.where(eq(organismi.id, actor.organismoId))
		.get();
	const tpl = template(db, actor.organismoId, input.atto);
	const incontro = primoIncontro(db, procedimentoId);
	const ids: string[] = [];
	let duplicate = false;
	for (const s of scelte) {
		const d = s.d!;
		const centro = d.centroId ? db.select().from(centriInteresse).where(eq(centriInteresse.id, d.centroId)).get() : undefined;
		const parte = possibili.find((p) => p.centroId === d.centroId && p.ruolo === 'parte')?.nome ?? d.nome;
		const values = {
			destinatario: d.nome,
			parte,
			organismo: org?.d ?? '',
			numero: `${row.p.anno}/${row.p.numero}`,
			dataDeposito: formatGiorno(row.p.dataDeposito),
			materia: row.materia,
			oggetto: row.p.oggetto,
			codiceAdesione: centro?.codiceAdesione ?? '—',
			linkAdesione: org?.slug ? `${opts.origin ?? ''}/o/${org.slug}/adesione` : 'indicata dalla segreteria',
			incontro: incontro || (input.atto === 'convocazione' ? 'in data che Le sarà comunicata' : '')
		};
		const casella = caselle[s.canale]!;
		const r = await enqueueMessaggio(
			db,
			store,
			{
				casella,
				atto: input.atto,
				oggetto: fillTemplate(tpl.oggetto, values),
				testo: fillTemplate(tpl.testo, values).replace(/\n{3,}/g, '\n\n'),
				destinatari: [{ indirizzo: (s.canale === 'pec' ? d.pec : d.email)!, nome: d.nome, personaId: d.personaId }],
				procedimentoId,
				centroId: d.centroId,
				richiestaId: `${input.richiestaId}:${d.soggettoId}`,
				richiestoDa: actor.id
			},
			now
		);
		ids.push(r.id);
		duplicate ||= r.duplicate;
	}
	if (!duplicate)
		appendAudit(db, {
			action: 'comunicazione.accodata',
			organismoId: actor.organismoId,
			actorId: actor.id,
			entityType: 'procedimento',
			entityId: procedimentoId,
			details: { atto: input.atto, messaggi: ids, canali: scelte.map((s) => s.canale) }
		});
	return { ok: true, ids, duplicate };
}

/**
 * Posta in arrivo → protocollo (entrata) and, when a case is given, the message (.eml as received,
 * signed envelope included) into its fascicolo. Idempotent: a second click returns the same entry.
 */
export async function registraArrivo(
	db: Db,
	store: FileStore,
	actor: Actor,
	arrivoId: string,
	procedimento: { anno: number; numero: number } | null
): Promise<Outcome<{ protocollo: string; procedimentoId: string | null; duplicate: boolean }>> {
	if (!isStaff(actor)) return fail('forbidden', 'Solo la segreteria registra la posta in arrivo.');
	const a = getArrivo(db, actor.organismoId, arrivoId);
	if (!a) return fail('not_found', 'Messaggio non trovato nella posta in arrivo.');
	if (a.stato === 'registrato' && a.protocolloId) {
		const p = db.select().from(protocollo).where(eq(protocollo.id, a.protocolloId)).get()!;
		return { ok: true, protocollo: `${p.anno}/${p.numero}`, procedimentoId: a.procedimentoId, duplicate: true };
	}
	let procedimentoId: string | null = null;
	if (procedimento) {
		procedimentoId = findProcedimentoByNumero(db, actor.organismoId, procedimento.anno, procedimento.numero);
		if (!procedimentoId) return fail('invalid', `Procedimento n. ${procedimento.anno}/${procedimento.numero} non trovato.`, 'procedimento');
		const ctx = loadCaseContext(db, procedimentoId)!;
		if (!canManageCase(actor, ctx))
			return fail('forbidden', 'Non puoi registrare posta in questo procedimento: appartiene a una sede in cui non operi.', 'procedimento');
	}
	let documentoId: string | null = null;
	if (procedimentoId) {
		const ctx = loadCaseContext(db, procedimentoId)!;
		const doc = await addDocument(db, store, actor, ctx, {
			procedimentoId,
			titolo: `${a.pec ? 'PEC' : 'E-mail'} ricevuta — ${a.oggetto || '(senza oggetto)'}`.slice(0, 200),
			nomeFile: a.pec ? 'posta-certificata.eml' : 'email-ricevuta.eml',
			bytes: await readFile(store.path(a.sha256))
		});
		if (!doc.ok) return fail('invalid', doc.message);
		documentoId = doc.id;
	}
	const prot = registraProtocollo(db, actor, {
		richiestaId: `${a.id}-a`,
		direzione: 'entrata',
		mittente: a.mittente || 'Mittente sconosciuto',
		destinatario: '',
		oggetto: `${a.pec ? 'PEC' : 'E-mail'}: ${a.oggetto || '(senza oggetto)'}`,
		procedimentoId,
		documentoIds: documentoId ? [documentoId] : []
	});
	if (!prot.ok) return fail(prot.code, prot.message, prot.field);
	db.update(postaArrivo)
		.set({ stato: 'registrato', protocolloId: prot.id, procedimentoId, documentoId })
		.where(eq(postaArrivo.id, a.id))
		.run();
	return { ok: true, protocollo: `${prot.anno}/${prot.numero}`, procedimentoId, duplicate: prot.duplicate };
}
