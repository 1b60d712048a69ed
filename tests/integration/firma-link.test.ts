import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseContext, UserActor as Actor } from '#db/access/index.ts';
import type { Db } from '#db/client.ts';
import { addDocument } from '#db/documents/repo.ts';
import { fileStoreFor, type FileStore } from '#db/documents/storage.ts';
import { avvisaRifiuto, inviaRichieste } from '#db/firma/invii.ts';
import { LINK_MESSAGES, resolveSigningLink, signingLinkPath } from '#db/firma/link.ts';
import * as repo from '#db/firma/repo.ts';
import {
	annulla,
	avviaProcesso,
	caricaFirmato,
	firmaRemota,
	importaFiduciari,
	preparaFirmaRemota,
	rifiuta,
	rimuoviDestinatario,
	segnaVisto,
	type FirmaDeps
} from '#db/firma/service.ts';
import { signingKey } from '#db/organismi/keys.ts';
import { ensureReferenceData } from '#db/organismi/reference-data.ts';
import { loadCaseContext } from '#db/procedimenti/context.ts';
import { codiceFiscaleCheckChar } from '#db/procedimenti/fiscal.ts';
import { createProcedimento } from '#db/procedimenti/repo.ts';
import { ProcedimentoInput } from '#db/procedimenti/schemas.ts';
import { createInvito } from '#db/rooms/invitations.ts';
import { signGuestToken } from '#db/rooms/guest-token.ts';
import { ensureStanza } from '#db/rooms/repo.ts';
import { assegnazioni, casellePosta, materie, messaggi, messaggiDestinatari, notifiche } from '#db/schema.ts';
import { newId } from '#db/shared/ids.ts';
import { createOrganismo, createTestDb, createUser } from '../helpers/db.ts';
import { startTestPki, type PkiCert, type TestPki } from '../helpers/pki.ts';
import { samplePdf } from '../helpers/documents-samples.ts';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectoryCscProvider } from '#db/firma/provider-settings.ts';
import { verifyFile } from '#db/firma/verify/index.ts';
import { parseCertificate } from '#db/firma/verify/trust.ts';
import { ensurePdfsig, pdfsig } from '../helpers/pdfsig.ts';

// Personal signing links for recipients without an account: /firma/<token>, signed with the
// Organismo's own key, expiring with the process, revoked when the recipient is removed or the
// process cancelled, checked on every action; refusals told to the mediator and the segreteria; and
// one-shot signing through the local provider over a directory, its certificate issued on the spot
// by the test CA. Real SQLite file, real OpenSSL-made CA, certificates and CAdES, real CRL server.

const cf = (first15: string) => first15 + codiceFiscaleCheckChar(first15);
const CF = { a: cf('RSSMRA80A01H501'), b: cf('BNCNNA85M41F205'), m: cf('MDTCRL75C41F205') };
const SECRET = undefined;

let t: ReturnType<typeof createTestDb>;
let db: Db;
let store: FileStore;
let pki: TestPki;
let mario: PkiCert;
let anna: PkiCert;
const org: Record<'a' | 'b', { organismoId: string; segreteria: Actor; mediatore: Actor; caso: string; pdf: string }> = {} as never;

const ctxOf = (id: string): CaseContext => loadCaseContext(db, id)!;
const deps = (): FirmaDeps => ({ db, store, provider: null });

