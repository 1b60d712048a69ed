import { readFileSync } from 'node:fs';
import type * as pkijs from 'pkijs';
import {
	canEditTrustStore,
	canManageFirma,
	canSignFor,
	firmaActorId,
	loadActor,
	type CaseContext,
	type FirmaActor,
	type UserActor
} from '../access/index.ts';
import { appendAudit } from '../audit/repo.ts';
import { getMember } from '../auth/memberships.ts';
import { writeTransaction, type Db } from '../client.ts';
import { addDocument } from '../documents/repo.ts';
import type { FileStore } from '../documents/storage.ts';
import { getOrganismoById } from '../organismi/repo.ts';
import { loadCaseContext } from '../procedimenti/context.ts';
import { listParti } from '../procedimenti/repo.ts';
import { newId } from '../shared/ids.ts';
import { signPdf } from './sign/pades.ts';
import { PdfSignError, signatureFields } from './sign/pdf-incremental.ts';
import type { HashSigner } from './sign/signer.ts';
import { TsaError } from './sign/tsa.ts';
import { isProviderError, withTimeout, type RemoteSignatureProvider } from './provider.ts';
import * as repo from './repo.ts';
import type { DestinatarioRow, ProcessoRow } from './repo.ts';
import { summary, verifyFile, type RapportoVerifica } from './verify/index.ts';
import { renderRapportoPdf } from './verify/report-pdf.ts';
import { certificatesFromTrustedList, parseCertificate } from './verify/trust.ts';
import { createHash } from 'node:crypto';

export interface FirmaDeps {
	db: Db;
	store: FileStore;
	provider: RemoteSignatureProvider | null;
	tsaUrl?: string | null;
	/** Per provider call; default 30 s. */
	providerTimeoutMs?: number;
	/** Hand-off hooks: transmission (comunicazioni) and conservation plug in here. */
	hooks?: {
		completato?: (e: { processoId: string; procedimentoId: string; documentoId: string; rapportoId: string }) => void | Promise<void>;
		/** Every first-phase recipient signed: the mediator's turn (verification, then the last signature). */
		prontoPerMediatore?: (e: { processoId: string; organismoId: string }) => void | Promise<void>;
		/** A recipient refused to sign: the mediator and the segreteria are told. */
		rifiutato?: (e: { processoId: string; organismoId: string; destinatarioId: string }) => void | Promise<void>;
	};
}

export type Esito<T = object> =
	({ ok: true } & T) | { ok: false; code: 'invalid' | 'forbidden' | 'not_found' | 'conflict'; message: string };

const fail = (code: 'invalid' | 'forbidden' | 'not_found' | 'conflict', message: string) => ({ ok: false as const, code, message });

/** The Organismo's trusted certificates. */
export function trustStore(db: Db, organismoId: string): pkijs.Certificate[] {
	return repo
		.listFiduciari(db, organismoId)
		.map((r) => parseCertificate(new Uint8Array(Buffer.from(r.certificato, 'base64'))))
		.filter((c): c is pkijs.Certificate => c !== null);
}

/** Adds trusted certificates from a PEM/DER file or a trusted-list XML. */
export function importaFiduciari(
	db: Db,
	actor: UserActor,
	nomeFile: string,
	bytes: Uint8Array
): Esito<{ aggiunti: number; scartati: number }> {
	if (!canEditTrustStore(actor)) return fail('forbidden', 'Solo l’amministratore può modificare le autorità fidate.');
	const text = Buffer.from(bytes).toString('utf8');
	const isXml = /<\?xml|X509Certificate/.test(text.slice(0, 100_000));
	const found = isXml
		? certificatesFromTrustedList(text)
		: { certificati: [parseCertificate(bytes)].filter((c) => c !== null), scartati: 0 };
	if (!found.certificati.length) return fail('invalid', `«${nomeFile}» non contiene certificati leggibili.`);
	let aggiunti = 0;
	for (const c of found.certificati) {
		const der = new Uint8Array(c!.toSchema(true).toBER());
		const nome = c!.subject.typesAndValues.find((t) => t.type === '2.5.4.3')?.value.valueBlock.value ?? 'Autorità';
		if (
			repo.addFiduciario(db, {
				organismoId: actor.organismoId,
				nome: String(nome),
				impronta: createHash('sha256').update(der).digest('hex'),
				certificato: Buffer.from(der).toString('base64'),
				fonte: isXml ? 'lista_fiduciaria' : 'manuale'
			})
		)
			aggiunti++;
	}
	appendAudit(db, {
		action: 'firma.fiduciari.importati',
		organismoId: actor.organismoId,
		actorId: actor.id,
		entityType: 'firma_fiduciari',
		entityId: nomeFile,
		details: { aggiunti, scartati: found.scartati }
	});
	return { ok: true, aggiunti, scartati: found.scartati };
}

/** Removes a trusted certificate (signatures chaining only to it become "non verificabile"). */
export function rimuoviFiduciario(db: Db, actor: UserActor, id: string): Esito<{ nome: string }> {
	if (!canEditTrustStore(actor)) return fail('forbidden', 'Solo l’amministratore può modificare le autorità fidate.');
	const row = repo.getFiduciario(db, actor.organismoId, id);
	if (!row) return fail('not_found', 'Certificato non trovato.');
	writeTransaction(db, () => {
		repo.deleteFiduciario(db, actor.organismoId, id);
		appendAudit(db, {
			action: 'firma.fiduciari.rimosso',
			organismoId: actor.organismoId,
			actorId: actor.id,
			entityType: 'firma_fiduciari',
			entityId: id,
			details: { nome: row.nome, impronta: row.impronta }
		});
	});
	return { ok: true, nome: row.nome };
}

