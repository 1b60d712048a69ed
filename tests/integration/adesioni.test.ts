import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '#db/access/index.ts';
import { canViewDocument } from '#db/access/index.ts';
import type { Db } from '#db/client.ts';
import { AdesioneAvvocatoInput, CodiciInput, RifiutoInput } from '#db/adesioni/schemas.ts';
import {
	apriAccesso,
	completaAdesione,
	creaLinkAvvocato,
	registraAvvocato,
	rifiuta,
	verificaCodici,
	WRONG_CODES
} from '#db/adesioni/service.ts';
import { createAccesso } from '#db/adesioni/repo.ts';
import { RegistrazioneAvvocatoInput } from '#db/adesioni/schemas.ts';
import { findAccountByEmail, findMembership } from '#db/auth/memberships.ts';
import type { AdesioneLimits } from '#db/adesioni/repo.ts';
import { listDocumentSeries } from '#db/documents/repo.ts';
import { fileStoreFor, type FileStore } from '#db/documents/storage.ts';
import { depositaAtti, ricevutaDeposito } from '#db/portale/deposito.ts';
import { datiScadenze } from '#db/deadlines/repo.ts';
import { loadCaseContext } from '#db/procedimenti/context.ts';
import { createProcedimento } from '#db/procedimenti/repo.ts';
import {
	adesioniRisposte,
	assegnazioni,
	auditLog,
	casellePosta,
	centriInteresse,
	documenti,
	messaggi,
	notifiche,
	protocollo,
	soggetti
} from '#db/schema.ts';
import { newId } from '#db/shared/ids.ts';
import { createOrganismo, createTestDb, createUser } from '../helpers/db.ts';
import { sampleExe, samplePdf } from '../helpers/documents-samples.ts';
import { caseInput, cf, parte } from '../helpers/procedimenti.ts';

let t: ReturnType<typeof createTestDb>;
let db: Db;
let store: FileStore;
let orgId: string;
let otherOrg: string;
let caso: { id: string; anno: number; numero: number };
const who: Record<string, UserActor & { email: string }> = {};
const deps = () => ({ db, store, origin: 'https://odm.example.it' });

const centri = () =>
	db
		.select()
		.from(centriInteresse)
		.where(and(eq(centriInteresse.procedimentoId, caso.id), eq(centriInteresse.ruolo, 'invitata')))
		.orderBy(centriInteresse.ordine)
		.all();
const audits = (action: string) => db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, action)).get()!.n;
const codici = (codice: string, numero = `${caso.anno}/${caso.numero}`, sito = '') => CodiciInput.parse({ numero, codice, sito });
/** Later than every lock the brute-force tests leave behind. */
const AFTER_LOCKS = Date.now() + 3 * 3600_000;
const LIMITS: AdesioneLimits = { windowMs: 15 * 60_000, maxPerNumero: 3, maxPerIp: 6 };
const avvInput = (over: Record<string, string> = {}) =>
	AdesioneAvvocatoInput.parse({
		nome: 'Ugo',
		cognome: 'Difensore',
		codiceFiscale: cf('DFNUGO70A01F205'),
		foro: 'Milano',
		pec: 'ugo.difensore@pec.example.it',
		consensoTelematica: 'si',
		delega: 'on',
		...over
	});

beforeAll(async () => {
	t = createTestDb();
	db = t.db;
	store = fileStoreFor(db);
	const org = createOrganismo(db, { slug: 'odm-prova' });
	orgId = org.organismoId;
	otherOrg = createOrganismo(db, { slug: 'altro-odm' }).organismoId;
	for (const [k, role, email] of [
		['segreteria', 'segreteria', 'segr@example.it'],
		['mediatore', 'mediatore', 'med@example.it'],
		['avvIstante', 'avvocato', 'avv.istante@example.it'],
		['avvInvitata', 'avvocato', 'avv.invitata@example.it'],
		['parteIstante', 'parte', 'istante@example.it']
	] as const)
		who[k] = { ...(await createUser(db, orgId, role, { email })), sedeIds: null };
	who.avvAltroOdm = { ...(await createUser(db, otherOrg, 'avvocato', { email: 'avv.altro@example.it' })), sedeIds: null };
	const r = createProcedimento(
		db,
		who.segreteria,
		caseInput(db, orgId, org.sedeId, {
			parti: [
				parte({ ruolo: 'istante', email: 'istante@example.it', avvNome: 'Ida', avvCognome: 'Istante', avvEmail: 'avv.istante@example.it' }),
				parte({
					ruolo: 'invitata',
					centro: 1,
					nome: 'Bruno',
					cognome: 'Neri',
					codiceFiscale: cf('NREBRN75B02H501'),
					email: 'bruno@example.it'
				}),
				parte({
					ruolo: 'invitata',
					centro: 2,
					nome: 'Carla',
					cognome: 'Rossi',
					codiceFiscale: cf('RSSCRL80A41F205'),
					email: 'carla@example.it'
				})
			]
		})
	);
	if (!r.ok) throw new Error(r.message);
	caso = r;
	db.insert(assegnazioni)
		.values({ id: newId(), procedimentoId: caso.id, mediatoreId: who.mediatore.id, metodo: 'scelta_responsabile', stato: 'accettata' })
		.run();
	// An e-mail account of the Organismo: the notices are queued in its outbox.
	db.insert(casellePosta)
		.values({
			id: newId(),
			organismoId: orgId,
			canale: 'email',
			nome: 'Segreteria',
			indirizzo: 'segreteria@odm.example.it',
			smtpHost: '127.0.0.1',
			smtpPort: 2525,
			smtpSicurezza: 'nessuna',
			utente: 'segreteria@odm.example.it',
			passwordCifrata: 'x'
		})
		.run();
});