async function setupOrganismo(key: 'a' | 'b') {
	const o = createOrganismo(db, { denominazione: `Organismo ${key.toUpperCase()}` });
	ensureReferenceData(db, o.organismoId);
	const u = async (role: Actor['role'], nome: string) => {
		const x = await createUser(db, o.organismoId, role, { nome, cognome: key.toUpperCase() });
		return { kind: 'user', id: x.id, organismoId: o.organismoId, role, sedeIds: null } as Actor;
	};
	const segreteria = await u('segreteria', 'Sara');
	const mediatore = await u('mediatore', 'Carla');
	const admin = await u('amministratore', 'Ada');
	const materiaId = db
		.select({ id: materie.id })
		.from(materie)
		.where(and(eq(materie.organismoId, o.organismoId), eq(materie.nome, 'Condominio')))
		.get()!.id;
	const r = createProcedimento(
		db,
		segreteria,
		ProcedimentoInput.parse({
			richiestaId: `link-${key}-${o.organismoId}`,
			sedeId: o.sedeId,
			dataDeposito: '2026-11-02',
			modalita: 'telematica',
			tipologia: 'volontaria',
			materiaId,
			oggetto: 'Spese della facciata',
			valoreTipo: 'determinato',
			valore: '18.500,00',
			parti: [
				{ ruolo: 'istante', tipo: 'fisica', nome: 'Mario', cognome: 'Rossi', codiceFiscale: CF.a, email: 'mario@example.it' },
				{ ruolo: 'invitata', tipo: 'fisica', nome: 'Anna', cognome: 'Bianchi', codiceFiscale: CF.b, email: 'anna@example.it' }
			]
		})
	);
	if (!r.ok) throw new Error(r.message);
	db.insert(assegnazioni)
		.values({ id: newId(), procedimentoId: r.id, mediatoreId: mediatore.id, metodo: 'rotazione', stato: 'accettata' })
		.run();
	const added = await addDocument(db, store, segreteria, ctxOf(r.id), {
		procedimentoId: r.id,
		nomeFile: 'accordo.pdf',
		bytes: await samplePdf(`Accordo ${key}`)
	});
	if (!added.ok) throw new Error(added.message);
	const xml = `<TrustServiceStatusList><X509Certificate>${Buffer.from(pki.ca.cert.der).toString('base64')}</X509Certificate></TrustServiceStatusList>`;
	expect(importaFiduciari(db, admin, 'lista.xml', new TextEncoder().encode(xml)).ok).toBe(true);
	org[key] = { organismoId: o.organismoId, segreteria, mediatore, caso: r.id, pdf: added.id };
}

/** A process with two parties without an account and the mediator last. */
async function avvia(key: 'a' | 'b', giorni = 7): Promise<string> {
	const o = org[key];
	const r = await avviaProcesso(deps(), o.segreteria, ctxOf(o.caso), {
		procedimentoId: o.caso,
		documentoId: o.pdf,
		scadenza: new Date(Date.now() + giorni * 86_400_000),
		destinatari: [
			{ nome: 'Mario Rossi', qualifica: 'Parte', codiceFiscale: CF.a, email: 'mario@example.it' },
			{ nome: 'Anna Bianchi', qualifica: 'Parte', codiceFiscale: CF.b, email: 'anna@example.it' },
			{ nome: 'Carla A', qualifica: 'Mediatore', codiceFiscale: CF.m, userId: o.mediatore.id, mediatore: true }
		]
	});
	if (!r.ok) throw new Error(r.message);
	return r.id;
}

const dest = (processoId: string, nome: string) => repo.listDestinatari(db, processoId).find((d) => d.nome === nome)!;
const tokenOf = (processoId: string, nome: string) => {
	const p = repo.getProcesso(db, repo.listDestinatari(db, processoId)[0].organismoId, processoId)!;
	return signingLinkPath(db, p, dest(processoId, nome), SECRET).slice('/firma/'.length);
};
const currentPdf = (organismoId: string, processoId: string) =>
	new Uint8Array(
		readFileSync(store.path(repo.documentRow(db, repo.getProcesso(db, organismoId, processoId)!.documentoCorrenteId)!.sha256))
	);

beforeAll(async () => {
	t = createTestDb();
	db = t.db;
	store = fileStoreFor(db);
	pki = await startTestPki();
	mario = pki.issue({ name: 'Mario Rossi', cf: CF.a });
	anna = pki.issue({ name: 'Anna Bianchi', cf: CF.b });
	await setupOrganismo('a');
	await setupOrganismo('b');
});
afterAll(async () => {
	await pki?.close();
	t?.cleanup();
});