/** The trust store as the administration page lists it. */
export function elencoFiduciari(db: Db, organismoId: string) {
	return repo.listFiduciari(db, organismoId).map((r) => {
		const c = parseCertificate(new Uint8Array(Buffer.from(r.certificato, 'base64')));
		return {
			id: r.id,
			nome: r.nome,
			impronta: r.impronta,
			fonte: r.fonte,
			validoAl: c ? c.notAfter.value.toISOString() : null,
			aggiuntoIl: r.createdAt.toISOString()
		};
	});
}

const canManage = canManageFirma;

export interface RecipientInput {
	nome: string;
	qualifica: string;
	codiceFiscale?: string | null;
	email?: string | null;
	userId?: string | null;
	mediatore?: boolean;
}

/** Recipients prefilled from the case: parties, representatives, lawyers, other participants, the mediator last. */
export function prefillDestinatari(db: Db, procedimentoId: string): RecipientInput[] {
	const soggetti = listParti(db, procedimentoId);
	const name = (p: { tipo: string; nome: string | null; cognome: string | null; denominazione: string | null }) =>
		p.tipo === 'giuridica' ? (p.denominazione ?? '') : [p.nome, p.cognome].filter(Boolean).join(' ');
	const absent = (s: (typeof soggetti)[number]) =>
		s.centroRuolo === 'invitata' && (s.adesione === 'rifiutato' || s.adesione === 'nessuna_risposta');
	const order: Record<string, [number, string]> = {
		parte: [0, 'Parte'],
		rappresentante: [1, 'Rappresentante'],
		avvocato: [2, 'Avvocato'],
		ctu: [3, 'Altro partecipante']
	};
	const list = soggetti
		.filter((s) => s.ruolo in order && !absent(s))
		.filter((s) => !(s.ruolo === 'parte' && s.persona.tipo === 'giuridica')) // a company signs through its representative
		.sort((a, b) => order[a.ruolo][0] - order[b.ruolo][0])
		.map((s) => ({
			nome: name(s.persona),
			qualifica: order[s.ruolo][1],
			codiceFiscale: s.persona.codiceFiscale,
			email: s.persona.pec ?? s.persona.email,
			userId: s.persona.userId
		}));
	return [...list, ...repo.assignments(db, procedimentoId).map((m) => ({ ...m, qualifica: 'Mediatore', mediatore: true }))];
}

/** Opens a processo di firma on a PDF of the fascicolo. */
export async function avviaProcesso(
	deps: FirmaDeps,
	actor: UserActor,
	ctx: CaseContext,
	input: {
		procedimentoId: string;
		documentoId: string;
		titolo?: string;
		scadenza: Date;
		destinatari?: RecipientInput[];
		sollecitoGiorni?: number;
	}
): Promise<Esito<{ id: string }>> {
	const { db } = deps;
	if (!canManage(actor, ctx)) return fail('forbidden', 'Solo il mediatore o la segreteria possono avviare un processo di firma.');
	const doc = repo.documentRow(db, input.documentoId);
	if (!doc || doc.procedimentoId !== input.procedimentoId) return fail('not_found', 'Documento non trovato nel fascicolo.');
	if (doc.mime !== 'application/pdf') return fail('invalid', 'Si può avviare un processo di firma solo su un PDF.');
	if (input.scadenza.getTime() <= Date.now()) return fail('invalid', 'La scadenza deve essere futura.');
	const dest = input.destinatari ?? prefillDestinatari(db, input.procedimentoId);
	const phase1 = dest.filter((d) => !d.mediatore);
	const mediators = dest.filter((d) => d.mediatore);
	if (!mediators.length) return fail('invalid', 'Il mediatore deve firmare per ultimo: manca tra i destinatari.');
	if (!phase1.length) return fail('invalid', 'Indica almeno un destinatario oltre al mediatore.');
	let fields: { name: string; signed: boolean }[] = [];
	try {
		fields = (await signatureFields(new Uint8Array(readFileSync(deps.store.path(doc.sha256))))).filter((f) => !f.signed);
	} catch {
		return fail('invalid', 'Il PDF non è leggibile.');
	}
	const ordered = [...phase1, ...mediators];
	const useFields = fields.length === ordered.length;
	const id = newId();
	writeTransaction(db, () => {
		repo.insertProcesso(
			db,
			{
				id,
				organismoId: ctx.organismoId,
				procedimentoId: input.procedimentoId,
				titolo: input.titolo?.trim() || doc.titolo,
				documentoOrigineId: doc.id,
				documentoCorrenteId: doc.id,
				scadenza: input.scadenza.toISOString(),
				sollecitoGiorni: input.sollecitoGiorni ?? 2,
				autoreId: actor.id
			},
			ordered.map((d, i) => ({
				organismoId: ctx.organismoId,
				processoId: id,
				ordine: i + 1,
				fase: d.mediatore ? 2 : 1,
				nome: d.nome,
				qualifica: d.qualifica,
				codiceFiscale: d.codiceFiscale?.toUpperCase() || null,
				email: d.email ?? null,
				userId: d.userId ?? null,
				campo: useFields ? fields[i].name : null
			}))
		);
		repo.addEvento(db, {
			organismoId: ctx.organismoId,
			processoId: id,
			tipo: 'avviato',
			messaggio: `Processo di firma avviato: ${ordered.length} destinatari, il mediatore per ultimo.`
		});
		appendAudit(db, {
			action: 'firma.processo.avviato',
			organismoId: ctx.organismoId,
			actorId: actor.id,
			entityType: 'firma_processo',
			entityId: id,
			details: { documentoId: doc.id, destinatari: ordered.length }
		});
	});
	return { ok: true, id };
}

