import type { Db } from '../client.ts';
import { writeTransaction } from '../client.ts';
import { canCompleteAdesione, type UserActor } from '../access/index.ts';
import { notify } from '../agenda/notifications.ts';
import { appendAudit } from '../audit/repo.ts';
import { enqueueMessaggio } from '../comunicazioni/outbox.ts';
import { casellaPer } from '../comunicazioni/repo.ts';
import type { FileStore } from '../documents/storage.ts';
import { getOrganismoById } from '../organismi/repo.ts';
import { controllaFile, depositaAtti, type FileDepositato } from '../portale/deposito.ts';
import { loadCaseContext } from '../procedimenti/context.ts';
import { newId } from '../shared/ids.ts';
import { conflict, failure, forbidden, invalid, notFound, ok, type Outcome } from '../shared/outcome.ts';
import { formatGiorno, romeIsoDate } from '../shared/time.ts';
import { MODALITA_RISPOSTA_LABELS, type ModalitaRisposta, type Risposta } from './labels.ts';
import * as repo from './repo.ts';
import type { AdesioneAvvocatoInput, CodiciInput, RegistrazioneAvvocatoInput, RifiutoInput } from './schemas.ts';
import { findAccountByEmail, findMembership, joinOrganismo } from '../auth/memberships.ts';
import { createAccountToken } from '../auth/tokens.ts';

/**
 * Adesione online: the invited party enters the numero di istanza and its personal code (brute
 * force: lockout per numero and per address, every attempt audited), then refuses alone or hands a
 * link to its lawyer, who signs in and completes the adhesion with the data and files. The answer
 * is recorded in the procedimento (centro di interesse: adesione, data — which the deadlines and
 * the DGSTAT data read), audited, and notified in the app and by e-mail to the segreteria, the
 * mediator and the lawyers of every party.
 */

export const WRONG_CODES = 'Numero di istanza o codice di adesione non corretti.';

const lockedMessage = (ms: number) =>
	`Troppi tentativi non riusciti: per sicurezza l’inserimento dei codici è sospeso. Riprova tra ${Math.max(1, Math.ceil(ms / 60_000))} minuti o contatta la segreteria dell’Organismo.`;

/** Checks the codes; on success opens the party's page (a personal link valid for two hours). */
export function verificaCodici(
	db: Db,
	organismoId: string,
	input: CodiciInput,
	ip: string,
	limits: repo.AdesioneLimits = repo.DEFAULT_ADESIONE_LIMITS,
	now = Date.now()
): Outcome<{ token: string }> {
	const numero = input.numero.testo;
	const since = now - limits.windowMs;
	const perNumero = repo.failuresSince(db, organismoId, { numero }, since);
	const perIp = repo.failuresSince(db, organismoId, { ip }, since);
	const blocked =
		perNumero.length >= limits.maxPerNumero
			? { scope: 'numero', wait: perNumero[perNumero.length - limits.maxPerNumero] + limits.windowMs - now }
			: perIp.length >= limits.maxPerIp
				? { scope: 'ip', wait: perIp[perIp.length - limits.maxPerIp] + limits.windowMs - now }
				: null;
	if (blocked) {
		appendAudit(db, {
			action: 'adesione.bloccata',
			organismoId,
			entityType: 'adesione',
			entityId: numero,
			details: { numero, ip, ambito: blocked.scope }
		});
		return failure('too_many', lockedMessage(blocked.wait));
	}
	// The honeypot counts as a wrong code (and says nothing more to a robot).
	const found = input.sito ? null : repo.findCentroByCodice(db, organismoId, input.numero.anno, input.numero.numero, input.codice);
	return writeTransaction(db, () => {
		repo.recordTentativo(db, { organismoId, numero, ip, riuscito: Boolean(found), at: now });
		if (!found) {
			appendAudit(db, {
				action: 'adesione.codice_errato',
				organismoId,
				entityType: 'adesione',
				entityId: numero,
				details: { numero, ip, honeypot: Boolean(input.sito) }
			});
			return invalid(WRONG_CODES, 'codice');
		}
		const { token } = repo.createAccesso(
			db,
			{ organismoId, procedimentoId: found.procedimentoId, centroId: found.centroId, tipo: 'parte' },
			now
		);
		appendAudit(db, {
			action: 'adesione.codice_verificato',
			organismoId,
			entityType: 'procedimento',
			entityId: found.procedimentoId,
			details: { numero, ip, centroId: found.centroId }
		});
		return ok({ token });
	});
}