describe('personal signing links', () => {
	it('open the recipient page for that recipient alone: seen, upload a .p7m, nothing for the others', async () => {
		const id = await avvia('a');
		const link = resolveSigningLink(db, tokenOf(id, 'Mario Rossi'), SECRET);
		if (!link.ok) throw new Error(link.message);
		expect(link.destinatario.nome).toBe('Mario Rossi');
		expect(link.actor).toMatchObject({ kind: 'firma_link', processoId: id, organismoId: org.a.organismoId });
		expect(segnaVisto(db, link.actor, link.ctx, id, link.destinatario.id).ok).toBe(true);
		expect(dest(id, 'Mario Rossi').stato).toBe('visto');
		// Mario's link cannot act for Anna (same process) nor for the mediator.
		const forAnna = await caricaFirmato(deps(), link.actor, link.ctx, id, dest(id, 'Anna Bianchi').id, {
			nomeFile: 'a.pdf.p7m',
			bytes: pki.cades(currentPdf(org.a.organismoId, id), anna)
		});
		expect(forAnna).toMatchObject({ ok: false, code: 'forbidden' });
		expect(segnaVisto(db, link.actor, link.ctx, id, dest(id, 'Anna Bianchi').id).ok).toBe(false);
		expect(dest(id, 'Anna Bianchi').stato).toBe('inviato');
		// Nor a process of another case through the same link.
		const other = await avvia('a');
		expect(segnaVisto(db, link.actor, link.ctx, other, dest(other, 'Mario Rossi').id).ok).toBe(false);
		// His own signature through the link: recorded without an account, audited as "link".
		const own = await caricaFirmato(deps(), link.actor, link.ctx, id, link.destinatario.id, {
			nomeFile: 'accordo.pdf.p7m',
			bytes: pki.cades(currentPdf(org.a.organismoId, id), mario)
		});
		expect(own.ok).toBe(true);
		expect(dest(id, 'Mario Rossi')).toMatchObject({ stato: 'firmato', metodo: 'dispositivo' });
	});

	it('the invitation carries the personal link for recipients without an account', async () => {
		db.insert(casellePosta)
			.values({
				id: newId(),
				organismoId: org.a.organismoId,
				canale: 'email',
				nome: 'Segreteria A',
				indirizzo: 'segreteria@a.example.it',
				smtpHost: '127.0.0.1',
				smtpPort: 2525,
				smtpSicurezza: 'nessuna',
				utente: 'a',
				passwordCifrata: 'x'
			})
			.run();
		const id = await avvia('a');
		await inviaRichieste({ db, store, origin: 'https://accordo.example.it' }, id, org.a.organismoId);
		const toMario = db
			.select()
			.from(messaggi)
			.where(eq(messaggi.richiestaId, `firma:${id}:${dest(id, 'Mario Rossi').id}:invito:1`))
			.get()!;
		const url = /https:\/\/accordo\.example\.it\/firma\/([A-Za-z0-9_.-]+)/.exec(toMario.testo);
		expect(url).not.toBeNull();
		const link = resolveSigningLink(db, url![1], SECRET);
		expect(link.ok && link.destinatario.nome).toBe('Mario Rossi');
	});

	it('are refused when forged, of another Organismo, a room link, expired, removed or cancelled', async () => {
		const id = await avvia('a');
		const good = tokenOf(id, 'Anna Bianchi');
		const [kid, body, sig] = good.split('.');
		// Tampered payload (another process id) or signature.
		const otherProcess = await avvia('a');
		const forgedBody = Buffer.from(
			JSON.stringify({ i: dest(otherProcess, 'Anna Bianchi').id, s: otherProcess, e: Date.now() + 86_400_000 })
		).toString('base64url');
		expect(resolveSigningLink(db, `${kid}.${forgedBody}.${sig}`, SECRET)).toMatchObject({ ok: false, message: LINK_MESSAGES.invalid });
		expect(resolveSigningLink(db, `${kid}.${body}.${sig.slice(0, -2)}AA`, SECRET)).toMatchObject({
			ok: false,
			message: LINK_MESSAGES.invalid
		});
		expect(resolveSigningLink(db, 'nonsense', SECRET).ok).toBe(false);
		// Organismo B's key signing a payload naming A's process: B's key never opens A's process.
		const keyB = signingKey(db, org.b.organismoId, 'firma_link', SECRET);
		const crossB = signGuestToken({ kid: keyB.kid, key: keyB.key }, { i: dest(id, 'Anna Bianchi').id, s: id, e: Date.now() + 86_400_000 });
		expect(resolveSigningLink(db, crossB, SECRET)).toMatchObject({ ok: false, message: LINK_MESSAGES.invalid });
		// B's own valid link works only in B.
		const idB = await avvia('b');
		const linkB = resolveSigningLink(db, tokenOf(idB, 'Anna Bianchi'), SECRET);
		if (!linkB.ok) throw new Error(linkB.message);
		expect(linkB.actor.organismoId).toBe(org.b.organismoId);
		expect(segnaVisto(db, linkB.actor, ctxOf(org.a.caso), id, dest(id, 'Anna Bianchi').id).ok).toBe(false);
		// A room guest link of the same Organismo is not a signing link (another key family).
		ensureStanza(db, org.a.caso);
		const invito = createInvito(db, org.a.segreteria, {
			procedimentoId: org.a.caso,
			soggettoId: null,
			nome: 'Osservatore',
			ruolo: 'uditore'
		});
		if (!invito.ok) throw new Error(invito.message);
		expect(resolveSigningLink(db, invito.token, SECRET)).toMatchObject({ ok: false, message: LINK_MESSAGES.invalid });
		// Expired with the process's deadline.
		expect(resolveSigningLink(db, good, SECRET, Date.now() + 8 * 86_400_000)).toMatchObject({ ok: false, message: LINK_MESSAGES.expired });
		// Removed recipient: revoked at once; the others keep theirs.
		const marioToken = tokenOf(id, 'Mario Rossi');
		const removed = await rimuoviDestinatario(deps(), org.a.segreteria, ctxOf(org.a.caso), id, dest(id, 'Anna Bianchi').id);
		expect(removed).toMatchObject({ ok: true, nome: 'Anna Bianchi' });
		expect(resolveSigningLink(db, good, SECRET)).toMatchObject({ ok: false, message: LINK_MESSAGES.revoked });
		expect(resolveSigningLink(db, marioToken, SECRET).ok).toBe(true);
		// The last first-phase recipient cannot be removed; the mediator neither.
		expect((await rimuoviDestinatario(deps(), org.a.segreteria, ctxOf(org.a.caso), id, dest(id, 'Mario Rossi').id)).ok).toBe(false);
		expect((await rimuoviDestinatario(deps(), org.a.segreteria, ctxOf(org.a.caso), id, dest(id, 'Carla A').id)).ok).toBe(false);
		// Cancelled process: every link refused.
		expect(annulla(db, org.a.segreteria, ctxOf(org.a.caso), id, 'documento sbagliato').ok).toBe(true);
		expect(resolveSigningLink(db, marioToken, SECRET)).toMatchObject({ ok: false, message: LINK_MESSAGES.cancelled });
	});
});