interface Loaded {
	p: ProcessoRow;
	d: DestinatarioRow;
	all: DestinatarioRow[];
}

function load(db: Db, actor: FirmaActor, ctx: CaseContext, processoId: string, destinatarioId: string): Esito<Loaded> {
	const p = repo.getProcesso(db, ctx.organismoId, processoId);
	if (!p || p.procedimentoId !== ctx.procedimentoId) return fail('not_found', 'Processo di firma non trovato.');
	const all = repo.listDestinatari(db, processoId);
	const d = all.find((x) => x.id === destinatarioId);
	if (!d) return fail('not_found', 'Destinatario non trovato.');
	if (!canSignFor(actor, ctx, d)) return fail('forbidden', 'Non puoi firmare per questo destinatario.');
	if (p.stato !== 'in_corso') return fail('conflict', `Il processo di firma è ${p.stato.replace('_', ' ')}.`);
	if (new Date(p.scadenza).getTime() < Date.now()) return fail('conflict', 'Il termine per firmare è scaduto.');
	if (d.stato === 'firmato') return fail('conflict', `${d.nome} ha già firmato.`);
	if (d.stato === 'rifiutato' || d.stato === 'scaduto') return fail('conflict', `Il destinatario è nello stato «${d.stato}».`);
	if (d.fase === 2) {
		if (all.some((x) => x.fase === 1 && x.stato !== 'firmato'))
			return fail('conflict', 'Il mediatore firma per ultimo: mancano ancora firme.');
		if (!p.verificatoIl) return fail('conflict', 'Prima della firma il mediatore deve verificare le firme apposte (art. 8-bis).');
	}
	return { ok: true, p, d, all };
}

const locks = new Map<string, Promise<unknown>>();
/** One signature at a time per process (PAdES revisions are sequential). */
async function serialized<T>(key: string, fn: () => Promise<T>): Promise<T> {
	const prev = locks.get(key) ?? Promise.resolve();
	const next = prev.then(fn, fn);
	locks.set(
		key,
		next.catch(() => {})
	);
	return next;
}

function currentBytes(deps: FirmaDeps, p: ProcessoRow): { bytes: Uint8Array; doc: NonNullable<ReturnType<typeof repo.documentRow>> } {
	const doc = repo.documentRow(deps.db, p.documentoCorrenteId)!;
	return { bytes: new Uint8Array(readFileSync(deps.store.path(doc.sha256))), doc };
}

function storeActor(db: Db, p: ProcessoRow): UserActor {
	const u = p.autoreId ? getMember(db, p.organismoId, p.autoreId) : null;
	if (!u) throw new Error('process author missing');
	return loadActor(db, { id: u.id, organismoId: u.organismoId, membershipId: u.membershipId, role: u.role });
}

function firstKo(r: RapportoVerifica, indice?: number): string {
	const f = indice ? r.firme.find((x) => x.indice === indice) : r.firme.find((x) => x.esito === 'non_valida');
	return f?.controlli.find((c) => c.esito === 'ko')?.messaggio ?? r.sintesi;
}

/** Records a signature after the file is checked; the state only moves forward. */
async function recordSignature(
	deps: FirmaDeps,
	actor: FirmaActor,
	ctx: CaseContext,
	l: Loaded,
	input: { bytes: Uint8Array; nomeFile: string; metodo: 'dispositivo' | 'remota' | 'one_shot'; newRevision: boolean; certificato: object }
): Promise<Esito<{ documentoId: string }>> {
	const { db } = deps;
	const added = await addDocument(db, deps.store, storeActor(db, l.p), ctx, {
		procedimentoId: l.p.procedimentoId,
		serieId: input.newRevision ? repo.documentRow(db, l.p.documentoCorrenteId)!.serieId : null,
		titolo: input.newRevision ? null : `Firma CAdES di ${l.d.nome}`,
		nomeFile: input.nomeFile,
		bytes: input.bytes
	});
	if (!added.ok) return fail('invalid', added.message);
	const now = new Date().toISOString();
	const conflict = writeTransaction(db, () => {
		const fresh = repo.getProcesso(db, ctx.organismoId, l.p.id)!;
		if (fresh.documentoCorrenteId !== l.p.documentoCorrenteId || fresh.stato !== 'in_corso') return true;
		repo.updateDestinatario(db, l.d.id, {
			stato: 'firmato',
			metodo: input.metodo,
			firmatoIl: now,
			certificato: JSON.stringify(input.certificato),
			documentoId: added.id
		});
		if (input.newRevision) repo.updateProcesso(db, l.p.id, { documentoCorrenteId: added.id });
		repo.addEvento(db, {
			organismoId: ctx.organismoId,
			processoId: l.p.id,
			destinatarioId: l.d.id,
			tipo: 'firmato',
			messaggio: `${l.d.nome} ha firmato (${input.metodo === 'dispositivo' ? 'proprio dispositivo' : input.metodo === 'remota' ? 'firma remota' : 'firma one-shot'}).`
		});
		appendAudit(db, {
			action: 'firma.destinatario.firmato',
			organismoId: ctx.organismoId,
			actorId: firmaActorId(actor),
			entityType: 'firma_processo',
			entityId: l.p.id,
			details: {
				destinatarioId: l.d.id,
				metodo: input.metodo,
				documentoId: added.id,
				sha256: added.sha256,
				via: actor.kind === 'user' ? 'account' : 'link'
			}
		});
		return false;
	});
	if (conflict) return fail('conflict', 'Il documento è stato firmato da altri nel frattempo: scarica la versione aggiornata e riprova.');
	if (l.d.fase === 2) await complete(deps, actor, ctx, l.p.id);
	else if (repo.listDestinatari(db, l.p.id).every((x) => x.fase === 2 || x.stato === 'firmato'))
		await deps.hooks?.prontoPerMediatore?.({ processoId: l.p.id, organismoId: ctx.organismoId });
	return { ok: true, documentoId: added.id };
}

