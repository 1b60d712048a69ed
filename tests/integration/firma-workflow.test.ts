import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseContext, UserActor as Actor } from '#db/access/index.ts';
import type { Db } from '#db/client.ts';
import { addDocument } from '#db/documents/repo.ts';
import { fileStoreFor, type FileStore } from '#db/documents/storage.ts';
import { LocalCscProvider } from '#db/firma/provider.ts';
import * as repo from '#db/firma/repo.ts';
import {
	annulla,
	avviaProcesso,
	caricaFirmato,
	firmaRemota,
	importaFiduciari,
	pannello,
	preparaFirmaRemota,
	prefillDestinatari,
	segnaVisto,
	sollecitiEScadenze,
	verificaMediatore,
	type FirmaDeps
} from '#db/firma/service.ts';
import { signPdf } from '#db/firma/sign/pades.ts';
import { KeySigner } from '#db/firma/sign/signer.ts';
import { verifyFile } from '#db/firma/verify/index.ts';
import { parseCertificate } from '#db/firma/verify/trust.ts';
import { ensureReferenceData } from '#db/organismi/reference-data.ts';
import { loadCaseContext } from '#db/procedimenti/context.ts';
import { codiceFiscaleCheckChar } from '#db/procedimenti/fiscal.ts';
import { createProcedimento } from '#db/procedimenti/repo.ts';
import { ProcedimentoInput } from '#db/procedimenti/schemas.ts';
import { assegnazioni, materie } from '#db/schema.ts';
import { newId } from '#db/shared/ids.ts';
import { markupToDoc } from '#db/verbali/markup.ts';
import { renderVerbalePdf } from '#db/verbali/pdf.ts';
import { createOrganismo, createTestDb, createUser } from '../helpers/db.ts';
import { pdfsig, ensurePdfsig } from '../helpers/pdfsig.ts';
import { startTestPki, type PkiCert, type TestPki } from '../helpers/pki.ts';
import { samplePdf } from '../helpers/documents-samples.ts';

// The signing workflow end to end on a real SQLite file: a verbale di accordo with two parties and
// two lawyers; three sign through the (local, CSC-shaped) remote provider, one uploads a .p7m made
// with OpenSSL, the mediator verifies and signs last; bad input never moves the state backwards.

const cf = (first15: string) => first15 + codiceFiscaleCheckChar(first15);
const CF = {
	a: cf('RSSMRA80A01H501'),
	b: cf('BNCNNA85M41F205'),
	la: cf('VRDLCU70A01F205'),
	lb: cf('NRELSA75C41F205'),
	m: cf('MDTCRL75C41F205')
};

let t: ReturnType<typeof createTestDb>;
let db: Db;
let store: FileStore;
let pki: TestPki;
let provider: LocalCscProvider;
let deps: FirmaDeps;
let certs: Record<keyof typeof CF, PkiCert>;
let segreteria: Actor;
let mediatore: Actor;
let admin: Actor;
let procedimentoId: string;
let ctx: () => CaseContext;
let verbaleId: string;

const cred = (c: PkiCert, id: string) => ({
	id,
	nome: c.name,
	codiceFiscale: c.cf,
	certificate: c.der,
	chain: [],
	keyPem: readFileSync(c.keyPath, 'utf8')
});