afterAll(() => t.cleanup());

describe('codes: Italian messages for bad input', () => {
	it('refuses a malformed numero or code before looking anything up', () => {
		const bad = CodiciInput.safeParse({ numero: '12-2026x', codice: 'abc' });
		expect(bad.success).toBe(false);
		const msgs = bad.error!.issues.map((i) => i.message);
		expect(msgs).toContain('Numero di istanza non valido: scrivilo come anno/numero, per esempio 2026/12.');
		expect(msgs).toContain('Codice di adesione non valido: controlla di averlo copiato per intero.');
		expect(RifiutoInput.safeParse({ motivo: 'x' }).error!.issues[0].message).toBe('Conferma di voler rifiutare l’invito.');
		expect(AdesioneAvvocatoInput.safeParse({ ...avvInput(), codiceFiscale: 'XYZ' }).success).toBe(false);
	});
});

describe('brute force', () => {
	it('locks a numero after a few wrong codes (even the right code is then refused) and audits every attempt', () => {
		const [c1] = centri();
		const now = Date.now();
		for (let i = 0; i < LIMITS.maxPerNumero; i++) {
			const r = verificaCodici(db, orgId, codici('aaaaaaaaaaaaaaaa'), `10.0.0.${i}`, LIMITS, now + i);
			expect(r).toMatchObject({ ok: false, code: 'invalid', message: WRONG_CODES });
		}
		expect(audits('adesione.codice_errato')).toBe(LIMITS.maxPerNumero);
		const locked = verificaCodici(db, orgId, codici(c1.codiceAdesione!), '10.0.1.1', LIMITS, now + 10);
		expect(locked).toMatchObject({ ok: false, code: 'too_many' });
		expect(audits('adesione.bloccata')).toBe(1);
		// After the window the owner gets in with the right code.
		const later = verificaCodici(db, orgId, codici(c1.codiceAdesione!.toUpperCase()), '10.0.1.1', LIMITS, now + LIMITS.windowMs + 20);
		expect(later.ok).toBe(true);
		expect(audits('adesione.codice_verificato')).toBe(1);
	});

	it('locks an address trying many numeri, and the honeypot counts as a wrong code', () => {
		const now = Date.now() + 3_600_000;
		for (let i = 0; i < LIMITS.maxPerIp - 1; i++)
			verificaCodici(db, orgId, codici('bbbbbbbbbbbbbbbb', `2026/${900 + i}`), '192.0.2.7', LIMITS, now + i);
		const [c1] = centri();
		const robot = verificaCodici(db, orgId, codici(c1.codiceAdesione!, undefined, 'http://spam'), '192.0.2.7', LIMITS, now + 50);
		expect(robot).toMatchObject({ ok: false, code: 'invalid' });
		const r = verificaCodici(db, orgId, codici(c1.codiceAdesione!), '192.0.2.7', LIMITS, now + 60);
		expect(r).toMatchObject({ ok: false, code: 'too_many' });
		// Another address is not affected.
		expect(verificaCodici(db, orgId, codici(c1.codiceAdesione!), '192.0.2.8', LIMITS, now + 70).ok).toBe(true);
	});

	it('a code of one Organismo opens nothing on another Organismo’s page', () => {
		const [c1] = centri();
		expect(verificaCodici(db, otherOrg, codici(c1.codiceAdesione!), '198.51.100.1', LIMITS)).toMatchObject({ ok: false, code: 'invalid' });
	});
});