/** Signs the current revision through the remote provider (CSC: authorize with OTP, then signHash). */
export async function firmaRemota(
	deps: FirmaDeps,
	actor: FirmaActor,
	ctx: CaseContext,
	processoId: string,
	destinatarioId: string,
	input: { credentialId: string; otp: string; metodo?: 'remota' | 'one_shot' }
): Promise<Esito<{ documentoId: string }>> {
	const provider = deps.provider;
	if (!provider) return fail('invalid', 'Nessun servizio di firma remota configurato.');
	return serialized(processoId, async () => {
		const l = load(deps.db, actor, ctx, processoId, destinatarioId);
		if (!l.ok) return l;
		const ms = deps.providerTimeoutMs ?? 30_000;
		const timeoutMsg = 'Il servizio di firma remota non ha risposto in tempo: nessuna firma è stata apposta, riprova.';
		try {
			const creds = l.d.codiceFiscale ? await withTimeout(provider.listCredentials(l.d.codiceFiscale), ms, timeoutMsg) : [];
			const cred = creds.find((c) => c.id === input.credentialId);
			if (!cred) return fail('invalid', 'La credenziale di firma non appartiene a questo destinatario.');
			const signer: HashSigner = {
				certificate: cred.certificate,
				chain: cred.chain,
				signHash: async (h) => {
					const sad = await withTimeout(provider.authorize(cred.id, input.otp, [h]), ms, timeoutMsg);
					const [sig] = await withTimeout(provider.signHash(cred.id, sad, [h]), ms, timeoutMsg);
					return sig;
				}
			};
			const { bytes, doc } = currentBytes(deps, l.p);
			const signed = await signPdf(bytes, signer, {
				fieldName: l.d.campo ?? undefined,
				reason: 'Sottoscrizione del verbale',
				name: l.d.nome,
				tsaUrl: deps.tsaUrl
			});
			const check = await checkUpload(deps, l, signed.pdf, bytes, doc.nomeFile);
			if (!check.ok) return check;
			return recordSignature(deps, actor, ctx, l, {
				bytes: signed.pdf,
				nomeFile: doc.nomeFile,
				metodo: input.metodo ?? 'remota',
				newRevision: true,
				certificato: check.certificato
			});
		} catch (err) {
			const message =
				isProviderError(err) || err instanceof TsaError || err instanceof PdfSignError
					? err.message
					: 'Errore del servizio di firma remota: nessuna firma è stata apposta, riprova.';
			repo.addEvento(deps.db, { organismoId: ctx.organismoId, processoId, destinatarioId, tipo: 'errore', messaggio: message });
			return fail('conflict', message);
		}
	});
}

/** Asks the provider to send the OTP for the recipient's credential (or issues a one-shot certificate first). */
export async function preparaFirmaRemota(
	deps: FirmaDeps,
	actor: FirmaActor,
	ctx: CaseContext,
	processoId: string,
	destinatarioId: string,
	opts: { oneShot?: { identificazione: string } } = {}
): Promise<Esito<{ credentialId: string }>> {
	const provider = deps.provider;
	if (!provider) return fail('invalid', 'Nessun servizio di firma remota configurato.');
	const l = load(deps.db, actor, ctx, processoId, destinatarioId);
	if (!l.ok) return l;
	if (!l.d.codiceFiscale) return fail('invalid', 'Per la firma remota serve il codice fiscale del destinatario.');
	const ms = deps.providerTimeoutMs ?? 30_000;
	try {
		const cred = opts.oneShot
			? await withTimeout(
					provider.issueOneShot({ nome: l.d.nome, codiceFiscale: l.d.codiceFiscale, identificazione: opts.oneShot.identificazione }),
					ms,
					'Il servizio di firma non ha risposto.'
				)
			: (await withTimeout(provider.listCredentials(l.d.codiceFiscale), ms, 'Il servizio di firma non ha risposto.'))[0];
		if (!cred) return fail('invalid', `Nessuna credenziale di firma remota per il codice fiscale ${l.d.codiceFiscale}.`);
		await withTimeout(provider.sendOtp(cred.id), ms, 'Il servizio di firma non ha risposto.');
		return { ok: true, credentialId: cred.id };
	} catch (err) {
		const message = isProviderError(err) ? err.message : 'Errore del servizio di firma remota.';
		repo.addEvento(deps.db, { organismoId: ctx.organismoId, processoId, destinatarioId, tipo: 'errore', messaggio: message });
		return fail('conflict', message);
	}
}

