import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#db/client.ts';
import { fileSentMessage } from '#db/comunicazioni/evidence.ts';
import { pollMailbox } from '#db/comunicazioni/mailbox.ts';
import { composeEml, sendOutboxMessage, type MailDeps } from '#db/comunicazioni/outbox.ts';
import { destinatariOf, getMessaggio, listMessaggiProcedimento, listPostaArrivo } from '#db/comunicazioni/repo.ts';
import { messaggi, ricevute } from '#db/comunicazioni/schema.ts';
import { CasellaInput } from '#db/comunicazioni/schemas.ts';
import { credentialsKey } from '#db/comunicazioni/secret.ts';
import { destinatariComunicazione, inviaComunicazione, registraArrivo, saveCasella } from '#db/comunicazioni/service.ts';
import { fileStoreFor } from '#db/documents/storage.ts';
import { createProcedimento } from '#db/procedimenti/repo.ts';
import { centriInteresse, documenti, procedimenti, protocollo } from '#db/schema.ts';
import { caseInput, cf, parte } from '../helpers/procedimenti.ts';
import { createOrganismo, createTestDb, createUser } from '../helpers/db.ts';
import { startPecHarness, type PecHarness } from '../helpers/mail/index.ts';

// A convocazione by PEC through the fake provider (smtp-server) and a real Dovecot: receipts read back
// over IMAP, verified with OpenSSL against the test CA, linked, stored in the fascicolo and protocollo.
let h: PecHarness;
let t: ReturnType<typeof createTestDb>;
let db: Db;
let deps: MailDeps;
let org: { organismoId: string; sedeId: string };
let segreteria: Awaited<ReturnType<typeof createUser>>;
let casellaId: string;
let box: { address: string; password: string };
const env = { ACCORDO_CREDENTIALS_KEY: randomBytes(32).toString('base64') };

beforeAll(async () => {
	h = await startPecHarness();
	t = createTestDb();
	db = t.db;
	org = createOrganismo(db);
	segreteria = await createUser(db, org.organismoId, 'segreteria');
	const admin = await createUser(db, org.organismoId, 'amministratore');
	box = h.mailbox('organismo');
	const input = CasellaInput.parse({
		canale: 'pec',
		nome: 'Organismo di prova',
		indirizzo: box.address,
		smtpHost: h.smtp.host,
		smtpPort: String(h.smtp.port),
		smtpSicurezza: 'nessuna',
		imapHost: h.imap.host,
		imapPort: String(h.imap.port),
		imapSicurezza: 'nessuna',
		utente: box.address,
		password: box.password,
		gestoriFidati: h.ca.caPem,
		attiva: 'on'
	});
	const saved = saveCasella(db, admin, input, credentialsKey(env));
	if (!saved.ok) throw new Error(saved.message);
	casellaId = saved.id;
	deps = { store: fileStoreFor(db), key: Buffer.from(env.ACCORDO_CREDENTIALS_KEY, 'base64'), onSent: fileSentMessage };
});
afterAll(async () => {
	await h?.stop();
	t?.cleanup();
});

let seq = 0;
/** A new case whose invited party has the given PEC (a mailbox of the harness or another domain). */
function newCase(pec: string | null, email: string | null = null) {
	seq++;
	const input = caseInput(db, org.organismoId, org.sedeId, {
		parti: [
			parte({ ruolo: 'istante' }),
			parte({ ruolo: 'invitata', nome: 'Bruno', cognome: `Neri${seq}`, codiceFiscale: cf(`NREBRN75B02H${500 + seq}`), email, pec })
		]
	});
	const r = createProcedimento(db, segreteria, input);
	if (!r.ok) throw new Error(r.message);
	const dest = destinatariComunicazione(db, r.id);
	return { id: r.id, soggettoId: dest[0].soggettoId, dest };
}

async function queue(caseId: string, soggettoId: string, canale: 'pec' | 'email' = 'pec') {
	const r = await inviaComunicazione(db, deps.store, segreteria, caseId, {
		richiestaId: randomUUID(),
		atto: 'convocazione',
		destinatari: [{ soggettoId, canale }]
	});
	if (!r.ok) throw new Error(r.message);
	return r.ids[0];
}

