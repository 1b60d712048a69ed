import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseContext, UserActor as Actor } from '#db/access/index.ts';
import type { Db } from '#db/client.ts';
import { addDocument } from '#db/documents/repo.ts';
import { fileStoreFor, type FileStore } from '#db/documents/storage.ts';
import { inviaRichieste, trasmettiFirmato } from '#db/firma/invii.ts';
import { sollecitiFirma } from '#db/firma/jobs.ts';
import { sollecitaOra } from '#db/firma/pannello.ts';
import { DirectoryCscProvider } from '#db/firma/provider-settings.ts';
import * as repo from '#db/firma/repo.ts';
import { annulla, avviaProcesso, caricaFirmato, verificaMediatore, type FirmaDeps, type RecipientInput } from '#db/firma/service.ts';
import { ensureReferenceData } from '#db/organismi/reference-data.ts';
import { loadCaseContext } from '#db/procedimenti/context.ts';
import { codiceFiscaleCheckChar } from '#db/procedimenti/fiscal.ts';
import { createProcedimento } from '#db/procedimenti/repo.ts';
import { ProcedimentoInput } from '#db/procedimenti/schemas.ts';
import { casellePosta, materie, messaggi, messaggiAllegati, notifiche } from '#db/schema.ts';
import { newId } from '#db/shared/ids.ts';
import { createOrganismo, createTestDb, createUser } from '../helpers/db.ts';
import { samplePdf } from '../helpers/documents-samples.ts';
import { startTestPki, type TestPki } from '../helpers/pki.ts';

// What the signing workflow sends (comunicazioni outbox + in-app notices), the reminders job, the
// local provider over a directory, and the case boundary of every process use case. Real SQLite
// file, real OpenSSL certificates, no mail server needed: messages are checked in the outbox.

const cf = (first15: string) => first15 + codiceFiscaleCheckChar(first15);
const CF = { a: cf('RSSMRA80A01H501'), l: cf('VRDLCU70A01F205'), m: cf('MDTCRL75C41F205') };

let t: ReturnType<typeof createTestDb>;
let db: Db;
let store: FileStore;
let organismoId: string;
let segreteria: Actor;
let avvocato: Actor;
let mediatore: Actor;
let casoA: string;
let casoB: string;
let pdfA: string;
let pdfB: string;
let pki: TestPki;

const ctxOf = (id: string): CaseContext => loadCaseContext(db, id)!;
const deps = (): FirmaDeps => ({ db, store, provider: null });
const invio = () => ({ db, store, origin: 'https://accordo.example.it' });

async function caso(richiestaId: string, materiaId: string, sedeId: string): Promise<string> {
	const input = ProcedimentoInput.parse({
		richiestaId,
		sedeId,
		dataDeposito: '2026-11-02',
		modalita: 'telematica',
		tipologia: 'volontaria',
		materiaId,
		oggetto: 'Spese della facciata',
		valoreTipo: 'determinato',
		valore: '18.500,00',
		parti: [
			{ ruolo: 'istante', tipo: 'fisica', nome: 'Mario', cognome: 'Rossi', codiceFiscale: CF.a, email: 'mario@example.it' },
			{
				ruolo: 'invitata',
				tipo: 'fisica',
				nome: 'Anna',
				cognome: 'Bianchi',
				codiceFiscale: cf('BNCNNA85M41F205'),
				email: 'anna@example.it'
			}
		]
	});
	const r = createProcedimento(db, segreteria, input);
	if (!r.ok) throw new Error(r.message);
	return r.id;
}

function destinatari(): RecipientInput[] {
	return [
		{ nome: 'Mario Rossi', qualifica: 'Parte', codiceFiscale: CF.a, email: 'mario@example.it' },
		{ nome: 'Luca Verdi', qualifica: 'Avvocato', codiceFiscale: CF.l, email: 'luca.verdi@pec.it', userId: avvocato.id },
		{
			nome: 'Carla Mediatrice',
			qualifica: 'Mediatore',
			codiceFiscale: CF.m,
			email: 'carla@example.it',
			userId: mediatore.id,
			mediatore: true
		}
	];
}

async function avvia(documentoId = pdfA, procedimentoId = casoA, sollecitoGiorni = 2): Promise<string> {
	const r = await avviaProcesso(deps(), segreteria, ctxOf(procedimentoId), {
		procedimentoId,
		documentoId,
		scadenza: new Date(Date.now() + 7 * 86_400_000),
		sollecitoGiorni,
		destinatari: destinatari()
	});
	if (!r.ok) throw new Error(r.message);
	return r.id;
}

const messaggiDi = (processoId: string) =>
	db
		.select()
		.from(messaggi)
		.where(like(messaggi.richiestaId, `firma:${processoId}:%`))
		.all();

const notificheDi = (userId: string) => db.select().from(notifiche).where(eq(notifiche.userId, userId)).all();