/** The party's page (or the lawyer's) behind a personal link: the case summary, or null when the link is not valid. */
export function apriAccesso(db: Db, organismoId: string, token: string, tipo: 'parte' | 'avvocato', now = Date.now()) {
	const a = repo.findAccesso(db, organismoId, token, tipo, now);
	if (!a) return null;
	const c = repo.riepilogoCentro(db, a.centroId);
	return c && c.organismoId === organismoId ? { accesso: a, caso: c } : null;
}

const answered = (c: repo.RiepilogoCentro) => c.adesione === 'aderito' || c.adesione === 'rifiutato';
const ALREADY = (c: repo.RiepilogoCentro) =>
	conflict(
		`La risposta a questo invito è già stata registrata${c.dataAdesione ? ` il ${formatGiorno(c.dataAdesione)}` : ''} (${c.adesione === 'aderito' ? 'adesione' : 'rifiuto'}). Per modificarla contatta la segreteria.`
	);

/** The link the party hands to its lawyer (valid 30 days, only for completing the adhesion). */
export function creaLinkAvvocato(
	db: Db,
	organismoId: string,
	tokenParte: string,
	now = Date.now()
): Outcome<{ token: string; scadenza: Date }> {
	const open = apriAccesso(db, organismoId, tokenParte, 'parte', now);
	if (!open) return notFound('Il collegamento è scaduto: inserisci di nuovo il numero di istanza e il codice.');
	if (answered(open.caso)) return ALREADY(open.caso);
	const link = repo.createAccesso(
		db,
		{ organismoId, procedimentoId: open.caso.procedimentoId, centroId: open.caso.centroId, tipo: 'avvocato' },
		now
	);
	appendAudit(db, {
		action: 'adesione.link_avvocato',
		organismoId,
		entityType: 'procedimento',
		entityId: open.caso.procedimentoId,
		details: { centroId: open.caso.centroId }
	});
	return ok(link);
}

export interface NotificaDeps {
	db: Db;
	store: FileStore;
	/** Public origin for links in e-mails (ORIGIN), else the path alone. */
	origin: string | null;
}

/** The party refuses the invitation, alone, with an optional reason. */
export async function rifiuta(deps: NotificaDeps, organismoId: string, tokenParte: string, input: RifiutoInput, now = new Date()) {
	const { db } = deps;
	const open = apriAccesso(db, organismoId, tokenParte, 'parte', now.getTime());
	if (!open) return notFound('Il collegamento è scaduto: inserisci di nuovo il numero di istanza e il codice.');
	const c = open.caso;
	const data = romeIsoDate(now);
	const rispostaId = newId();
	const r = writeTransaction(db, (): Outcome => {
		const fresh = repo.riepilogoCentro(db, c.centroId)!;
		if (answered(fresh)) return ALREADY(fresh);
		repo.insertRisposta(db, {
			id: rispostaId,
			organismoId,
			procedimentoId: c.procedimentoId,
			centroId: c.centroId,
			risposta: 'rifiutato',
			modalita: 'online_parte',
			motivo: input.motivo,
			data,
			createdAt: now
		});
		repo.setAdesioneCentro(db, c.centroId, 'rifiutato', data);
		appendAudit(
			db,
			{
				action: 'procedimento.adesione',
				organismoId,
				entityType: 'procedimento',
				entityId: c.procedimentoId,
				details: { centroId: c.centroId, adesione: 'rifiutato', data, modalita: 'online_parte', motivo: input.motivo }
			},
			now
		);
		return ok();
	});
	if (!r.ok) return r;
	const avvisi = await notificaRisposta(deps, c, {
		id: rispostaId,
		risposta: 'rifiutato',
		modalita: 'online_parte',
		motivo: input.motivo,
		da: c.parti.join(', ')
	});
	return ok({ data, avvisi });
}

/**
 * The lawyer completes the adhesion: joins the case as the party's lawyer (their account linked,
 * so the case shows in their area), the answer is recorded, the files go into the fascicolo with a
 * protocol entry in entrata. Files are checked first: a bad file changes nothing.
 */