/** A signed file uploaded by the recipient: PAdES over the current revision, or a CAdES .p7m of a revision. */
export async function caricaFirmato(
	deps: FirmaDeps,
	actor: FirmaActor,
	ctx: CaseContext,
	processoId: string,
	destinatarioId: string,
	input: { nomeFile: string; bytes: Uint8Array }
): Promise<Esito<{ documentoId: string }>> {
	return serialized(processoId, async () => {
		const l = load(deps.db, actor, ctx, processoId, destinatarioId);
		if (!l.ok) return l;
		const { bytes: current } = currentBytes(deps, l.p);
		const check = await checkUpload(deps, l, input.bytes, current, input.nomeFile);
		if (!check.ok) return check;
		return recordSignature(deps, actor, ctx, l, {
			bytes: input.bytes,
			nomeFile: input.nomeFile,
			metodo: 'dispositivo',
			newRevision: check.pdf,
			certificato: check.certificato
		});
	});
}

function isRevisionOf(content: Uint8Array, current: Uint8Array): boolean {
	if (content.length > current.length) return false;
	if (!Buffer.from(current.subarray(0, content.length)).equals(Buffer.from(content))) return false;
	return content.length === current.length || /%%EOF\s*$/.test(Buffer.from(content.subarray(content.length - 16)).toString('latin1'));
}

async function checkUpload(
	deps: FirmaDeps,
	l: Loaded,
	bytes: Uint8Array,
	current: Uint8Array,
	nomeFile: string
): Promise<Esito<{ pdf: boolean; certificato: object }>> {
	const attesi = l.d.codiceFiscale ? [l.d.codiceFiscale] : [];
	const r = await verifyFile({ nome: nomeFile, bytes, trusted: trustStore(deps.db, l.p.organismoId), attesi });
	if (r.esito === 'non_firmato') return fail('invalid', 'Il file caricato non contiene firme digitali.');
	const isPdf = r.file.formato === 'pdf';
	if (isPdf && !isRevisionOf(current, bytes))
		return fail('invalid', 'Il PDF firmato non è la versione corrente del documento: scarica la versione aggiornata e firma quella.');
	if (!isPdf) {
		if (r.file.formato === 'p7s') return fail('invalid', 'Carica una busta .p7m con il documento incluso (non una firma separata .p7s).');
		const content = r.contenuto;
		if (!content || content.formato !== 'pdf') return fail('invalid', 'La busta firmata non contiene il documento di questo processo.');
	}
	// The new signatures: those not covering only an older revision (PAdES), or the whole envelope (CAdES).
	const fresh = isPdf
		? r.firme.filter((f) => f.byteRange && f.byteRange[2] + f.byteRange[3] > current.length)
		: r.firme.filter((f) => f.formato !== 'PAdES');
	const bad = r.firme.find((f) => f.esito === 'non_valida');
	if (bad) return fail('invalid', `La firma non è valida: ${firstKo(r, bad.indice)}`);
	if (!isPdf) {
		// The signed content must be a revision of the current document.
		const der = (await import('./verify/asn1.ts')).derFromAny(bytes)!;
		const { verifyCades } = await import('./verify/cms.ts');
		const inner = await verifyCades(der, { trusted: [], attesi: [], now: new Date(), revocation: { timeoutMs: 1 } });
		if (!inner.contenuto || !isRevisionOf(inner.contenuto, current))
			return fail('invalid', 'La busta firmata contiene un documento diverso da quello di questo processo.');
	}
	if (!fresh.length) return fail('invalid', 'Il file non contiene una nuova firma rispetto alla versione corrente.');
	const mine = fresh.find((f) => !attesi.length || f.firmatario?.codiceFiscale === attesi[0]);
	if (!mine) {
		const who = fresh[0].firmatario;
		return fail(
			'invalid',
			`Il file è firmato da ${who?.nome ?? 'un altro firmatario'}${who?.codiceFiscale ? ` (CF ${who.codiceFiscale})` : ''}, non da ${l.d.nome}${l.d.codiceFiscale ? ` (CF ${l.d.codiceFiscale})` : ''}.`
		);
	}
	if (r.pdfa && r.pdfa.dichiarato && !r.pdfa.integro)
		return fail('invalid', `Il file firmato non è più conforme PDF/A: ${r.pdfa.problemi.join('; ')}.`);
	const c = mine.firmatario!;
	return {
		ok: true,
		pdf: isPdf,
		certificato: { nome: c.nome, codiceFiscale: c.codiceFiscale, emittente: c.emittente, seriale: c.seriale, esito: mine.esito }
	};
}