beforeAll(async () => {
	t = createTestDb();
	db = t.db;
	store = fileStoreFor(db);
	pki = await startTestPki();
	const o = createOrganismo(db);
	organismoId = o.organismoId;
	ensureReferenceData(db, organismoId);
	const u = async (role: Actor['role'], nome: string) => {
		const x = await createUser(db, organismoId, role, { nome, cognome: 'Prova' });
		return { kind: 'user', id: x.id, organismoId, role, sedeIds: null } as Actor;
	};
	segreteria = await u('segreteria', 'Sara');
	avvocato = await u('avvocato', 'Luca');
	mediatore = await u('mediatore', 'Carla');
	const materiaId = db
		.select({ id: materie.id })
		.from(materie)
		.where(and(eq(materie.organismoId, organismoId), eq(materie.nome, 'Condominio')))
		.get()!.id;
	casoA = await caso(`invii-a-${organismoId}`, materiaId, o.sedeId);
	casoB = await caso(`invii-b-${organismoId}`, materiaId, o.sedeId);
	const add = async (procedimentoId: string) => {
		const r = await addDocument(db, store, segreteria, ctxOf(procedimentoId), {
			procedimentoId,
			nomeFile: 'accordo.pdf',
			bytes: await samplePdf('Accordo')
		});
		if (!r.ok) throw new Error(r.message);
		return r.id;
	};
	pdfA = await add(casoA);
	pdfB = await add(casoB);
});
afterAll(async () => {
	await pki?.close();
	t?.cleanup();
});

describe('invii del processo di firma', () => {
	it('without a mail account: in-app notices only, and the history says the e-mail did not go', async () => {
		const id = await avvia();
		const r = await inviaRichieste(invio(), id, organismoId);
		expect(r).toEqual({ email: 0, senzaEmail: 2 });
		expect(messaggiDi(id)).toHaveLength(0);
		expect(notificheDi(avvocato.id).filter((n) => n.link?.includes(id))).toHaveLength(1);
		// The mediator is not invited yet (signs last).
		expect(notificheDi(mediatore.id).filter((n) => n.link?.includes(id))).toHaveLength(0);
		expect(repo.listEventi(db, id).map((e) => e.messaggio)).toContainEqual(
			expect.stringContaining('nessuna casella di posta configurata per l’Organismo')
		);
	});

	it('with a PEC account: one message per first-phase recipient through the outbox, the document attached, once', async () => {
		db.insert(casellePosta)
			.values({
				id: newId(),
				organismoId,
				canale: 'pec',
				nome: 'Organismo',
				indirizzo: 'organismo@pec.example.it',
				smtpHost: '127.0.0.1',
				smtpPort: 2525,
				smtpSicurezza: 'nessuna',
				utente: 'organismo',
				passwordCifrata: 'x'
			})
			.run();
		const id = await avvia();
		expect(await inviaRichieste(invio(), id, organismoId)).toEqual({ email: 2, senzaEmail: 0 });
		const sent = messaggiDi(id);
		expect(sent.map((m) => m.canale)).toEqual(['pec', 'pec']);
		expect(sent.every((m) => m.procedimentoId === casoA && m.oggetto.includes('documento da firmare'))).toBe(true);
		const dest = repo.listDestinatari(db, id);
		const luca = dest.find((d) => d.nome === 'Luca Verdi')!;
		const toLuca = sent.find((m) => m.richiestaId === `firma:${id}:${luca.id}:invito:1`)!;
		expect(toLuca.testo).toContain(`https://accordo.example.it/procedimenti/${casoA}/firma/${id}/destinatario/${luca.id}`);
		const allegati = db.select().from(messaggiAllegati).where(eq(messaggiAllegati.messaggioId, toLuca.id)).all();
		expect(allegati.map((a) => a.documentoId)).toEqual([pdfA]);
		// Sending again (a retried request) queues nothing new.
		expect(await inviaRichieste(invio(), id, organismoId)).toEqual({ email: 0, senzaEmail: 0 });
		expect(messaggiDi(id)).toHaveLength(2);
		// The final transmission: every signer, the current document attached.
		expect(await trasmettiFirmato(invio(), id, organismoId)).toEqual({ email: 3, senzaEmail: 0 });
		expect(notificheDi(mediatore.id).some((n) => n.titolo === 'Documento firmato da tutti')).toBe(true);
	});

	it('the firma.solleciti job reminds who has not signed once the interval passed, then expires the process', async () => {
		const id = await avvia(pdfA, casoA, 1);
		const job = sollecitiFirma({ origin: 'https://accordo.example.it' });
		const run = () =>
			job.run({
				db,
				payload: {},
				job: { id: 1, organismoId: null, idempotencyKey: null, attempt: 1, maxAttempts: 5 },
				signal: new AbortController().signal,
				enqueue: () => ({ id: 0, created: false })
			});
		// Not yet due: nothing.
		await run();
		expect(messaggiDi(id).filter((m) => m.richiestaId!.includes(':sollecito:'))).toHaveLength(0);
		// A day and a bit later (the process was created "yesterday").
		repo.updateProcesso(db, id, { createdAt: new Date(Date.now() - 26 * 3600_000) });
		const summary = (await run()) as { sollecitati: number };
		expect(summary.sollecitati).toBeGreaterThanOrEqual(2);
		const reminders = messaggiDi(id).filter((m) => m.richiestaId!.includes(':sollecito:'));
		expect(reminders).toHaveLength(2);
		expect(reminders[0].oggetto).toContain('Promemoria');
		expect(repo.listDestinatari(db, id).filter((d) => d.ultimoSollecito)).toHaveLength(2);
		// Past the deadline: scaduto, and the open recipients too.
		repo.updateProcesso(db, id, { scadenza: new Date(Date.now() - 60_000).toISOString() });
		await run();
		expect(repo.getProcesso(db, organismoId, id)!.stato).toBe('scaduto');
		expect(
			repo
				.listDestinatari(db, id)
				.filter((d) => d.fase === 1)
				.map((d) => d.stato)
		).toEqual(['scaduto', 'scaduto']);
	});

	it('a manual reminder goes to the open recipients; none once the process is closed', async () => {
		const id = await avvia();
		const r = sollecitaOra(db, segreteria, ctxOf(casoA), id);
		expect(r.ok && r.destinatari.map((d) => d.nome)).toEqual(['Mario Rossi', 'Luca Verdi']);
		expect(sollecitaOra(db, avvocato, ctxOf(casoA), id)).toMatchObject({ ok: false, code: 'forbidden' });
		expect(annulla(db, segreteria, ctxOf(casoA), id, 'errore nel testo').ok).toBe(true);
		expect(sollecitaOra(db, segreteria, ctxOf(casoA), id)).toMatchObject({ ok: false, code: 'conflict' });
	});
});