describe('answers', () => {
	it('the second invited party refuses alone: recorded, deadlines follow, everyone notified in the app and by e-mail', async () => {
		const [, c2] = centri();
		const entry = verificaCodici(db, orgId, codici(c2.codiceAdesione!), '203.0.113.5', LIMITS, AFTER_LOCKS);
		if (!entry.ok) throw new Error(entry.message);
		const r = await rifiuta(deps(), orgId, entry.token, RifiutoInput.parse({ motivo: 'Nessun interesse', conferma: 'on' }));
		expect(r.ok).toBe(true);
		const row = db.select().from(centriInteresse).where(eq(centriInteresse.id, c2.id)).get()!;
		expect(row.adesione).toBe('rifiutato');
		expect(row.dataAdesione).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		expect(db.select().from(adesioniRisposte).where(eq(adesioniRisposte.centroId, c2.id)).get()).toMatchObject({
			risposta: 'rifiutato',
			modalita: 'online_parte',
			motivo: 'Nessun interesse'
		});
		const notified = db
			.select({ userId: notifiche.userId })
			.from(notifiche)
			.where(eq(notifiche.organismoId, orgId))
			.all()
			.map((n) => n.userId);
		expect(notified).toEqual(expect.arrayContaining([who.segreteria.id, who.mediatore.id, who.avvIstante.id]));
		expect(notified).not.toContain(who.parteIstante.id);
		const mails = db.select().from(messaggi).where(eq(messaggi.procedimentoId, caso.id)).all();
		expect(mails.length).toBeGreaterThanOrEqual(3);
		expect(mails[0].oggetto).toContain(`n. ${caso.anno}/${caso.numero} — mancata adesione`);
		// A second answer is refused: the first stands.
		const again = await rifiuta(deps(), orgId, entry.token, RifiutoInput.parse({ conferma: 'on' }));
		expect(again).toMatchObject({ ok: false, code: 'conflict' });
		expect(creaLinkAvvocato(db, orgId, entry.token)).toMatchObject({ ok: false, code: 'conflict' });
	});

	it('the first invited party adheres through its lawyer: a bad file changes nothing; then the lawyer joins the case, files go to protocollo', async () => {
		const [c1] = centri();
		const entry = verificaCodici(db, orgId, codici(c1.codiceAdesione!), '203.0.113.6', LIMITS, AFTER_LOCKS);
		if (!entry.ok) throw new Error(entry.message);
		const link = creaLinkAvvocato(db, orgId, entry.token);
		if (!link.ok) throw new Error(link.message);
		// The party's own page token is not a lawyer's link, and vice versa.
		expect(apriAccesso(db, orgId, entry.token, 'avvocato')).toBeNull();
		expect(apriAccesso(db, orgId, link.token, 'parte')).toBeNull();
		expect(await completaAdesione(deps(), who.avvInvitata, entry.token, avvInput(), [])).toMatchObject({ code: 'not_found' });
		// Only a lawyer of this Organismo completes it.
		expect(await completaAdesione(deps(), who.parteIstante, link.token, avvInput(), [])).toMatchObject({ ok: false });
		expect(await completaAdesione(deps(), who.avvAltroOdm, link.token, avvInput(), [])).toMatchObject({ code: 'not_found' });

		const before = {
			soggetti: db.select({ n: count() }).from(soggetti).get()!.n,
			docs: db.select({ n: count() }).from(documenti).get()!.n
		};
		const bad = await completaAdesione(deps(), who.avvInvitata, link.token, avvInput(), [{ nome: 'virus.exe', bytes: sampleExe() }]);
		expect(bad).toMatchObject({ ok: false, code: 'invalid' });
		expect(db.select({ n: count() }).from(soggetti).get()!.n).toBe(before.soggetti);
		expect(db.select({ n: count() }).from(documenti).get()!.n).toBe(before.docs);
		expect(db.select().from(centriInteresse).where(eq(centriInteresse.id, c1.id)).get()!.adesione).toBe('in_attesa');

		const done = await completaAdesione(deps(), who.avvInvitata, link.token, avvInput(), [
			{ nome: 'delega.pdf', bytes: await samplePdf('Delega') }
		]);
		if (!done.ok) throw new Error(done.message);
		expect(done.protocollo).toMatch(/^\d{4}\/\d+$/);
		const ctx = loadCaseContext(db, caso.id)!;
		expect(ctx.lawyerUserIds).toContain(who.avvInvitata.id);
		expect(db.select().from(centriInteresse).where(eq(centriInteresse.id, c1.id)).get()!.adesione).toBe('aderito');
		const prot = db.select().from(protocollo).where(eq(protocollo.procedimentoId, caso.id)).all();
		expect(prot).toHaveLength(1);
		expect(prot[0]).toMatchObject({ direzione: 'entrata', autoreId: who.avvInvitata.id });
		// Every invited party has answered: the deadline for the answers is met.
		expect(datiScadenze(db, caso.id)!.dataRisposte).toBe(done.data);
		// The lawyer of the istante hears about it, in the app.
		expect(
			db
				.select({ n: count() })
				.from(notifiche)
				.where(
					and(
						eq(notifiche.userId, who.avvIstante.id),
						eq(notifiche.titolo, `Adesione della parte invitata — n. ${caso.anno}/${caso.numero}`)
					)
				)
				.get()!.n
		).toBe(1);
	});
});