/** The verification of the whole process: the PAdES signatures of the current PDF and every CAdES envelope. */
export async function verificaProcesso(deps: FirmaDeps, p: ProcessoRow): Promise<RapportoVerifica> {
	const { db } = deps;
	const all = repo.listDestinatari(db, p.id);
	const { bytes, doc } = currentBytes(deps, p);
	const trusted = trustStore(db, p.organismoId);
	const attesi = all.map((d) => d.codiceFiscale).filter((c): c is string => !!c);
	const r = await verifyFile({ nome: doc.nomeFile, bytes, trusted });
	for (const d of all) {
		if (!d.documentoId || d.documentoId === p.documentoCorrenteId) continue;
		const env = repo.documentRow(db, d.documentoId);
		if (!env || env.mime === 'application/pdf') continue;
		const e = await verifyFile({ nome: env.nomeFile, bytes: new Uint8Array(readFileSync(deps.store.path(env.sha256))), trusted });
		for (const f of e.firme.filter((x) => x.formato !== 'PAdES')) r.firme.push({ ...f, indice: r.firme.length + 1 });
	}
	const found = new Set(r.firme.map((f) => f.firmatario?.codiceFiscale).filter(Boolean));
	const missing = all.filter((d) => d.stato === 'firmato' && d.codiceFiscale && !found.has(d.codiceFiscale));
	if (missing.length) r.problemi.push(`Firma registrata ma non trovata nel documento: ${missing.map((d) => d.nome).join(', ')}.`);
	r.destinatariAttesi = attesi;
	const s = summary(r.firme, r.problemi);
	return { ...r, esito: missing.length ? 'non_valida' : s.esito, sintesi: s.sintesi };
}

/** The mediator's check before signing last (art. 8-bis): every other signature present, valid and intact. */
export async function verificaMediatore(
	deps: FirmaDeps,
	actor: UserActor,
	ctx: CaseContext,
	processoId: string
): Promise<Esito<{ rapporto: RapportoVerifica }>> {
	const p = repo.getProcesso(deps.db, ctx.organismoId, processoId);
	if (!p || p.procedimentoId !== ctx.procedimentoId) return fail('not_found', 'Processo di firma non trovato.');
	if (!canManage(actor, ctx)) return fail('forbidden', 'Solo il mediatore o la segreteria possono verificare le firme.');
	if (p.stato !== 'in_corso') return fail('conflict', `Il processo di firma è ${p.stato.replace('_', ' ')}.`);
	const all = repo.listDestinatari(deps.db, processoId);
	const waiting = all.filter((d) => d.fase === 1 && d.stato !== 'firmato');
	if (waiting.length) return fail('conflict', `Mancano ancora le firme di: ${waiting.map((d) => d.nome).join(', ')}.`);
	const rapporto = await verificaProcesso(deps, p);
	if (rapporto.esito !== 'valida') {
		repo.addEvento(deps.db, {
			organismoId: ctx.organismoId,
			processoId,
			tipo: 'verifica_fallita',
			messaggio: `Verifica non superata: ${rapporto.sintesi} ${rapporto.problemi.join(' ')}`
		});
		return fail('conflict', `Verifica non superata: ${rapporto.sintesi} ${firstKo(rapporto)}`.trim());
	}
	writeTransaction(deps.db, () => {
		repo.updateProcesso(deps.db, processoId, { verificatoIl: new Date().toISOString() });
		repo.addEvento(deps.db, {
			organismoId: ctx.organismoId,
			processoId,
			tipo: 'verificato',
			messaggio: `Il mediatore ha verificato presenza, validità e integrità delle firme: ${rapporto.sintesi}`
		});
	});
	return { ok: true, rapporto };
}

/** After the mediator's signature: final rapporto stored with the document, then the hand-off hooks. */
async function complete(deps: FirmaDeps, actor: FirmaActor, ctx: CaseContext, processoId: string): Promise<void> {
	const p = repo.getProcesso(deps.db, ctx.organismoId, processoId)!;
	const rapporto = await verificaProcesso(deps, p);
	const pdf = await renderRapportoPdf(rapporto, getOrganismoById(deps.db, ctx.organismoId)?.denominazione ?? '');
	const added = await addDocument(deps.db, deps.store, storeActor(deps.db, p), ctx, {
		procedimentoId: p.procedimentoId,
		titolo: `Rapporto di verifica – ${p.titolo}`,
		nomeFile: 'rapporto-di-verifica.pdf',
		bytes: pdf
	});
	const rapportoId = writeTransaction(deps.db, () => {
		const id = repo.saveVerifica(deps.db, {
			organismoId: ctx.organismoId,
			documentoId: p.documentoCorrenteId,
			esito: rapporto.esito,
			sintesi: rapporto.sintesi,
			rapporto: JSON.stringify(rapporto),
			rapportoPdfId: added.ok ? added.id : null
		});
		repo.updateProcesso(deps.db, processoId, { stato: 'completato', completatoIl: new Date().toISOString() });
		repo.addEvento(deps.db, {
			organismoId: ctx.organismoId,
			processoId,
			tipo: 'depositato',
			messaggio: 'Documento firmato da tutti e depositato presso la segreteria.'
		});
		appendAudit(deps.db, {
			action: 'firma.processo.depositato',
			organismoId: ctx.organismoId,
			actorId: firmaActorId(actor),
			entityType: 'firma_processo',
			entityId: processoId,
			details: { documentoId: p.documentoCorrenteId, rapportoId: id, esito: rapporto.esito }
		});
		return id;
	});
	await deps.hooks?.completato?.({ processoId, procedimentoId: p.procedimentoId, documentoId: p.documentoCorrenteId, rapportoId });
}

export function segnaVisto(db: Db, actor: FirmaActor, ctx: CaseContext, processoId: string, destinatarioId: string): Esito {
	const l = load(db, actor, ctx, processoId, destinatarioId);
	if (!l.ok) return l;
	if (l.d.stato !== 'inviato') return { ok: true };
	writeTransaction(db, () => {
		repo.updateDestinatario(db, l.d.id, { stato: 'visto' });
		repo.addEvento(db, {
			organismoId: ctx.organismoId,
			processoId,
			destinatarioId,
			tipo: 'visto',
			messaggio: `${l.d.nome} ha aperto il documento.`
		});
	});
	return { ok: true };
}