export async function completaAdesione(
	deps: NotificaDeps,
	actor: UserActor & { email: string },
	tokenAvvocato: string,
	input: AdesioneAvvocatoInput,
	files: readonly FileDepositato[],
	now = new Date()
): Promise<Outcome<{ procedimentoId: string; data: string; protocollo: string | null; avvisi: number }>> {
	const { db, store } = deps;
	const open = apriAccesso(db, actor.organismoId, tokenAvvocato, 'avvocato', now.getTime());
	if (!open) return notFound('Il collegamento per l’adesione non è valido o è scaduto: chiedi alla parte di generarne uno nuovo.');
	if (!canCompleteAdesione(actor, open.caso.organismoId))
		return forbidden('L’adesione si completa con un account da avvocato dell’Organismo: accedi come avvocato.');
	const c = open.caso;
	if (answered(c)) return ALREADY(c);
	if (files.length) {
		const check = await controllaFile(db, c.organismoId, files);
		if (!check.ok) return check;
	}
	const data = romeIsoDate(now);
	const rispostaId = newId();
	const r = writeTransaction(db, (): Outcome => {
		const fresh = repo.riepilogoCentro(db, c.centroId)!;
		if (answered(fresh)) return ALREADY(fresh);
		const personaId = repo.personaAvvocato(db, c.organismoId, actor.id, actor.email, input);
		const soggettoId = repo.addAvvocatoAlCentro(db, c.procedimentoId, c.centroId, personaId);
		repo.insertRisposta(db, {
			id: rispostaId,
			organismoId: c.organismoId,
			procedimentoId: c.procedimentoId,
			centroId: c.centroId,
			risposta: 'aderito',
			modalita: 'online_avvocato',
			avvocatoUserId: actor.id,
			avvocatoSoggettoId: soggettoId,
			consensoTelematica: input.consensoTelematica,
			note: input.note,
			data,
			createdAt: now
		});
		repo.setAdesioneCentro(db, c.centroId, 'aderito', data);
		appendAudit(
			db,
			{
				action: 'procedimento.adesione',
				organismoId: c.organismoId,
				actorId: actor.id,
				entityType: 'procedimento',
				entityId: c.procedimentoId,
				details: {
					centroId: c.centroId,
					adesione: 'aderito',
					data,
					modalita: 'online_avvocato',
					consensoTelematica: input.consensoTelematica
				}
			},
			now
		);
		return ok();
	});
	if (!r.ok) return r;
	let protocollo: string | null = null;
	if (files.length) {
		const ctx = loadCaseContext(db, c.procedimentoId)!;
		const dep = await depositaAtti(db, store, actor, ctx, {
			richiestaId: `adesione-${rispostaId}`,
			titolo: null,
			riservato: false,
			files,
			descrizione: 'Adesione e documenti della parte invitata'
		});
		if (dep.ok) protocollo = `${dep.anno}/${dep.numero}`;
	}
	const avvisi = await notificaRisposta(deps, c, {
		id: rispostaId,
		risposta: 'aderito',
		modalita: 'online_avvocato',
		motivo: null,
		da: `${c.parti.join(', ')}, tramite l’avv. ${input.nome} ${input.cognome}`
	});
	return ok({ procedimentoId: c.procedimentoId, data, protocollo, avvisi });
}

/**
 * Tells the segreteria (and the responsabile), the mediator and the lawyers of every party: a notice
 * in the app for those with an account, an e-mail through the outbox to everyone with an address
 * (the Organismo's e-mail account, else its PEC; none configured: the notices only). Returns the
 * number of e-mails queued.
 */
async function notificaRisposta(
	deps: NotificaDeps,
	c: repo.RiepilogoCentro,
	r: { id: string; risposta: Risposta; modalita: ModalitaRisposta; motivo: string | null; da: string }
): Promise<number> {
	const { db, store } = deps;
	const ctx = loadCaseContext(db, c.procedimentoId)!;
	const numero = `${c.anno}/${c.numero}`;
	const titolo = r.risposta === 'aderito' ? `Adesione della parte invitata — n. ${numero}` : `Rifiuto della parte invitata — n. ${numero}`;
	const testo = `${r.da}: ${r.risposta === 'aderito' ? 'ha aderito alla mediazione' : 'non aderisce alla mediazione'} (${MODALITA_RISPOSTA_LABELS[r.modalita].toLowerCase()}).${r.motivo ? ` Motivo: ${r.motivo}` : ''}`;
	const link = `/procedimenti/${c.procedimentoId}/parti`;
	const userIds = [...repo.staffDelCaso(db, c.organismoId, c.sedeId), ...ctx.mediatorIds, ...ctx.lawyerUserIds];
	notify(db, userIds, { organismoId: c.organismoId, titolo, testo, link, chiave: `adesione:${r.id}` });
	const casella = casellaPer(db, c.organismoId, 'email') ?? casellaPer(db, c.organismoId, 'pec');
	if (!casella) return 0;
	const org = getOrganismoById(db, c.organismoId);
	const indirizzi = new Map<string, string>();
	for (const u of repo.contattiUtenti(db, userIds)) indirizzi.set(u.email.toLowerCase(), `${u.nome} ${u.cognome}`.trim());
	for (const a of repo.avvocatiSenzaAccount(db, c.procedimentoId)) {
		const addr = a.pec ?? a.email;
		if (addr && !indirizzi.has(addr.toLowerCase())) indirizzi.set(addr.toLowerCase(), `${a.nome ?? ''} ${a.cognome ?? ''}`.trim());
	}
	let queued = 0;
	for (const [indirizzo, nome] of indirizzi) {
		const m = await enqueueMessaggio(db, store, {
			casella,
			atto: 'altro',
			oggetto: `Procedimento di mediazione n. ${numero} — ${r.risposta === 'aderito' ? 'adesione' : 'mancata adesione'} della parte invitata`,
			testo: `Gentile ${nome || 'utente'},\n\nnel procedimento di mediazione n. ${numero} (${c.oggetto}) Le comunichiamo la risposta della parte invitata.\n\n${testo}\n\nLa risposta è registrata nel procedimento: ${deps.origin ?? ''}${link}\n\nDistinti saluti,\nla segreteria di ${org?.denominazione ?? ''}`,
			destinatari: [{ indirizzo, nome }],
			procedimentoId: c.procedimentoId,
			centroId: c.centroId,
			richiestaId: `adesione:${r.id}:${indirizzo}`
		});
		if (!m.duplicate) queued++;
	}
	return queued;
}