beforeAll(async () => {
	ensurePdfsig();
	t = createTestDb();
	db = t.db;
	store = fileStoreFor(db);
	pki = await startTestPki();
	certs = {
		a: pki.issue({ name: 'Mario Rossi', cf: CF.a }),
		b: pki.issue({ name: 'Anna Bianchi', cf: CF.b }),
		la: pki.issue({ name: 'Luca Verdi', cf: CF.la }),
		lb: pki.issue({ name: 'Elsa Neri', cf: CF.lb }),
		m: pki.issue({ name: 'Carla Mediatrice', cf: CF.m })
	};
	provider = new LocalCscProvider({
		credentials: [cred(certs.a, 'cred-a'), cred(certs.la, 'cred-la'), cred(certs.lb, 'cred-lb'), cred(certs.m, 'cred-m')],
		oneShot: async (identity) => {
			const c = pki.issue({ name: identity.nome, cf: identity.codiceFiscale });
			return cred(c, `oneshot-${identity.codiceFiscale}`);
		}
	});
	deps = { db, store, provider, tsaUrl: pki.tsaUrl, providerTimeoutMs: 10_000 };

	const { organismoId, sedeId } = createOrganismo(db);
	ensureReferenceData(db, organismoId);
	const u = async (role: Actor['role'], nome: string, cognome: string) => {
		const x = await createUser(db, organismoId, role, { nome, cognome });
		return { kind: 'user', id: x.id, organismoId, role, sedeIds: null } as Actor;
	};
	segreteria = await u('segreteria', 'Sara', 'Segreteria');
	mediatore = await u('mediatore', 'Carla', 'Mediatrice');
	admin = await u('amministratore', 'Ada', 'Admin');
	const materiaId = db
		.select({ id: materie.id })
		.from(materie)
		.where(and(eq(materie.organismoId, organismoId), eq(materie.nome, 'Condominio')))
		.get()!.id;
	const input = ProcedimentoInput.parse({
		richiestaId: `firma-${organismoId}`,
		sedeId,
		dataDeposito: '2026-11-02',
		modalita: 'telematica',
		tipologia: 'volontaria',
		materiaId,
		oggetto: 'Spese della facciata',
		valoreTipo: 'determinato',
		valore: '18.500,00',
		parti: [
			{
				ruolo: 'istante',
				tipo: 'fisica',
				nome: 'Mario',
				cognome: 'Rossi',
				codiceFiscale: CF.a,
				email: 'mario@example.it',
				avvNome: 'Luca',
				avvCognome: 'Verdi',
				avvCodiceFiscale: CF.la,
				avvPec: 'luca.verdi@pec.it'
			},
			{
				ruolo: 'invitata',
				tipo: 'fisica',
				nome: 'Anna',
				cognome: 'Bianchi',
				codiceFiscale: CF.b,
				email: 'anna@example.it',
				avvNome: 'Elsa',
				avvCognome: 'Neri',
				avvCodiceFiscale: CF.lb,
				avvPec: 'elsa.neri@pec.it'
			}
		]
	});
	const r = createProcedimento(db, segreteria, input);
	if (!r.ok) throw new Error(r.message);
	procedimentoId = r.id;
	db.insert(assegnazioni).values({ id: newId(), procedimentoId, mediatoreId: mediatore.id, metodo: 'rotazione', stato: 'accettata' }).run();
	ctx = () => loadCaseContext(db, procedimentoId)!;

	// The Organismo trusts the test CA (imported as a trusted-list XML).
	const xml = `<TrustServiceStatusList><X509Certificate>${Buffer.from(pki.ca.cert.der).toString('base64')}</X509Certificate></TrustServiceStatusList>`;
	expect(importaFiduciari(db, admin, 'lista.xml', new TextEncoder().encode(xml))).toMatchObject({ ok: true, aggiunti: 1 });
	expect(importaFiduciari(db, segreteria, 'lista.xml', new TextEncoder().encode(xml)).ok).toBe(false);

	const names = prefillDestinatari(db, procedimentoId);
	const pdf = await renderVerbalePdf({
		titolo: 'Verbale di accordo',
		organismo: 'Organismo di prova',
		organismoRegistro: '9999',
		numero: '2026/1',
		versione: 'Versione 1 – Versione per la firma',
		doc: markupToDoc('# Verbale di accordo\nLe parti convengono quanto segue.'),
		firmatari: names.map((n) => ({ nome: n.nome, qualifica: n.qualifica }))
	});
	const added = await addDocument(db, store, mediatore, ctx(), { procedimentoId, nomeFile: 'verbale.pdf', bytes: pdf.bytes });
	if (!added.ok) throw new Error(added.message);
	verbaleId = added.id;
});
afterAll(async () => {
	await pki?.close();
	t?.cleanup();
});

const byName = (processoId: string, nome: string) => repo.listDestinatari(db, processoId).find((d) => d.nome === nome)!;