describe('comunicazione by PEC', () => {
	it('is sent once, accepted and delivered: both signed receipts linked, stored in the fascicolo and registered in the protocollo', async () => {
		const party = h.mailbox('bruno.neri');
		const c = newCase(party.address);
		expect(c.dest[0].canale).toBe('pec'); // PEC is the default when the person has one
		const id = await queue(c.id, c.soggettoId);
		expect(getMessaggio(db, id)!.stato).toBe('in_coda');

		const sent = await sendOutboxMessage(db, id, deps);
		expect(sent.outcome).toBe('sent');
		const poll = await pollMailbox(db, casellaId, deps);
		expect(poll).toMatchObject({ ok: true, ricevute: 2 });

		const m = getMessaggio(db, id)!;
		expect(m.stato).toBe('inviato');
		const [d] = destinatariOf(db, id);
		expect(d.stato).toBe('consegnato');
		expect(d.consegnatoIl).toMatch(/^\d{4}-\d{2}-\d{2}T/);

		const rs = db.select().from(ricevute).where(eq(ricevute.messaggioId, id)).all();
		expect(rs.map((r) => [r.tipo, r.firmaValida]).sort()).toEqual([
			['accettazione', true],
			['avvenuta-consegna', true]
		]);
		// Evidence: the sent .eml and both receipts are fascicolo documents with their SHA-256, each registered.
		const docs = db.select().from(documenti).where(eq(documenti.procedimentoId, c.id)).all();
		expect(docs).toHaveLength(3);
		for (const doc of docs) {
			const bytes = readFileSync(deps.store.path(doc.sha256));
			expect(createHash('sha256').update(bytes).digest('hex')).toBe(doc.sha256);
		}
		expect(docs.find((x) => x.id === m.documentoId)!.sha256).toBe(m.emlSha256);
		const prot = db.select().from(protocollo).where(eq(protocollo.procedimentoId, c.id)).all();
		expect(prot.map((p) => p.direzione).sort()).toEqual(['entrata', 'entrata', 'uscita']);
		const uscita = prot.find((p) => p.direzione === 'uscita')!;
		expect(uscita.id).toBe(m.protocolloId);
		for (const r of rs) {
			expect(r.documentoId).toBeTruthy();
			expect(prot.find((p) => p.id === r.protocolloId)!.oggetto).toContain(`rif. prot. n. ${uscita.anno}/${uscita.numero}`);
		}
		// The complete delivery receipt embeds the very message that was sent.
		const consegna = rs.find((r) => r.tipo === 'avvenuta-consegna')!;
		expect(readFileSync(deps.store.path(consegna.sha256), 'utf8')).toContain(m.messageId);
		// The legal date of the communication to the invited party is set from the delivery.
		const centro = db.select().from(centriInteresse).where(eq(centriInteresse.id, m.centroId!)).get()!;
		expect(centro.dataInvioComunicazione).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		expect(h.provider.deliveries(m.messageId)).toBe(1);

		// A second poll reads nothing new and changes nothing.
		expect(await pollMailbox(db, casellaId, deps)).toMatchObject({ ok: true, letti: 0 });
		expect(listMessaggiProcedimento(db, c.id)[0].eventi.map((e) => e.stato)).toEqual(['in_coda', 'inviato', 'accettato', 'consegnato']);
	});

	it("errore di consegna: the recipient is marked with the provider's reason, nothing counts as delivered", async () => {
		const party = h.mailbox('casella.piena');
		h.provider.rule(party.address, 'errore-consegna');
		const c = newCase(party.address);
		const id = await queue(c.id, c.soggettoId);
		await sendOutboxMessage(db, id, deps);
		await pollMailbox(db, casellaId, deps);
		const [d] = destinatariOf(db, id);
		expect(d.stato).toBe('errore_consegna');
		expect(d.errore).toContain('Casella inesistente');
		expect(d.consegnatoIl).toBeNull();
		const centro = db
			.select()
			.from(centriInteresse)
			.where(eq(centriInteresse.id, getMessaggio(db, id)!.centroId!))
			.get()!;
		expect(centro.dataInvioComunicazione).toBeNull();
	});

	it('non accettazione: the provider refuses the message, the recipient is non accettato', async () => {
		const party = h.mailbox('rifiutata');
		h.provider.rule(party.address, 'non-accettazione');
		const c = newCase(party.address);
		const id = await queue(c.id, c.soggettoId);
		await sendOutboxMessage(db, id, deps);
		await pollMailbox(db, casellaId, deps);
		expect(destinatariOf(db, id)[0].stato).toBe('non_accettato');
	});

	it('provider down then up: the outage is visible, the message waits and is delivered exactly once', async () => {
		const party = h.mailbox('dopo.guasto');
		const c = newCase(party.address);
		const id = await queue(c.id, c.soggettoId);
		await h.provider.down();
		try {
			const first = await sendOutboxMessage(db, id, deps);
			expect(first).toMatchObject({ outcome: 'retry' });
			const m = getMessaggio(db, id)!;
			expect(m.stato).toBe('in_coda');
			expect(m.ultimoErrore).toMatch(/rifiuta la connessione/);
			expect(m.prossimoTentativo).toBeGreaterThan(Date.now());
			// Not due yet: a second worker does nothing.
			expect(await sendOutboxMessage(db, id, deps)).toEqual({ outcome: 'skipped' });
		} finally {
			await h.provider.up();
		}
		const later = { ...deps, now: () => new Date(Date.now() + 60_000) };
		// Two senders race for the due message: exactly one sends.
		const [a, b] = await Promise.all([sendOutboxMessage(db, id, later), sendOutboxMessage(db, id, later)]);
		expect([a.outcome, b.outcome].sort()).toEqual(['sent', 'skipped']);
		await pollMailbox(db, casellaId, deps);
		const m = getMessaggio(db, id)!;
		expect(m.tentativi).toBe(2);
		expect(destinatariOf(db, id)[0].stato).toBe('consegnato');
		expect(h.provider.deliveries(m.messageId)).toBe(1);
		expect(h.provider.submissions.filter((s) => s.messageId === m.messageId)).toHaveLength(1);
		expect(await sendOutboxMessage(db, id, later)).toEqual({ outcome: 'skipped' });
	});

	for (const kind of ['firma-estranea', 'alterata', 'senza-firma'] as const) {
		it(`a forged delivery receipt (${kind}) is kept and shown as not valid, and does not count as proof`, async () => {
			const party = h.mailbox(`falso.${kind}`);
			const c = newCase(party.address);
			const id = await queue(c.id, c.soggettoId);
			h.provider.forgeNext(kind);
			await sendOutboxMessage(db, id, deps);
			await pollMailbox(db, casellaId, deps);
			const [d] = destinatariOf(db, id);
			expect(d.stato).toBe('accettato');
			expect(d.consegnatoIl).toBeNull();
			const forged = db
				.select()
				.from(ricevute)
				.where(eq(ricevute.messaggioId, id))
				.all()
				.find((r) => r.tipo === 'avvenuta-consegna')!;
			expect(forged.firmaValida).toBe(false);
			expect(forged.documentoId).toBeNull();
			expect(forged.protocolloId).toBeNull();
			const reason = { 'firma-estranea': /non emesso da un gestore fidato/, alterata: /alterato/, 'senza-firma': /firma assente/ }[kind];
			expect(forged.firmaEsito).toMatch(reason);
			const ev = listMessaggiProcedimento(db, c.id)[0].eventi.find((e) => e.stato === 'ricevuta_non_valida')!;
			expect(ev.descrizione).toMatch(/NON VALIDA .* non vale come prova/);
		});
	}

	it('a PEC to an address of another, non-PEC domain gets the acceptance only (no delivery receipt)', async () => {
		const c = newCase('bruno@posta-ordinaria.example');
		const id = await queue(c.id, c.soggettoId);
		await sendOutboxMessage(db, id, deps);
		await pollMailbox(db, casellaId, deps);
		expect(destinatariOf(db, id)[0].stato).toBe('accettato');
	});

	it('bad input: a PEC to a party without PEC, or with no mailbox configured for e-mail, is refused in Italian and queues nothing', async () => {
		const c = newCase(null, 'solo.email@example.it');
		const before = db.select().from(messaggi).all().length;
		const pec = await inviaComunicazione(db, deps.store, segreteria, c.id, {
			richiestaId: randomUUID(),
			atto: 'comunicazione_istanza',
			destinatari: [{ soggettoId: c.soggettoId, canale: 'pec' }]
		});
		expect(pec).toMatchObject({ ok: false, code: 'invalid', message: expect.stringContaining('non ha un indirizzo PEC') });
		const email = await inviaComunicazione(db, deps.store, segreteria, c.id, {
			richiestaId: randomUUID(),
			atto: 'comunicazione_istanza',
			destinatari: [{ soggettoId: c.soggettoId, canale: 'email' }]
		});
		expect(email).toMatchObject({ ok: false, message: expect.stringContaining('Nessuna casella E-mail configurata') });
		expect(db.select().from(messaggi).all()).toHaveLength(before);
	});

	it('a double click queues one message per recipient', async () => {
		const party = h.mailbox('doppio.click');
		const c = newCase(party.address);
		const input = {
			richiestaId: randomUUID(),
			atto: 'comunicazione_istanza' as const,
			destinatari: [{ soggettoId: c.soggettoId, canale: 'pec' as const }]
		};
		const [a, b] = await Promise.all([
			inviaComunicazione(db, deps.store, segreteria, c.id, input),
			inviaComunicazione(db, deps.store, segreteria, c.id, input)
		]);
		expect(a.ok && b.ok && a.ids[0] === b.ids[0]).toBe(true);
		expect(db.select().from(messaggi).where(eq(messaggi.procedimentoId, c.id)).all()).toHaveLength(1);
	});

	it('an incoming PEC lands in Posta in arrivo with its sender matched, and is registered into a case once', async () => {
		const party = h.mailbox('mittente.noto');
		const c = newCase(party.address);
		const raw = await composeEml({
			from: { name: 'Bruno Neri', address: party.address },
			to: [{ name: 'Organismo', address: box.address }],
			subject: 'Adesione alla mediazione',
			text: 'Aderisco.',
			messageId: `<adesione-${randomUUID()}@pec.prova.it>`,
			date: new Date(),
			attachments: [{ filename: 'adesione.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4\n%%EOF\n') }]
		});
		await h.provider.inject(party.address, [box.address], raw);
		await pollMailbox(db, casellaId, deps);
		const [a] = listPostaArrivo(db, org.organismoId).filter((x) => x.oggetto === 'Adesione alla mediazione');
		expect(a).toMatchObject({ pec: true, firmaValida: true, mittente: party.address, allegati: 1, stato: 'da_registrare' });
		expect(a.personaNome).toContain('Bruno');
		const p = db.select().from(protocollo).all().length;
		const { anno, numero } = db.select().from(procedimenti).where(eq(procedimenti.id, c.id)).get()!;
		const first = await registraArrivo(db, deps.store, segreteria, a.id, { anno, numero });
		const again = await registraArrivo(db, deps.store, segreteria, a.id, { anno, numero });
		expect(first).toMatchObject({ ok: true, procedimentoId: c.id, duplicate: false });
		expect(again).toMatchObject({ ok: true, duplicate: true });
		expect(first.ok && again.ok && first.protocollo === again.protocollo).toBe(true);
		expect(db.select().from(protocollo).all()).toHaveLength(p + 1);
		const docs = db.select().from(documenti).where(eq(documenti.procedimentoId, c.id)).all();
		expect(docs.map((d) => d.nomeFile)).toEqual(['posta-certificata.eml']);
		expect(listPostaArrivo(db, org.organismoId).find((x) => x.id === a.id)).toBeUndefined();
		expect(await registraArrivo(db, deps.store, segreteria, a.id, { anno: 1999, numero: 1 })).toMatchObject({ ok: true, duplicate: true });
	});

	it('IMAP down: the poll fails with an Italian message recorded on the account, nothing is lost', async () => {
		const admin = await createUser(db, org.organismoId, 'amministratore');
		const closed = await (await import('../helpers/mail/dovecot.ts')).freePort();
		const saved = saveCasella(
			db,
			admin,
			CasellaInput.parse({
				canale: 'pec',
				nome: 'Guasta',
				indirizzo: box.address,
				smtpHost: '127.0.0.1',
				smtpPort: String(closed),
				smtpSicurezza: 'nessuna',
				imapHost: '127.0.0.1',
				imapPort: String(closed),
				imapSicurezza: 'nessuna',
				utente: box.address,
				password: box.password,
				attiva: ''
			}),
			credentialsKey(env)
		);
		if (!saved.ok) throw new Error(saved.message);
		const r = await pollMailbox(db, saved.id, deps);
		expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/rifiuta la connessione/) });
	});
});