/**
 * A lawyer without an account in the Organismo registers from the adhesion link: the account (or,
 * for a person already known to another Organismo, a new lawyer membership) and a one-time
 * activation link sent to the address given — the existing invitation flow (/invito/<token>), so
 * the address is verified by the link and the password rules apply there. Needs the Organismo's
 * mail account (without one nothing is created). Audited.
 */
export async function registraAvvocato(
	deps: NotificaDeps,
	organismoId: string,
	tokenAvvocato: string,
	input: RegistrazioneAvvocatoInput,
	adesionePath: string,
	now = new Date()
): Promise<Outcome<{ email: string }>> {
	const { db, store } = deps;
	const open = apriAccesso(db, organismoId, tokenAvvocato, 'avvocato', now.getTime());
	if (!open) return notFound('Il collegamento per l’adesione non è valido o è scaduto: chiedi alla parte di generarne uno nuovo.');
	if (input.sito) return invalid('Richiesta non valida.');
	const casella = casellaPer(db, organismoId, 'email') ?? casellaPer(db, organismoId, 'pec');
	if (!casella)
		return failure('unavailable', 'L’Organismo non ha ancora una casella di posta per le attivazioni: chiedi l’accesso alla segreteria.');
	const known = findAccountByEmail(db, input.email);
	if (known && findMembership(db, known.id, organismoId))
		return conflict('Con questo indirizzo hai già un account presso l’Organismo: accedi per completare l’adesione.', 'email');
	const org = getOrganismoById(db, organismoId)!;
	const r = writeTransaction(db, () => {
		const j = joinOrganismo(db, { email: input.email, nome: input.nome, cognome: input.cognome, organismoId, role: 'avvocato' });
		const token = createAccountToken(db, { userId: j.userId, membershipId: j.membershipId, purpose: 'invito' }, now.getTime());
		appendAudit(
			db,
			{
				action: 'adesione.avvocato_registrato',
				organismoId,
				actorId: j.userId,
				entityType: 'procedimento',
				entityId: open.caso.procedimentoId,
				details: { email: input.email, newAccount: j.newAccount }
			},
			now
		);
		return { token, newAccount: j.newAccount };
	});
	const base = deps.origin ?? '';
	await enqueueMessaggio(db, store, {
		casella,
		atto: 'altro',
		oggetto: `${org.denominazione} — attiva il tuo account per completare l’adesione`,
		testo: `Gentile ${input.nome} ${input.cognome},\n\n${r.newAccount ? 'per attivare il Suo account di avvocato e scegliere la password' : 'per confermare il Suo accesso come avvocato presso l’Organismo'} apra questo collegamento (valido 7 giorni, una sola volta):\n${base}/invito/${r.token}\n\nPoi riapra il collegamento per completare l’adesione della parte invitata (procedimento n. ${open.caso.anno}/${open.caso.numero}):\n${base}${adesionePath}\n\nSe non ha chiesto Lei la registrazione, ignori questo messaggio.\n\nDistinti saluti,\nla segreteria di ${org.denominazione}`,
		destinatari: [{ indirizzo: input.email, nome: `${input.nome} ${input.cognome}` }],
		procedimentoId: open.caso.procedimentoId
	});
	return ok({ email: input.email });
}