async function remote(processoId: string, nome: string) {
	const d = byName(processoId, nome);
	const prep = await preparaFirmaRemota(deps, segreteria, ctx(), processoId, d.id);
	if (!prep.ok) return prep;
	return firmaRemota(deps, segreteria, ctx(), processoId, d.id, {
		credentialId: prep.credentialId,
		otp: provider.otpFor(prep.credentialId)!
	});
}

describe('processo di firma', () => {
	it('recipients come prefilled from the case: parties, lawyers, the mediator last', () => {
		expect(prefillDestinatari(db, procedimentoId).map((d) => [d.qualifica, d.nome])).toEqual([
			['Parte', 'Mario Rossi'],
			['Parte', 'Anna Bianchi'],
			['Avvocato', 'Luca Verdi'],
			['Avvocato', 'Elsa Neri'],
			['Mediatore', 'Carla Mediatrice']
		]);
	});

	it('two parties and two lawyers sign (three remote, one .p7m), the mediator verifies and signs last', async () => {
		const dest = prefillDestinatari(db, procedimentoId).map((d) => (d.mediatore ? { ...d, codiceFiscale: CF.m } : d));
		const completed: string[] = [];
		deps.hooks = { completato: (e) => void completed.push(e.documentoId) };
		const start = await avviaProcesso(deps, mediatore, ctx(), {
			procedimentoId,
			documentoId: verbaleId,
			scadenza: new Date(Date.now() + 7 * 86_400_000),
			destinatari: dest
		});
		if (!start.ok) throw new Error(start.message);
		const id = start.id;
		// Each recipient gets the verbale's own signature field, in order.
		expect(repo.listDestinatari(db, id).map((d) => [d.fase, d.campo?.slice(0, 8)])).toEqual([
			[1, 'firma_01'],
			[1, 'firma_02'],
			[1, 'firma_03'],
			[1, 'firma_04'],
			[2, 'firma_05']
		]);
		expect(segnaVisto(db, segreteria, ctx(), id, byName(id, 'Mario Rossi').id).ok).toBe(true);

		// The mediator cannot sign before the others, nor verify yet.
		const early = await remote(id, 'Carla Mediatrice');
		expect(early).toMatchObject({ ok: false, code: 'conflict' });
		expect((await verificaMediatore(deps, mediatore, ctx(), id)).ok).toBe(false);

		expect((await remote(id, 'Mario Rossi')).ok).toBe(true);
		expect((await remote(id, 'Luca Verdi')).ok).toBe(true);

		// Anna Bianchi has no remote credential: she downloads the current revision and signs it with
		// her own software (openssl cms -sign -cades -nodetach), then uploads the .p7m.
		const current = () =>
			new Uint8Array(
				readFileSync(store.path(repo.documentRow(db, repo.getProcesso(db, mediatore.organismoId, id)!.documentoCorrenteId)!.sha256))
			);
		const anna = byName(id, 'Anna Bianchi');
		// Bad input first: unsigned, signed by someone else, tampered: clear messages, nothing changes.
		const unsigned = await caricaFirmato(deps, segreteria, ctx(), id, anna.id, { nomeFile: 'verbale.pdf', bytes: current() });
		expect(unsigned).toMatchObject({ ok: false, message: 'Il file non contiene una nuova firma rispetto alla versione corrente.' });
		const plain = await caricaFirmato(deps, segreteria, ctx(), id, anna.id, {
			nomeFile: 'nota.txt',
			bytes: new TextEncoder().encode('solo testo, nessuna firma')
		});
		expect(plain).toMatchObject({ ok: false, message: 'Il file caricato non contiene firme digitali.' });
		const other = await caricaFirmato(deps, segreteria, ctx(), id, anna.id, {
			nomeFile: 'v.pdf.p7m',
			bytes: pki.cades(current(), certs.lb)
		});
		expect(other.ok).toBe(false);
		expect(!other.ok && other.message).toMatch(/firmato da Elsa Neri .*non da Anna Bianchi/);
		const tampered = pki.cades(current(), certs.b);
		tampered[Buffer.from(tampered).indexOf('Verbale') + 1] ^= 1;
		const bad = await caricaFirmato(deps, segreteria, ctx(), id, anna.id, { nomeFile: 'v.pdf.p7m', bytes: tampered });
		expect(!bad.ok && bad.message).toMatch(/non è valida/);
		const wrongDoc = await caricaFirmato(deps, segreteria, ctx(), id, anna.id, {
			nomeFile: 'x.pdf.p7m',
			bytes: pki.cades(await samplePdf('altro'), certs.b)
		});
		expect(!wrongDoc.ok && wrongDoc.message).toMatch(/documento diverso/);
		expect(byName(id, 'Anna Bianchi').stato).toBe('inviato');
		const p7m = await caricaFirmato(deps, segreteria, ctx(), id, anna.id, {
			nomeFile: 'verbale.pdf.p7m',
			bytes: pki.cades(current(), certs.b)
		});
		expect(p7m.ok).toBe(true);

		// The provider fails, then times out, in the middle of Elsa Neri's signature: nothing is lost.
		const before = repo.getProcesso(db, mediatore.organismoId, id)!.documentoCorrenteId;
		const elsa = byName(id, 'Elsa Neri');
		const prep = await preparaFirmaRemota(deps, segreteria, ctx(), id, elsa.id);
		if (!prep.ok) throw new Error(prep.message);
		provider.fault = 'timeout';
		const timeout = await firmaRemota({ ...deps, providerTimeoutMs: 1500 }, segreteria, ctx(), id, elsa.id, {
			credentialId: prep.credentialId,
			otp: provider.otpFor(prep.credentialId)!
		});
		expect(!timeout.ok && timeout.message).toMatch(/non ha risposto in tempo/);
		const wrongOtp = await firmaRemota(deps, segreteria, ctx(), id, elsa.id, { credentialId: prep.credentialId, otp: '000000x' });
		expect(!wrongOtp.ok && wrongOtp.message).toMatch(/OTP errato/);
		expect(repo.getProcesso(db, mediatore.organismoId, id)!.documentoCorrenteId).toBe(before);
		expect(byName(id, 'Elsa Neri').stato).toBe('inviato');
		expect(pannello(db, id).eventi.filter((e) => e.tipo === 'errore')).toHaveLength(2);
		expect((await remote(id, 'Elsa Neri')).ok).toBe(true);

		// The panel shows every state.
		expect(pannello(db, id).destinatari.map((d) => [d.nome, d.stato, d.metodo])).toEqual([
			['Mario Rossi', 'firmato', 'remota'],
			['Anna Bianchi', 'firmato', 'dispositivo'],
			['Luca Verdi', 'firmato', 'remota'],
			['Elsa Neri', 'firmato', 'remota'],
			['Carla Mediatrice', 'inviato', null]
		]);
		expect(JSON.parse(byName(id, 'Anna Bianchi').certificato!)).toMatchObject({ nome: 'Anna Bianchi', codiceFiscale: CF.b });

		// The mediator must verify first, then signs last.
		const unverified = await remote(id, 'Carla Mediatrice');
		expect(!unverified.ok && unverified.message).toMatch(/verificare le firme/);
		const v = await verificaMediatore(deps, mediatore, ctx(), id);
		if (!v.ok) throw new Error(v.message);
		expect(v.rapporto.firme.map((f) => f.firmatario?.codiceFiscale).sort()).toEqual([CF.a, CF.b, CF.la, CF.lb].sort());
		expect((await remote(id, 'Carla Mediatrice')).ok).toBe(true);

		const p = repo.getProcesso(db, mediatore.organismoId, id)!;
		expect(p.stato).toBe('completato');
		expect(completed).toEqual([p.documentoCorrenteId]);
		// The final PDF verifies with every PAdES signature (ours and pdfsig); the .p7m signature is listed in the rapporto.
		const finalPdf = current();
		// Anna Bianchi's field stays empty (she signed the CAdES envelope): pdfsig lists it without a signer.
		const poppler = pdfsig(finalPdf).filter((s) => s.signer);
		expect(poppler.map((s) => s.signer)).toEqual(['Mario Rossi', 'Luca Verdi', 'Elsa Neri', 'Carla Mediatrice']);
		expect(poppler.every((s) => s.valid)).toBe(true);
		const trusted = [parseCertificate(pki.ca.cert.der)!];
		expect((await verifyFile({ nome: 'f.pdf', bytes: finalPdf, trusted })).esito).toBe('valida');
		const saved = repo.latestVerifica(db, p.documentoCorrenteId)!;
		expect(saved.esito).toBe('valida');
		const rapporto = JSON.parse(saved.rapporto) as { firme: { firmatario: { codiceFiscale: string } }[] };
		expect(rapporto.firme.map((f) => f.firmatario.codiceFiscale).sort()).toEqual(Object.values(CF).sort());
		expect(saved.rapportoPdfId).not.toBeNull();

		// Nothing moves backwards after completion.
		expect((await remote(id, 'Mario Rossi')).ok).toBe(false);
		expect(annulla(db, mediatore, ctx(), id, 'prova').ok).toBe(false);
	});

	it('a PAdES signed elsewhere must extend the current revision; one-shot signature; reminders and expiry', async () => {
		const dest = [
			{ nome: 'Mario Rossi', qualifica: 'Parte', codiceFiscale: CF.a },
			{ nome: 'Gino Nuovo', qualifica: 'Altro partecipante', codiceFiscale: cf('NVOGNI70A01H501') },
			{ nome: 'Carla Mediatrice', qualifica: 'Mediatore', codiceFiscale: CF.m, mediatore: true }
		];
		const start = await avviaProcesso(deps, segreteria, ctx(), {
			procedimentoId,
			documentoId: verbaleId,
			scadenza: new Date(Date.now() + 3 * 86_400_000),
			destinatari: dest,
			sollecitoGiorni: 1
		});
		if (!start.ok) throw new Error(start.message);
		const id = start.id;
		const original = new Uint8Array(readFileSync(store.path(repo.documentRow(db, verbaleId)!.sha256)));
		// Mario signs the original with his own software (PAdES by our signer as "his" tool).
		const mario = byName(id, 'Mario Rossi');
		const signed = await signPdf(original, new KeySigner(readFileSync(certs.a.keyPath, 'utf8'), certs.a.der));
		expect((await caricaFirmato(deps, segreteria, ctx(), id, mario.id, { nomeFile: 'verbale.pdf', bytes: signed.pdf })).ok).toBe(true);
		// Gino signs the original too (stale revision): refused, no signature lost.
		const gino = byName(id, 'Gino Nuovo');
		const stale = await signPdf(original, new KeySigner(readFileSync(certs.la.keyPath, 'utf8'), certs.la.der));
		const r = await caricaFirmato(deps, segreteria, ctx(), id, gino.id, { nomeFile: 'verbale.pdf', bytes: stale.pdf });
		expect(!r.ok && r.message).toMatch(/non è la versione corrente/);
		// One-shot: a certificate issued on the spot after identification, then the same CSC flow.
		const prep = await preparaFirmaRemota(deps, segreteria, ctx(), id, gino.id, { oneShot: { identificazione: 'SPID' } });
		if (!prep.ok) throw new Error(prep.message);
		const os = await firmaRemota(deps, segreteria, ctx(), id, gino.id, {
			credentialId: prep.credentialId,
			otp: provider.otpFor(prep.credentialId)!,
			metodo: 'one_shot'
		});
		expect(os.ok).toBe(true);
		expect(byName(id, 'Gino Nuovo')).toMatchObject({ stato: 'firmato', metodo: 'one_shot' });
		// Reminders to who has not signed, then expiry: signed ones stay signed.
		const p = repo.getProcesso(db, segreteria.organismoId, id)!;
		const rem = sollecitiEScadenze(db, p, new Date(Date.now() + 25 * 3_600_000));
		expect(rem.sollecitati.map((d) => d.nome)).toEqual(['Carla Mediatrice']);
		const exp = sollecitiEScadenze(db, repo.getProcesso(db, segreteria.organismoId, id)!, new Date(Date.now() + 4 * 86_400_000));
		expect(exp.scaduto).toBe(true);
		expect(repo.listDestinatari(db, id).map((d) => d.stato)).toEqual(['firmato', 'firmato', 'scaduto']);
	});

	it('bad input: the provider fails after authorizing, expired and revoked certificates; nothing moves backwards, no signature lost', async () => {
		const start = await avviaProcesso(deps, segreteria, ctx(), {
			procedimentoId,
			documentoId: verbaleId,
			scadenza: new Date(Date.now() + 3 * 86_400_000),
			destinatari: [
				{ nome: 'Luca Verdi', qualifica: 'Avvocato', codiceFiscale: CF.la },
				{ nome: 'Mario Rossi', qualifica: 'Parte', codiceFiscale: CF.a },
				{ nome: 'Anna Bianchi', qualifica: 'Parte', codiceFiscale: CF.b },
				{ nome: 'Carla Mediatrice', qualifica: 'Mediatore', codiceFiscale: CF.m, mediatore: true }
			]
		});
		if (!start.ok) throw new Error(start.message);
		const id = start.id;
		const doc = () => repo.getProcesso(db, segreteria.organismoId, id)!.documentoCorrenteId;
		const bytes = () => new Uint8Array(readFileSync(store.path(repo.documentRow(db, doc())!.sha256)));
		expect((await remote(id, 'Luca Verdi')).ok).toBe(true);
		const afterLuca = doc();
		// The provider authorizes the hash (OTP consumed), then fails at signHash: nothing recorded,
		// Luca's signature still in the current revision, a clear message; a new OTP then signs.
		const mario = byName(id, 'Mario Rossi');
		const prep = await preparaFirmaRemota(deps, segreteria, ctx(), id, mario.id);
		if (!prep.ok) throw new Error(prep.message);
		provider.fault = 'errore';
		provider.faultOn = 'signHash';
		const failed = await firmaRemota(deps, segreteria, ctx(), id, mario.id, {
			credentialId: prep.credentialId,
			otp: provider.otpFor(prep.credentialId)!
		});
		expect(failed).toMatchObject({ ok: false, message: 'Errore interno del servizio di firma.' });
		expect(provider.fault).toBeNull();
		expect(provider.otpFor(prep.credentialId)).toBeNull(); // it failed after the authorization consumed the OTP
		expect(byName(id, 'Mario Rossi').stato).toBe('inviato');
		expect(doc()).toBe(afterLuca);
		const again = await firmaRemota(deps, segreteria, ctx(), id, mario.id, { credentialId: prep.credentialId, otp: '123456' });
		expect(!again.ok && again.message).toMatch(/OTP errato o scaduto/); // the consumed OTP is not reusable
		expect((await remote(id, 'Mario Rossi')).ok).toBe(true);
		const both = await verifyFile({ nome: 'v.pdf', bytes: bytes(), trusted: [parseCertificate(pki.ca.cert.der)!] });
		expect(both.firme.map((f) => [f.firmatario?.nome, f.esito])).toEqual([
			['Luca Verdi', 'valida'],
			['Mario Rossi', 'valida']
		]);
		// Anna uploads .p7m files made with an expired and with a revoked certificate: refused in Italian.
		const anna = byName(id, 'Anna Bianchi');
		const expired = pki.issue({ name: 'Anna Bianchi', cf: CF.b, startDate: '20200101000000Z', endDate: '20210101000000Z' });
		const r1 = await caricaFirmato(deps, segreteria, ctx(), id, anna.id, { nomeFile: 'v.pdf.p7m', bytes: pki.cades(bytes(), expired) });
		expect(!r1.ok && r1.message).toMatch(/^La firma non è valida: Certificato scaduto il /);
		const revoked = pki.issue({ name: 'Anna Bianchi', cf: CF.b });
		pki.revoke(revoked);
		const r2 = await caricaFirmato(deps, segreteria, ctx(), id, anna.id, { nomeFile: 'v.pdf.p7m', bytes: pki.cades(bytes(), revoked) });
		expect(!r2.ok && r2.message).toMatch(/^La firma non è valida: Certificato revocato/);
		expect(byName(id, 'Anna Bianchi').stato).toBe('inviato');
		expect(repo.listDestinatari(db, id).map((d) => d.stato)).toEqual(['firmato', 'firmato', 'inviato', 'inviato']);
		expect(
			(await caricaFirmato(deps, segreteria, ctx(), id, anna.id, { nomeFile: 'v.pdf.p7m', bytes: pki.cades(bytes(), certs.b) })).ok
		).toBe(true);
	});

	it('only the mediator or the segreteria start a process, on a PDF, with the mediator among the recipients', async () => {
		const parte = await createUser(db, segreteria.organismoId, 'parte');
		const asParte = { kind: 'user', id: parte.id, organismoId: segreteria.organismoId, role: 'parte' } as Actor;
		const r1 = await avviaProcesso(deps, asParte, ctx(), {
			procedimentoId,
			documentoId: verbaleId,
			scadenza: new Date(Date.now() + 86_400_000)
		});
		expect(r1).toMatchObject({ ok: false, code: 'forbidden' });
		const r2 = await avviaProcesso(deps, segreteria, ctx(), {
			procedimentoId,
			documentoId: verbaleId,
			scadenza: new Date(Date.now() + 86_400_000),
			destinatari: [{ nome: 'Mario Rossi', qualifica: 'Parte', codiceFiscale: CF.a }]
		});
		expect(!r2.ok && r2.message).toMatch(/mediatore deve firmare per ultimo/);
		const r3 = await avviaProcesso(deps, segreteria, ctx(), {
			procedimentoId,
			documentoId: verbaleId,
			scadenza: new Date(Date.now() - 1000)
		});
		expect(!r3.ok && r3.message).toMatch(/scadenza deve essere futura/);
	});
});