describe('deposito atti', () => {
	it('a lawyer files a riservato document: protocollo in entrata with a receipt; the other side never sees it', async () => {
		const ctx = loadCaseContext(db, caso.id)!;
		const pdf = await samplePdf('Nota riservata per il mediatore');
		const richiestaId = crypto.randomUUID();
		const r = await depositaAtti(db, store, who.avvIstante, ctx, {
			richiestaId,
			titolo: 'Nota riservata',
			riservato: true,
			files: [{ nome: 'nota.pdf', bytes: pdf }]
		});
		if (!r.ok) throw new Error(r.message);
		const again = await depositaAtti(db, store, who.avvIstante, ctx, {
			richiestaId,
			titolo: 'Nota riservata',
			riservato: true,
			files: [{ nome: 'nota.pdf', bytes: pdf }]
		});
		expect(again).toMatchObject({ ok: true, duplicate: true, protocolloId: r.protocolloId });
		const titles = (actor: UserActor) => listDocumentSeries(db, actor, ctx, caso.id).flatMap((s) => s.versioni.map((v) => v.titolo));
		expect(titles(who.avvIstante)).toContain('Nota riservata');
		expect(titles(who.mediatore)).toContain('Nota riservata');
		expect(titles(who.avvInvitata)).not.toContain('Nota riservata');
		expect(titles(who.parteIstante)).not.toContain('Nota riservata');
		const doc = db.select().from(documenti).where(eq(documenti.titolo, 'Nota riservata')).all();
		expect(doc).toHaveLength(1);
		expect(canViewDocument(who.avvInvitata, ctx, { riservato: doc[0].riservato, authorId: doc[0].autoreId })).toBe(false);
		// The receipt: its author and the staff; not the other side.
		expect(ricevutaDeposito(db, who.avvIstante, ctx, r.protocolloId)).toMatchObject({
			ok: true,
			ricevuta: { protocollo: `${r.anno}/${r.numero}` }
		});
		expect(ricevutaDeposito(db, who.segreteria, ctx, r.protocolloId).ok).toBe(true);
		expect(ricevutaDeposito(db, who.avvInvitata, ctx, r.protocolloId)).toMatchObject({ ok: false, code: 'not_found' });
		// A bad file: nothing filed, no protocol number used.
		const n = db.select({ n: count() }).from(protocollo).get()!.n;
		const bad = await depositaAtti(db, store, who.avvIstante, ctx, {
			richiestaId: crypto.randomUUID(),
			titolo: null,
			riservato: false,
			files: [
				{ nome: 'ok.pdf', bytes: pdf },
				{ nome: 'x.exe', bytes: sampleExe() }
			]
		});
		expect(bad).toMatchObject({ ok: false, code: 'invalid' });
		expect(db.select({ n: count() }).from(protocollo).get()!.n).toBe(n);
	});
});

describe('a lawyer without an account', () => {
	it('registers from the adhesion link: account without password, lawyer membership, activation link by e-mail; a member is sent to the login', async () => {
		const [c1] = centri();
		const { token } = createAccesso(db, { organismoId: orgId, procedimentoId: caso.id, centroId: c1.id, tipo: 'avvocato' });
		const input = RegistrazioneAvvocatoInput.parse({ nome: 'Lia', cognome: 'Nuova', email: 'Lia.Nuova@Example.it' });
		expect(await registraAvvocato(deps(), otherOrg, token, input, '/x')).toMatchObject({ code: 'not_found' });
		const r = await registraAvvocato(deps(), orgId, token, input, '/o/odm-prova/adesione/avvocato/t');
		expect(r).toMatchObject({ ok: true, email: 'lia.nuova@example.it' });
		const u = findAccountByEmail(db, 'lia.nuova@example.it')!;
		expect(u.passwordHash).toBeNull();
		expect(findMembership(db, u.id, orgId)?.role).toBe('avvocato');
		const mail = db
			.select()
			.from(messaggi)
			.where(eq(messaggi.oggetto, 'Organismo di prova — attiva il tuo account per completare l’adesione'))
			.get()!;
		expect(mail.testo).toMatch(/\/invito\/[a-z2-7]{32}/);
		expect(await registraAvvocato(deps(), orgId, token, input, '/x')).toMatchObject({ code: 'conflict' });
		expect(RegistrazioneAvvocatoInput.safeParse({ nome: 'A', cognome: 'B', email: 'no' }).error!.issues[0].message).toBe(
			'Indirizzo e-mail non valido.'
		);
	});
});