describe('refusals', () => {
	it('through the link: the mediator and the segreteria are told in the app and by e-mail, once', async () => {
		const id = await avvia('a');
		const link = resolveSigningLink(db, tokenOf(id, 'Anna Bianchi'), SECRET);
		if (!link.ok) throw new Error(link.message);
		const told: string[] = [];
		const r = await rifiuta(
			{ db, hooks: { rifiutato: (e) => void told.push(e.destinatarioId) } },
			link.actor,
			link.ctx,
			id,
			link.destinatario.id,
			'Non condivido la clausola 3'
		);
		expect(r.ok).toBe(true);
		expect(told).toEqual([link.destinatario.id]);
		const invio = { db, store, origin: 'https://accordo.example.it' };
		expect(await avvisaRifiuto(invio, id, org.a.organismoId, link.destinatario.id)).toEqual({ notifiche: 2, email: 2 });
		// Again (a retried request): nothing new.
		expect(await avvisaRifiuto(invio, id, org.a.organismoId, link.destinatario.id)).toEqual({ notifiche: 0, email: 0 });
		for (const u of [org.a.mediatore, org.a.segreteria]) {
			const n = db.select().from(notifiche).where(eq(notifiche.userId, u.id)).all();
			expect(n.filter((x) => x.titolo === 'Firma rifiutata' && x.link?.endsWith(`/firma/${id}`))).toHaveLength(1);
		}
		const msg = db
			.select()
			.from(messaggi)
			.where(like(messaggi.richiestaId, `firma:${id}:rifiuto:%`))
			.all();
		expect(msg).toHaveLength(1);
		expect(msg[0].testo).toContain('Non condivido la clausola 3');
		const to = db.select().from(messaggiDestinatari).where(eq(messaggiDestinatari.messaggioId, msg[0].id)).all();
		const mediatoreEmail = repo.assignments(db, org.a.caso)[0].email;
		expect(to.map((d) => d.indirizzo).sort()).toEqual([mediatoreEmail, 'segreteria@a.example.it'].sort());
		// A refusal moves nothing backwards: the link cannot sign after it.
		const after = await caricaFirmato(deps(), link.actor, link.ctx, id, link.destinatario.id, {
			nomeFile: 'a.pdf.p7m',
			bytes: pki.cades(currentPdf(org.a.organismoId, id), anna)
		});
		expect(after).toMatchObject({ ok: false, code: 'conflict' });
		expect(dest(id, 'Anna Bianchi').stato).toBe('rifiutato');
	});
});

