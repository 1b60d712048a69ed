import { eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { notify } from '../agenda/notifications.ts';
import { enqueueMessaggio } from '../comunicazioni/outbox.ts';
import { casellaPer, type Casella } from '../comunicazioni/repo.ts';
import type { FileStore } from '../documents/storage.ts';
import { getProcedimento } from '../procedimenti/repo.ts';
import { organismi } from '../schema.ts';
import { formatGiornoEsteso, formatOra, romeIsoDate } from '../shared/time.ts';
import { staffOfSede } from '../agenda/notifications.ts';
import { loadCaseContext } from '../procedimenti/context.ts';
import { signingLinkPath } from './link.ts';
import * as repo from './repo.ts';
import type { DestinatarioRow, ProcessoRow } from './repo.ts';

/**
 * What the signing workflow sends, through the comunicazioni outbox (PEC when the Organismo has a
 * PEC account, else e-mail) and as in-app notices for recipients with an account: the invitation to
 * sign, reminders, the mediator's turn, and the signed document with its rapporto at the end. Each
 * message has a richiestaId, so sending twice (a retried job, a double click) queues nothing new.
 * Without a mail account the notices still go and the process history says the e-mail did not.
 */
export interface InvioDeps {
	db: Db;
	store: FileStore;
	/** Public origin of the web app for links in e-mails (ORIGIN); without it the path alone. */
	origin: string | null;
	/** The installation secret mixed into the Organismo's link keys (ACCORDO_SECRET), if any. */
	linkSecret?: string | undefined;
}

type Tipo = 'invito' | 'sollecito' | 'turno_mediatore' | 'trasmissione';

export const linkProcesso = (p: Pick<ProcessoRow, 'procedimentoId' | 'id'>) => `/procedimenti/${p.procedimentoId}/firma/${p.id}`;
export const linkDestinatario = (p: Pick<ProcessoRow, 'procedimentoId' | 'id'>, d: Pick<DestinatarioRow, 'id'>) =>
	`${linkProcesso(p)}/destinatario/${d.id}`;

function casellaDi(db: Db, organismoId: string): Casella | undefined {
	return casellaPer(db, organismoId, 'pec') ?? casellaPer(db, organismoId, 'email');
}

function intestazione(db: Db, p: ProcessoRow): { numero: string; organismo: string } {
	const row = getProcedimento(db, p.procedimentoId);
	const org = db.select({ d: organismi.denominazione }).from(organismi).where(eq(organismi.id, p.organismoId)).get();
	return { numero: row ? `${row.p.anno}/${row.p.numero}` : '', organismo: org?.d ?? '' };
}

const scadenzaIt = (iso: string) => `${formatGiornoEsteso(romeIsoDate(iso))} alle ${formatOra(iso)}`;

function testo(tipo: Tipo, p: ProcessoRow, d: DestinatarioRow, h: { numero: string; organismo: string }, link: string) {
	const saluto = `Gentile ${d.nome},\n\n`;
	const firma = `\n\nDistinti saluti,\nla segreteria di ${h.organismo}`;
	switch (tipo) {
		case 'invito':
			return {
				oggetto: `Procedimento n. ${h.numero} — documento da firmare: ${p.titolo}`,
				testo: `${saluto}nel procedimento di mediazione n. ${h.numero} Le è richiesta la firma digitale del documento «${p.titolo}» (art. 8-bis D.Lgs. 28/2010) entro il ${scadenzaIt(p.scadenza)}.\n\nPuò firmarlo con il Suo dispositivo di firma (scarichi il documento, lo firmi in formato PAdES o CAdES .p7m e lo carichi) oppure con la firma remota, dalla pagina:\n${link}\n\nIl documento è allegato a questo messaggio.${firma}`
			};
		case 'sollecito':
			return {
				oggetto: `Promemoria — procedimento n. ${h.numero}: documento ancora da firmare`,
				testo: `${saluto}Le ricordiamo che il documento «${p.titolo}» del procedimento n. ${h.numero} attende la Sua firma digitale entro il ${scadenzaIt(p.scadenza)}.\n\nPagina per la firma:\n${link}${firma}`
			};
		case 'turno_mediatore':
			return {
				oggetto: `Procedimento n. ${h.numero} — tutte le firme raccolte: tocca al mediatore`,
				testo: `${saluto}tutti i destinatari hanno firmato «${p.titolo}». Verifichi presenza, validità e integrità delle firme e firmi per ultimo:\n${link}${firma}`
			};
		case 'trasmissione':
			return {
				oggetto: `Procedimento n. ${h.numero} — documento firmato: ${p.titolo}`,
				testo: `${saluto}Le trasmettiamo il documento «${p.titolo}» del procedimento n. ${h.numero}, firmato digitalmente da tutti i sottoscrittori e depositato presso la segreteria, con il rapporto di verifica delle firme.\n\nSono allegati a questo messaggio e disponibili alla pagina:\n${link}${firma}`
			};
	}
}

const TITOLI: Record<Tipo, string> = {
	invito: 'Documento da firmare',
	sollecito: 'Promemoria: documento da firmare',
	turno_mediatore: 'Tocca a te firmare per ultimo',
	trasmissione: 'Documento firmato da tutti'
};

async function invia(deps: InvioDeps, p: ProcessoRow, dest: DestinatarioRow[], tipo: Tipo, allegati: string[], chiave: string) {
	const { db, store } = deps;
	const h = intestazione(db, p);
	const casella = casellaDi(db, p.organismoId);
	const docs = allegati.map((id) => repo.documentRow(db, id)).filter((d) => d !== undefined);
	let email = 0;
	const senza: string[] = [];
	for (const d of dest) {
		const path = tipo === 'trasmissione' || d.fase === 2 ? linkProcesso(p) : linkDestinatario(p, d);
		// Without an account: the personal signing link (signed with the Organismo's key), which also
		// lets them download the signed document at the end.
		const link = `${deps.origin ?? ''}${
			!d.userId ? signingLinkPath(db, p, d, deps.linkSecret) : tipo === 'trasmissione' && d.fase === 1 ? linkDestinatario(p, d) : path
		}`;
		if (d.userId)
			notify(db, [d.userId], {
				organismoId: p.organismoId,
				titolo: TITOLI[tipo],
				testo: `${p.titolo} — procedimento n. ${h.numero}`,
				link: tipo === 'trasmissione' && d.fase === 1 ? linkDestinatario(p, d) : path,
				chiave: `firma:${p.id}:${tipo}:${chiave}`
			});
		if (!casella || !d.email) {
			senza.push(d.nome);
			continue;
		}
		const t = testo(tipo, p, d, h, link);
		const r = await enqueueMessaggio(db, store, {
			casella,
			atto: 'altro',
			oggetto: t.oggetto,
			testo: t.testo,
			destinatari: [{ indirizzo: d.email, nome: d.nome }],
			procedimentoId: p.procedimentoId,
			richiestaId: `firma:${p.id}:${d.id}:${tipo}:${chiave}`,
			allegati: docs.map((x) => ({ documentoId: x.id, nomeFile: x.nomeFile, mime: x.mime, sha256: x.sha256 }))
		});
		if (!r.duplicate) email++;
	}
	const cosa = {
		invito: 'Invito a firmare',
		sollecito: 'Sollecito',
		turno_mediatore: 'Avviso al mediatore',
		trasmissione: 'Documento firmato'
	}[tipo];
	if (email)
		repo.addEvento(db, {
			organismoId: p.organismoId,
			processoId: p.id,
			tipo: 'inviato',
			messaggio: `${cosa}: ${email} messaggi in uscita (${casella!.canale === 'pec' ? 'PEC' : 'e-mail'}).`
		});
	if (senza.length)
		repo.addEvento(db, {
			organismoId: p.organismoId,
			processoId: p.id,
			tipo: 'avviso',
			messaggio: `${cosa} solo nell'app per ${senza.join(', ')}: ${casella ? 'manca l’indirizzo di posta' : 'nessuna casella di posta configurata per l’Organismo'}.`
		});
	return { email, senzaEmail: senza.length };
}

/** The invitation to every recipient of the first phase (the document attached); the mediator gets a notice. */
export async function inviaRichieste(deps: InvioDeps, processoId: string, organismoId: string) {
	const p = repo.getProcesso(deps.db, organismoId, processoId);
	if (!p) return { email: 0, senzaEmail: 0 };
	const all = repo.listDestinatari(deps.db, processoId);
	return invia(
		deps,
		p,
		all.filter((d) => d.fase === 1),
		'invito',
		[p.documentoCorrenteId],
		'1'
	);
}

/** Reminders to these recipients (keyed by day, so one per day at most). */
export async function inviaSolleciti(
	deps: InvioDeps,
	p: ProcessoRow,
	dest: DestinatarioRow[],
	now = new Date(),
	chiave = now.toISOString().slice(0, 10)
) {
	if (!dest.length) return { email: 0, senzaEmail: 0 };
	return invia(deps, p, dest, 'sollecito', [], chiave);
}

/** Every first-phase signature is in: the mediator verifies and signs last. */
export async function avvisaMediatore(deps: InvioDeps, processoId: string, organismoId: string) {
	const p = repo.getProcesso(deps.db, organismoId, processoId);
	if (!p) return;
	await invia(
		deps,
		p,
		repo.listDestinatari(deps.db, processoId).filter((d) => d.fase === 2),
		'turno_mediatore',
		[],
		'1'
	);
}

/** Transmission of the signed document and its rapporto to every signer (art. 8-bis: the segreteria transmits it). */
export async function trasmettiFirmato(deps: InvioDeps, processoId: string, organismoId: string) {
	const p = repo.getProcesso(deps.db, organismoId, processoId);
	if (!p) return { email: 0, senzaEmail: 0 };
	const v = repo.latestVerifica(deps.db, p.documentoCorrenteId);
	return invia(
		deps,
		p,
		repo.listDestinatari(deps.db, processoId),
		'trasmissione',
		[p.documentoCorrenteId, ...(v?.rapportoPdfId ? [v.rapportoPdfId] : [])],
		'1'
	);
}

/**
 * A recipient refused to sign: the case's mediators and the segreteria of its sede are told in the
 * app, and by e-mail (the mediators at their address, the segreteria at the Organismo's own mailbox).
 */
export async function avvisaRifiuto(deps: InvioDeps, processoId: string, organismoId: string, destinatarioId: string) {
	const { db, store } = deps;
	const p = repo.getProcesso(db, organismoId, processoId);
	const d = p ? repo.getDestinatario(db, p.id, destinatarioId) : undefined;
	const ctx = p ? loadCaseContext(db, p.procedimentoId) : null;
	if (!p || !d || !ctx || d.stato !== 'rifiutato') return { notifiche: 0, email: 0 };
	const h = intestazione(db, p);
	const mediatori = repo.assignments(db, p.procedimentoId);
	const staff = staffOfSede(db, organismoId, ctx.sedeId);
	const chiave = `firma:${p.id}:rifiuto:${d.id}`;
	const notifiche = notify(db, [...mediatori.map((m) => m.userId), ...staff], {
		organismoId,
		titolo: 'Firma rifiutata',
		testo: `${d.nome} (${d.qualifica}) ha rifiutato di firmare «${p.titolo}» — procedimento n. ${h.numero}`,
		link: linkProcesso(p),
		chiave
	});
	const casella = casellaDi(db, organismoId);
	let email = 0;
	if (casella) {
		const to = [
			...mediatori.filter((m) => m.email).map((m) => ({ indirizzo: m.email, nome: m.nome })),
			{ indirizzo: casella.indirizzo, nome: `Segreteria ${h.organismo}` }
		].filter((x, i, all) => all.findIndex((y) => y.indirizzo.toLowerCase() === x.indirizzo.toLowerCase()) === i);
		const r = await enqueueMessaggio(db, store, {
			casella,
			atto: 'altro',
			oggetto: `Procedimento n. ${h.numero} — firma rifiutata: ${p.titolo}`,
			testo: `${d.nome} (${d.qualifica}) ha rifiutato di firmare il documento «${p.titolo}» del procedimento n. ${h.numero}.\n\nMotivo indicato: ${d.motivoRifiuto ?? '—'}\n\nProcesso di firma:\n${deps.origin ?? ''}${linkProcesso(p)}`,
			destinatari: to,
			procedimentoId: p.procedimentoId,
			richiestaId: chiave
		});
		if (!r.duplicate) email = to.length;
	}
	repo.addEvento(db, {
		organismoId,
		processoId: p.id,
		destinatarioId: d.id,
		tipo: 'avviso',
		messaggio: casella
			? `Rifiuto segnalato al mediatore e alla segreteria (app ed e-mail).`
			: `Rifiuto segnalato al mediatore e alla segreteria nell’app (nessuna casella di posta configurata).`
	});
	return { notifiche, email };
}