describe('signed files uploaded into the fascicolo', () => {
	it('are verified at once and the rapporto is stored with the document; unsigned PDFs store nothing', async () => {
		const { verificaDocumento, verificheDi } = await import('#db/firma/service.ts');
		const p7m = await addDocument(db, store, segreteria, ctx(), {
			procedimentoId,
			nomeFile: 'memoria.pdf.p7m',
			bytes: pki.cades(await samplePdf('Memoria'), certs.a)
		});
		const plain = await addDocument(db, store, segreteria, ctx(), { procedimentoId, nomeFile: 'nota.pdf', bytes: await samplePdf('Nota') });
		if (!p7m.ok || !plain.ok) throw new Error('upload');
		const v = await verificaDocumento({ db, store }, segreteria.organismoId, p7m.id);
		expect(v).toMatchObject({ esito: 'valida', sintesi: '1 firma valida.' });
		// The rapporto's PDF is stored in the fascicolo beside the file, and names the signer.
		const pdfRow = repo.documentRow(db, v!.rapportoPdfId!)!;
		expect(pdfRow).toMatchObject({
			procedimentoId,
			mime: 'application/pdf',
			titolo: 'Rapporto di verifica – memoria.pdf',
			riservato: false
		});
		const { execFileSync } = await import('node:child_process');
		const text = execFileSync('pdftotext', [store.path(pdfRow.sha256), '-']).toString('utf8');
		expect(text).toContain('Mario Rossi');
		expect(text).toContain(CF.a);
		expect(repo.latestVerifica(db, p7m.id)!.rapportoPdfId).toBe(pdfRow.id);
		expect(await verificaDocumento({ db, store }, segreteria.organismoId, plain.id)).toBeNull();
		const map = verificheDi(db, [p7m.id, plain.id]);
		expect(map.get(p7m.id)?.esito).toBe('valida');
		expect(map.has(plain.id)).toBe(false);
		expect(JSON.parse(repo.latestVerifica(db, p7m.id)!.rapporto).firme[0].firmatario.codiceFiscale).toBe(CF.a);
	});
});