/** The recipient refuses to sign, with a reason; the mediator and the segreteria are told (hook `rifiutato`). */
export async function rifiuta(
	deps: Pick<FirmaDeps, 'db' | 'hooks'>,
	actor: FirmaActor,
	ctx: CaseContext,
	processoId: string,
	destinatarioId: string,
	motivo: string
): Promise<Esito> {
	const { db } = deps;
	const l = load(db, actor, ctx, processoId, destinatarioId);
	if (!l.ok) return l;
	if (l.d.fase === 2) return fail('conflict', 'Il mediatore non rifiuta la firma: se il documento non va firmato, annulla il processo.');
	writeTransaction(db, () => {
		repo.updateDestinatario(db, l.d.id, { stato: 'rifiutato', motivoRifiuto: motivo.slice(0, 2000) });
		repo.addEvento(db, {
			organismoId: ctx.organismoId,
			processoId,
			destinatarioId,
			tipo: 'rifiutato',
			messaggio: `${l.d.nome} ha rifiutato di firmare: ${motivo}`
		});
		appendAudit(db, {
			action: 'firma.destinatario.rifiutato',
			organismoId: ctx.organismoId,
			actorId: firmaActorId(actor),
			entityType: 'firma_processo',
			entityId: processoId,
			details: { destinatarioId, via: actor.kind === 'user' ? 'account' : 'link' }
		});
	});
	await deps.hooks?.rifiutato?.({ processoId, organismoId: ctx.organismoId, destinatarioId });
	return { ok: true };
}

/**
 * Removes a recipient who has not signed yet (a party who left the case, a wrong address): their
 * personal link stops working at once. At least one other recipient must remain before the mediator.
 */
export async function rimuoviDestinatario(
	deps: Pick<FirmaDeps, 'db' | 'hooks'>,
	actor: UserActor,
	ctx: CaseContext,
	processoId: string,
	destinatarioId: string
): Promise<Esito<{ nome: string }>> {
	const { db } = deps;
	const p = repo.getProcesso(db, ctx.organismoId, processoId);
	if (!p || p.procedimentoId !== ctx.procedimentoId) return fail('not_found', 'Processo di firma non trovato.');
	if (!canManage(actor, ctx)) return fail('forbidden', 'Solo il mediatore o la segreteria possono modificare i destinatari.');
	if (p.stato !== 'in_corso') return fail('conflict', `Il processo di firma è ${p.stato.replace('_', ' ')}.`);
	const all = repo.listDestinatari(db, processoId);
	const d = all.find((x) => x.id === destinatarioId);
	if (!d) return fail('not_found', 'Destinatario non trovato.');
	if (d.fase === 2) return fail('conflict', 'Il mediatore firma per ultimo e non può essere rimosso.');
	if (d.stato === 'firmato') return fail('conflict', `${d.nome} ha già firmato: la firma resta nel documento.`);
	if (all.filter((x) => x.fase === 1 && x.id !== d.id).length === 0)
		return fail('conflict', 'Deve restare almeno un destinatario oltre al mediatore: annulla il processo, se serve.');
	writeTransaction(db, () => {
		repo.deleteDestinatario(db, processoId, d.id);
		repo.addEvento(db, {
			organismoId: ctx.organismoId,
			processoId,
			destinatarioId: d.id,
			tipo: 'rimosso',
			messaggio: `${d.nome} rimosso dai destinatari: il suo link personale non è più valido.`
		});
		appendAudit(db, {
			action: 'firma.destinatario.rimosso',
			organismoId: ctx.organismoId,
			actorId: actor.id,
			entityType: 'firma_processo',
			entityId: processoId,
			details: { destinatarioId: d.id, nome: d.nome, stato: d.stato }
		});
	});
	if (repo.listDestinatari(db, processoId).every((x) => x.fase === 2 || x.stato === 'firmato'))
		await deps.hooks?.prontoPerMediatore?.({ processoId, organismoId: ctx.organismoId });
	return { ok: true, nome: d.nome };
}

export function annulla(db: Db, actor: UserActor, ctx: CaseContext, processoId: string, motivo: string): Esito {
	const p = repo.getProcesso(db, ctx.organismoId, processoId);
	if (!p || p.procedimentoId !== ctx.procedimentoId) return fail('not_found', 'Processo di firma non trovato.');
	if (!canManage(actor, ctx)) return fail('forbidden', 'Solo il mediatore o la segreteria possono annullare il processo.');
	if (p.stato !== 'in_corso') return fail('conflict', `Il processo di firma è ${p.stato.replace('_', ' ')}.`);
	writeTransaction(db, () => {
		repo.updateProcesso(db, processoId, { stato: 'annullato' });
		repo.addEvento(db, {
			organismoId: ctx.organismoId,
			processoId,
			tipo: 'annullato',
			messaggio: `Processo annullato: ${motivo}. Le firme già apposte restano nel fascicolo.`
		});
		appendAudit(db, {
			action: 'firma.processo.annullato',
			organismoId: ctx.organismoId,
			actorId: actor.id,
			entityType: 'firma_processo',
			entityId: processoId,
			details: { motivo }
		});
	});
	return { ok: true };
}