describe('one-shot signature (local provider, certificate issued by the test CA on the spot)', () => {
	it('a recipient without an account identifies (CIE), gets a certificate and signs with the OTP; the signature verifies, revocation by CRL', async () => {
		ensurePdfsig();
		const dir = mkdtempSync(join(tmpdir(), 'accordo-provider-'));
		try {
			const provider = new DirectoryCscProvider(dir);
			const d = (): FirmaDeps => ({ db, store, provider, providerTimeoutMs: 10_000 });
			const id = await avvia('a');
			const link = resolveSigningLink(db, tokenOf(id, 'Anna Bianchi'), SECRET);
			if (!link.ok) throw new Error(link.message);
			// Without the CA the provider says it offers no one-shot; nothing changes.
			const none = await preparaFirmaRemota(d(), link.actor, link.ctx, id, link.destinatario.id, { oneShot: { identificazione: 'CIE' } });
			expect(none).toMatchObject({ ok: false, message: 'Firma one-shot non disponibile presso questo servizio.' });
			writeFileSync(
				join(dir, 'ca.json'),
				JSON.stringify({
					certificatePem: pki.ca.cert.pem,
					keyPem: readFileSync(pki.ca.cert.keyPath, 'utf8'),
					crlUrl: `${pki.baseUrl}/ca.crl?ca=${pki.ca.dir.split('/').pop()}`
				})
			);
			const prep = await preparaFirmaRemota(d(), link.actor, link.ctx, id, link.destinatario.id, { oneShot: { identificazione: 'CIE' } });
			if (!prep.ok) throw new Error(prep.message);
			expect(prep.credentialId).toMatch(/^oneshot-/);
			const otpFile = join(dir, 'otp', `${prep.credentialId}.txt`);
			expect(existsSync(otpFile)).toBe(true);
			const wrong = await firmaRemota(d(), link.actor, link.ctx, id, link.destinatario.id, {
				credentialId: prep.credentialId,
				otp: '000000',
				metodo: 'one_shot'
			});
			expect(!wrong.ok && wrong.message).toMatch(/OTP errato/);
			expect(dest(id, 'Anna Bianchi').stato).toBe('inviato');
			const crlHits = pki.hits.crl;
			const signed = await firmaRemota(d(), link.actor, link.ctx, id, link.destinatario.id, {
				credentialId: prep.credentialId,
				otp: readFileSync(otpFile, 'utf8').trim(),
				metodo: 'one_shot'
			});
			if (!signed.ok) throw new Error(signed.message);
			expect(pki.hits.crl).toBeGreaterThan(crlHits);
			const anna = dest(id, 'Anna Bianchi');
			expect(anna).toMatchObject({ stato: 'firmato', metodo: 'one_shot' });
			expect(JSON.parse(anna.certificato!)).toMatchObject({
				nome: 'Anna Bianchi',
				codiceFiscale: CF.b,
				emittente: 'Accordo Test Qualified CA'
			});
			// The signed revision verifies (ours: valid, qualified, not revoked; poppler: intact).
			const pdf = currentPdf(org.a.organismoId, id);
			const r = await verifyFile({ nome: 'a.pdf', bytes: pdf, trusted: [parseCertificate(pki.ca.cert.der)!], attesi: [CF.b] });
			expect(r.esito).toBe('valida');
			const checks = r.firme[0].controlli.map((c) => `${c.esito} ${c.messaggio}`);
			expect(checks).toContainEqual(expect.stringMatching(/^ok Certificato non revocato \(CRL\)/));
			expect(pdfsig(pdf).map((x) => [x.signer, x.valid])).toEqual([['Anna Bianchi', true]]);
			// The same OTP cannot sign twice; the state never goes back.
			const again = await firmaRemota(d(), link.actor, link.ctx, id, link.destinatario.id, {
				credentialId: prep.credentialId,
				otp: '123456',
				metodo: 'one_shot'
			});
			expect(again).toMatchObject({ ok: false, code: 'conflict' });
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