describe('the case boundary', () => {
	it('a process of another case is not found through this case, even for who manages both', async () => {
		const id = await avvia(pdfB, casoB);
		const a = ctxOf(casoA);
		const d = repo.listDestinatari(db, id)[0];
		expect(annulla(db, segreteria, a, id, 'prova')).toMatchObject({ ok: false, code: 'not_found' });
		expect(await verificaMediatore(deps(), segreteria, a, id)).toMatchObject({ ok: false, code: 'not_found' });
		expect(await caricaFirmato(deps(), segreteria, a, id, d.id, { nomeFile: 'x.pdf', bytes: new Uint8Array(10) })).toMatchObject({
			ok: false,
			code: 'not_found'
		});
		expect(sollecitaOra(db, segreteria, a, id)).toMatchObject({ ok: false, code: 'not_found' });
		expect(repo.getProcesso(db, organismoId, id)!.stato).toBe('in_corso');
	});
});

describe('the local provider over a directory', () => {
	it('loads credentials as they appear, writes each OTP to a file, signs only the authorized hash; bad files are skipped', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'accordo-provider-'));
		const p = new DirectoryCscProvider(dir);
		expect(await p.listCredentials(CF.l)).toEqual([]);
		const c = pki.issue({ name: 'Luca Verdi', cf: CF.l });
		mkdirSync(join(dir, 'credenziali'));
		writeFileSync(join(dir, 'credenziali', 'rotto.json'), JSON.stringify({ id: 'x' }));
		writeFileSync(
			join(dir, 'credenziali', 'luca.json'),
			JSON.stringify({
				id: 'cred-luca',
				nome: c.name,
				codiceFiscale: CF.l.toLowerCase(),
				certificatePem: c.pem,
				keyPem: readFileSync(c.keyPath, 'utf8')
			})
		);
		const [cred] = await p.listCredentials(CF.l);
		expect(cred.id).toBe('cred-luca');
		expect(Buffer.from(cred.certificate).equals(Buffer.from(c.der))).toBe(true);
		await p.sendOtp('cred-luca');
		const otpFile = join(dir, 'otp', 'cred-luca.txt');
		expect(existsSync(otpFile)).toBe(true);
		const otp = readFileSync(otpFile, 'utf8');
		expect(otp).toMatch(/^\d{6}$/);
		const hash = new Uint8Array(32).fill(7);
		await expect(p.authorize('cred-luca', otp === '000000' ? '111111' : '000000', [hash])).rejects.toThrow('Codice OTP errato o scaduto.');
		const sad = await p.authorize('cred-luca', otp, [hash]);
		await expect(p.signHash('cred-luca', sad, [new Uint8Array(32).fill(8)])).rejects.toThrow('Impronta non autorizzata.');
		const sad2 = (await p.sendOtp('cred-luca'), await p.authorize('cred-luca', readFileSync(otpFile, 'utf8'), [hash]));
		const [sig] = await p.signHash('cred-luca', sad2, [hash]);
		expect(sig.length).toBe(256);
		await expect(p.issueOneShot({ nome: 'X', codiceFiscale: CF.a, identificazione: 'SPID' })).rejects.toThrow('one-shot');
	});
});