/**
 * Reminders and expiry (to be scheduled by the job runner): recipients still to sign get a
 * reminder every `sollecitoGiorni` days; past the deadline they become "scaduto" and the process too.
 */
export function sollecitiEScadenze(db: Db, processo: ProcessoRow, now = new Date()): { sollecitati: DestinatarioRow[]; scaduto: boolean } {
	if (processo.stato !== 'in_corso') return { sollecitati: [], scaduto: false };
	const all = repo.listDestinatari(db, processo.id);
	const open = all.filter((d) => d.stato === 'inviato' || d.stato === 'visto');
	if (new Date(processo.scadenza) < now) {
		writeTransaction(db, () => {
			for (const d of open) repo.updateDestinatario(db, d.id, { stato: 'scaduto' });
			repo.updateProcesso(db, processo.id, { stato: 'scaduto' });
			repo.addEvento(db, {
				organismoId: processo.organismoId,
				processoId: processo.id,
				tipo: 'scaduto',
				messaggio: 'Termine per firmare scaduto. Le firme già apposte restano nel fascicolo.'
			});
		});
		return { sollecitati: [], scaduto: true };
	}
	if (!processo.sollecitoGiorni) return { sollecitati: [], scaduto: false };
	// Only who can sign now: the first phase, or the mediator once every other signature is in.
	const phaseOneOpen = all.some((d) => d.fase === 1 && d.stato !== 'firmato');
	const due = open
		.filter((d) => (phaseOneOpen ? d.fase === 1 : d.fase === 2))
		.filter((d) => {
			const last = new Date(d.ultimoSollecito ?? processo.createdAt.toISOString()).getTime();
			return now.getTime() - last >= processo.sollecitoGiorni * 86_400_000;
		});
	writeTransaction(db, () => {
		for (const d of due) {
			repo.updateDestinatario(db, d.id, { ultimoSollecito: now.toISOString() });
			repo.addEvento(db, {
				organismoId: processo.organismoId,
				processoId: processo.id,
				destinatarioId: d.id,
				tipo: 'sollecito',
				messaggio: `Sollecito inviato a ${d.nome}.`
			});
		}
	});
	return { sollecitati: due, scaduto: false };
}

/** What the monitoring panel shows. */
export function pannello(db: Db, processoId: string) {
	return { destinatari: repo.listDestinatari(db, processoId), eventi: repo.listEventi(db, processoId) };
}

const SIGNABLE = new Set(['application/pdf', 'application/pkcs7-mime', 'application/pkcs7-signature', 'application/x-pkcs7-mime']);

/**
 * Verifies a document of the fascicolo (any PDF or CAdES envelope uploaded anywhere in the case) and
 * stores the rapporto with it: the JSON in firma_verifiche and its PDF as a document of the same
 * fascicolo ("Rapporto di verifica – …", as reserved as the file, under the file's author).
 * Unsigned PDFs store nothing. Returns the stored verification.
 */
export async function verificaDocumento(
	deps: Pick<FirmaDeps, 'db' | 'store'>,
	organismoId: string,
	documentoId: string,
	opts: { timeoutMs?: number } = {}
): Promise<{ esito: string; sintesi: string; rapportoPdfId: string | null } | null> {
	const doc = repo.documentRow(deps.db, documentoId);
	if (!doc || !SIGNABLE.has(doc.mime)) return null;
	const bytes = new Uint8Array(readFileSync(deps.store.path(doc.sha256)));
	const r = await verifyFile({ nome: doc.nomeFile, bytes, trusted: trustStore(deps.db, organismoId), timeoutMs: opts.timeoutMs ?? 5000 });
	if (r.esito === 'non_firmato' && doc.mime === 'application/pdf') return null;
	let rapportoPdfId: string | null = null;
	const author = doc.autoreId ? getMember(deps.db, organismoId, doc.autoreId) : null;
	const ctx = loadCaseContext(deps.db, doc.procedimentoId);
	if (author && ctx && ctx.organismoId === organismoId) {
		const pdf = await renderRapportoPdf(r, getOrganismoById(deps.db, organismoId)?.denominazione ?? '');
		const actor = loadActor(deps.db, { id: author.id, organismoId, membershipId: author.membershipId, role: author.role });
		const added = await addDocument(deps.db, deps.store, actor, ctx, {
			procedimentoId: doc.procedimentoId,
			titolo: `Rapporto di verifica – ${doc.titolo}`,
			nomeFile: `rapporto-di-verifica-${doc.nomeFile.replace(/\.[^.]*$/, '')}.pdf`,
			bytes: pdf,
			riservato: doc.riservato
		});
		if (added.ok) rapportoPdfId = added.id;
	}
	repo.saveVerifica(deps.db, {
		organismoId,
		documentoId,
		esito: r.esito,
		sintesi: r.sintesi,
		rapporto: JSON.stringify(r),
		rapportoPdfId
	});
	return { esito: r.esito, sintesi: r.sintesi, rapportoPdfId };
}

/** The latest stored verification of each document (for the fascicolo list). */
export function verificheDi(db: Db, documentoIds: string[]): Map<string, { esito: string; sintesi: string; rapportoPdfId: string | null }> {
	const out = new Map<string, { esito: string; sintesi: string; rapportoPdfId: string | null }>();
	for (const id of documentoIds) {
		const v = repo.latestVerifica(db, id);
		if (v) out.set(id, { esito: v.esito, sintesi: v.sintesi, rapportoPdfId: v.rapportoPdfId });
	}
	return out;
}
